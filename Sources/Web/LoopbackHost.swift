/// Recognises loopback bind addresses, the only ones that may be served without a password.
public enum LoopbackHost {
    /// Whether a host is `localhost`, `::1` (any spelling, brackets allowed) or in 127.0.0.0/8.
    public static func isLoopback(_ host: String) -> Bool {
        var host = host.lowercased()
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host == "localhost" { return true }
        if host.contains(":") { return isIPv6Loopback(host) }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return false }
        let values = octets.compactMap { octet -> Int? in
            guard !octet.isEmpty, octet.count <= 3, octet.allSatisfy(\.isASCII), let value = Int(octet), value <= 255 else { return nil }
            return value
        }
        return values.count == 4 && values[0] == 127
    }

    /// `::1`, `0:0:0:0:0:0:0:1`, `0::1`…: every group zero except a final 1. Anything unusual
    /// (IPv4-mapped forms included) counts as not loopback, which only errs towards a login.
    private static func isIPv6Loopback(_ host: String) -> Bool {
        let groups = host.split(separator: ":", omittingEmptySubsequences: false)
        guard groups.count >= 3, groups.count <= 9, let last = groups.last, !last.isEmpty else { return false }
        guard groups.allSatisfy({ $0.count <= 4 && $0.allSatisfy(\.isHexDigit) }) else { return false }
        return Int(last, radix: 16) == 1 && groups.dropLast().allSatisfy { $0.isEmpty || Int($0, radix: 16) == 0 }
    }
}
