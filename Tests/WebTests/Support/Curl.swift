import Foundation

/// The curl command line, to send what a browser tricked by DNS rebinding sends: a foreign `Host`
/// and `Origin` to Facteur's loopback port. (HummingbirdTesting's clients always say `localhost`.)
enum CurlCLI {
    struct Response {
        let status: Int
        let body: String
    }

    /// `curl -s -o BODY -w %{http_code} [-H …] [--data …] http://127.0.0.1:PORT PATH`.
    static func request(port: Int, path: String, headers: [String] = [], form: String? = nil,
                        directory: String) async throws -> Response {
        guard let curl = ChildProcess.find("curl") else { throw TestFailure("curl is not installed") }
        let bodyPath = "\(directory)/curl-body-\(UUID().uuidString)"
        // Generous: a loaded two-core machine can keep the server from answering for a long while.
        var arguments = ["-s", "-o", bodyPath, "-w", "%{http_code}", "--max-time", "120"]
        for header in headers { arguments += ["-H", header] }
        if let form { arguments += ["--data", form] }
        arguments.append("http://127.0.0.1:\(port)\(path)")
        let result = try await ChildProcess.run(curl, arguments, outputDirectory: directory, timeout: .seconds(150))
        let body = (try? String(contentsOfFile: bodyPath, encoding: .utf8)) ?? ""
        return Response(status: Int(result.stdout) ?? 0, body: body)
    }
}
