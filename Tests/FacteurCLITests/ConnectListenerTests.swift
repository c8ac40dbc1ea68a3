import FacteurTesting
import Foundation
import Testing

/// `facteur connect` receiving Qonto's redirect on its loopback listener (no paste): the "browser"
/// is curl following the authorize URL's redirect to the listener.
@Suite(.serialized, .processHeavy) struct ConnectListenerTests {
    /// A free TCP port on 127.0.0.1.
    func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length)
                return getsockname(fd, pointer, &length)
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    @Test func theRedirectIsReceivedOnTheLoopbackListener() async throws {
        let cli = try await CLIHarness(tls: nil)
        let sandbox = try await SandboxProcess(arguments: ["--invoices-per-year", "5", "--years", "1"], directory: cli.directory.path)
        defer { sandbox.stop() }
        cli.use(sandbox, .oauth)
        cli.settings["qonto_client_secret"] = "sandbox-client-secret"
        cli.settings["qonto_redirect_uri"] = "http://127.0.0.1:\(try freePort())/callback"
        let (connect, out, err) = try cli.start(["connect", "--timeout", "30"])
        var shown = await CLIHarness.read(out, of: connect) { $0.contains("Waiting for Qonto's redirect") }
        let url = try #require(shown.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.first { $0.contains("/oauth2/auth?") })
        // The browser: follow Qonto's redirect to the listener, which answers a short page
        let browser = Process()
        browser.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        browser.arguments = ["curl", "-s", "-L", "--max-time", "20", url]
        let page = Pipe()
        browser.standardOutput = page
        try browser.run()
        let html = String(decoding: await page.fileHandleForReading.readToEndOffPool(), as: UTF8.self)
        await browser.waitForExit()
        #expect(html.contains("Facteur received Qonto's answer"))
        shown += String(decoding: await out.fileHandleForReading.readToEndOffPool(), as: UTF8.self)
        let errors = String(decoding: await err.fileHandleForReading.readToEndOffPool(), as: UTF8.self)
        await connect.waitForExit()
        #expect(connect.terminationStatus == 0, "\(shown)\(errors)")
        #expect(shown.contains("connected to Qonto (scopes: offline_access supplier_invoice.read client_invoices.read attachment.read organization.read)"))
        // And the tokens work: a sync runs with them
        let sync = try await cli.run(["sync", "--json"])
        #expect(sync.status == 0, "\(sync.stderr)")
    }
}
