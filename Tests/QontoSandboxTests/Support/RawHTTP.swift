import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A minimal HTTP/1.1 client over a blocking TCP socket, for tests only.
///
/// Real HTTP, but under the test's full control: it never follows redirects (the OAuth tests need
/// to see the `302`), it reads until the server closes, and it reports how many body bytes
/// actually arrived next to the announced `Content-Length` — which is how the truncated-download
/// fault is observed.
struct RawHTTP {
    struct Reply {
        var status: Int
        var headers: [(String, String)]
        /// The bytes received after the header block (possibly fewer than announced).
        var body: [UInt8]

        /// The first header with this name (case-insensitive).
        func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }

        var announcedLength: Int? { header("Content-Length").flatMap { Int($0) } }
        var text: String { String(decoding: body, as: UTF8.self) }

        /// The body parsed by Foundation's parser (independent of the sandbox's own JSON code).
        var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:]
        }

        var jsonArray: [[String: Any]] {
            (try? JSONSerialization.jsonObject(with: Data(body))) as? [[String: Any]] ?? []
        }

        /// `errors[0].code` of a JSON:API error body.
        var errorCode: String? { ((json["errors"] as? [[String: Any]])?.first?["code"]) as? String }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let port: Int

    /// Sends one request (with `Connection: close`) and reads the whole reply.
    ///
    /// The socket calls block, so each request runs on a thread of its own: blocking the Swift
    /// concurrency pool would starve the sandbox's own actors (on 2 cores the pool has 2 threads),
    /// and Dispatch's global queue grows too slowly when many parallel tests block in `read`.
    func send(_ method: String, _ target: String, headers: [(String, String)] = [], body: [UInt8] = []) async throws -> Reply {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try sendBlocking(method, target, headers: headers, body: body) })
            }
            thread.start()
        }
    }

    private func sendBlocking(_ method: String, _ target: String, headers: [(String, String)], body: [UInt8]) throws -> Reply {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure(description: "socket() failed") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "connect() to port \(port) failed") }

        var head = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if !body.isEmpty || method == "POST" { head += "Content-Length: \(body.count)\r\n" }
        let request = Array((head + "\r\n").utf8) + body
        var sent = 0
        while sent < request.count {
            let written = request[sent...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            guard written > 0 else { throw Failure(description: "write() failed") }
            sent += written
        }

        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            received += buffer[0..<count]
        }
        return try RawHTTP.parse(received)
    }

    /// `GET` with the default API key.
    func get(_ target: String, auth: String? = "facteur-demo:sandbox-secret-key", headers: [(String, String)] = []) async throws -> Reply {
        try await send("GET", target, headers: (auth.map { [("Authorization", $0)] } ?? []) + headers)
    }

    /// `POST` of a form body.
    func postForm(_ target: String, _ fields: [(String, String)]) async throws -> Reply {
        let body = fields.map { "\(RawHTTP.formEncode($0.0))=\(RawHTTP.formEncode($0.1))" }.joined(separator: "&")
        return try await send("POST", target, headers: [("Content-Type", "application/x-www-form-urlencoded")], body: Array(body.utf8))
    }

    /// `POST` of a JSON body.
    func postJSON(_ target: String, _ json: String) async throws -> Reply {
        try await send("POST", target, headers: [("Content-Type", "application/json")], body: Array(json.utf8))
    }

    static func formEncode(_ text: String) -> String {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    private static func parse(_ bytes: [UInt8]) throws -> Reply {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let end = (0..<max(0, bytes.count - 3)).first(where: { Array(bytes[$0..<$0 + 4]) == separator }) else {
            throw Failure(description: "no complete header block in \(bytes.count) bytes")
        }
        let lines = String(decoding: bytes[0..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw Failure(description: "bad status line \(lines[0])") }
        let headers = lines.dropFirst().compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        return Reply(status: status, headers: headers, body: Array(bytes[(end + 4)...]))
    }
}
