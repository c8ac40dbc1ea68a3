import Foundation
import Glibc

/// Receives the OAuth redirect on a loopback address (`http://127.0.0.1:8765/callback`): accepts one
/// request, answers a short page, and returns the request target (path and query).
///
/// It binds only to a loopback address, so nothing outside the machine can reach it.
public enum LoopbackCallbackListener {
    /// Waits for one HTTP request on `host:port`.
    /// - Parameters:
    ///   - host: A loopback IPv4 address.
    ///   - port: The port of the registered redirect URI.
    ///   - timeout: Seconds to wait.
    /// - Returns: The request target, e.g. `/callback?code=…&state=…`.
    /// - Throws: ``AppError`` when the port cannot be bound or nothing arrives in time.
    public static func receive(host: String, port: Int, timeout: Int) throws(AppError) -> String {
        let server = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard server >= 0 else { throw AppError(.io, "cannot open a socket: \(String(cString: strerror(errno)))") }
        defer { close(server) }
        var yes: Int32 = 1
        setsockopt(server, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1, host.hasPrefix("127.") else {
            throw AppError(.refused, "the redirect host \(host) is not a loopback IPv4 address; use --paste")
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(server, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(server, 1) == 0 else {
            throw AppError(.io, "cannot listen on \(host):\(port): \(String(cString: strerror(errno))); use --paste")
        }
        var poller = pollfd(fd: server, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, Int32(timeout * 1000)) == 1 else {
            throw AppError(.io, "no redirect arrived on \(host):\(port) within \(timeout) s")
        }
        let client = accept(server, nil, nil)
        guard client >= 0 else { throw AppError(.io, "accept failed: \(String(cString: strerror(errno)))") }
        defer { close(client) }
        var buffer = [UInt8](repeating: 0, count: 8192)
        let count = read(client, &buffer, buffer.count)
        let request = String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self)
        let target = request.split(separator: "\r\n").first?.split(separator: " ").dropFirst().first.map(String.init) ?? ""
        let page = "<!doctype html><meta charset=utf-8><title>Facteur</title><p>Facteur received Qonto's answer. You can close this tab and go back to the terminal.</p>"
        let response = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: \(page.utf8.count)\r\nConnection: close\r\n\r\n\(page)"
        _ = response.withCString { write(client, $0, strlen($0)) }
        return target
    }
}
