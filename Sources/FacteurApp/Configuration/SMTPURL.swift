import Curl
import FacteurCore
import Foundation
import MIME

/// Parses `smtp_url` (and the keys that go with it) into a transport choice.
enum SMTPURL {
    static func parse(reader: ValueReader, sender: Mailbox?) throws(ConfigurationError) -> FacteurConfiguration.Transport? {
        guard let url = reader.string("smtp_url") else { return nil }
        let key = "smtp_url"
        guard let schemeEnd = url.range(of: "://") else {
            throw ConfigurationError(key: key, "expected smtp://host:port, smtps://host:port, file:///dir or smtp+plain://127.0.0.1:port")
        }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        let rest = String(url[schemeEnd.upperBound...])
        if scheme == "file" {
            guard !rest.isEmpty else { throw ConfigurationError(key: key, "file:// needs a directory, e.g. file:///var/lib/facteur/mail") }
            return .file(directory: rest)
        }
        let security: SMTPSettings.Security
        let defaultPort: Int
        switch scheme {
        case "smtp": security = .startTLS; defaultPort = 587
        case "smtps": security = .implicitTLS; defaultPort = 465
        case "smtp+plain": security = .insecurePlaintext; defaultPort = 25
        default:
            throw ConfigurationError(key: key, "unsupported scheme \"\(scheme)\" (smtp = STARTTLS required, smtps = implicit TLS, file = Maildir; cleartext only as smtp+plain to a loopback host)")
        }
        guard !rest.contains("@") else {
            throw ConfigurationError(key: key, "put credentials in smtp_username and smtp_password, not in the URL")
        }
        let authority = rest.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        let (host, port) = try hostAndPort(authority, defaultPort: defaultPort)
        if security == .insecurePlaintext, !isLoopback(host) {
            throw ConfigurationError(key: key, "smtp+plain:// sends invoices and passwords in the clear and is only allowed to a loopback host (127.0.0.1, ::1, localhost); use smtp:// (STARTTLS) or smtps://")
        }
        let tlsMinimum = try reader.tlsMinimum("smtp_tls_min")
        let caFile = reader.string("smtp_ca_file")
        if let caFile, !FileManager.default.isReadableFile(atPath: caFile) {
            throw ConfigurationError(key: "smtp_ca_file", "cannot read \(caFile)")
        }
        let username = reader.string("smtp_username")
        let password = reader.values["smtp_password"]
        if password != nil, username == nil {
            throw ConfigurationError(key: "smtp_username", "not set, but smtp_password is")
        }
        let ehlo = try ehloDomain(reader: reader, sender: sender)
        let response = try reader.integer("smtp_timeout", range: 1...3600) ?? 300
        return .smtp(SMTPSettings(
            host: host, port: port, security: security, ehloDomain: ehlo, tlsMinimum: tlsMinimum, caFile: caFile,
            username: username, password: password.map(Secret.init),
            connectTimeout: try reader.integer("smtp_connect_timeout", range: 1...600) ?? 30,
            responseTimeout: response, stallTimeout: response))
    }

    private static func hostAndPort(_ authority: String, defaultPort: Int) throws(ConfigurationError) -> (String, Int) {
        var host = authority
        var portText: String?
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            host = String(authority[authority.index(after: authority.startIndex)..<close])
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") { portText = String(after.dropFirst()) }
        } else if let colon = authority.lastIndex(of: ":") {
            host = String(authority[..<colon])
            portText = String(authority[authority.index(after: colon)...])
        }
        let hostOK = !host.isEmpty && host.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-.:".unicodeScalars.contains($0)) }
        guard hostOK else { throw ConfigurationError(key: "smtp_url", "invalid host \"\(HeaderText.sanitize(host))\"") }
        guard let portText else { return (host, defaultPort) }
        guard let port = Int(portText), (1...65535).contains(port) else {
            throw ConfigurationError(key: "smtp_url", "invalid port \"\(HeaderText.sanitize(portText))\"")
        }
        return (host, port)
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.") && host.split(separator: ".").count == 4
    }

    private static func ehloDomain(reader: ValueReader, sender: Mailbox?) throws(ConfigurationError) -> String {
        if let configured = reader.string("smtp_helo") {
            guard (try? EmailAddress("postmaster@\(configured)")) != nil else {
                throw ConfigurationError(key: "smtp_helo", "not a valid host name")
            }
            return configured
        }
        let hostname = ProcessInfo.processInfo.hostName
        if hostname.contains("."), (try? EmailAddress("postmaster@\(hostname)")) != nil { return hostname }
        return sender?.address.domain ?? "localhost"
    }
}
