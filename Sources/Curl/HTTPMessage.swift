/// An HTTP request for ``CurlHTTPClient``.
public struct HTTPRequest: Sendable, Hashable {
    /// `GET`, `POST`, `DELETE`.
    public var method: String
    /// The absolute URL (https, or http to a loopback host).
    public var url: String
    /// Header fields in order. Values must not contain CR or LF.
    public var headers: [(name: String, value: String)]
    /// The body, for POST.
    public var body: [UInt8]?

    /// Creates a request.
    public init(method: String = "GET", url: String, headers: [(name: String, value: String)] = [], body: [UInt8]? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// Requests compare by method, URL, header fields and body.
    public static func == (lhs: HTTPRequest, rhs: HTTPRequest) -> Bool {
        lhs.method == rhs.method && lhs.url == rhs.url && lhs.body == rhs.body
            && lhs.headers.map { "\($0.name):\($0.value)" } == rhs.headers.map { "\($0.name):\($0.value)" }
    }

    /// Hashes what `==` compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(method)
        hasher.combine(url)
        hasher.combine(body)
        for header in headers { hasher.combine(header.name); hasher.combine(header.value) }
    }
}

/// An HTTP response: status, header fields (names lower-cased) and body (empty for downloads to a file).
public struct HTTPResponse: Sendable, Hashable {
    /// The status code of the final response.
    public var status: Int
    /// Header fields of the final response, names lower-cased; the last value wins.
    public var headers: [String: String]
    /// The body (for ``CurlHTTPClient/perform(_:)``).
    public var body: [UInt8]
    /// Bytes written to the file (for ``CurlHTTPClient/download(_:to:)``).
    public var bytesWritten: Int

    /// Creates a response.
    public init(status: Int, headers: [String: String], body: [UInt8] = [], bytesWritten: Int = 0) {
        self.status = status
        self.headers = headers
        self.body = body
        self.bytesWritten = bytesWritten
    }

    /// Whether the `Content-Type` says JSON.
    public var isJSON: Bool { headers["content-type"]?.lowercased().contains("json") ?? false }
}

/// TLS and timeouts for HTTPS calls.
public struct HTTPSettings: Sendable, Hashable {
    /// The TLS floor (default TLS 1.3).
    public var tlsMinimum: SMTPSettings.TLSMinimum
    /// A PEM CA bundle instead of the system store.
    public var caFile: String?
    /// Seconds to connect.
    public var connectTimeout: Int
    /// Seconds for the whole transfer of an API call (downloads use a stall timer instead).
    public var timeout: Int
    /// The `User-Agent` sent.
    public var userAgent: String
    /// The largest body kept in memory by ``CurlHTTPClient/perform(_:)``.
    public var maximumBodyBytes: Int

    /// Creates settings.
    public init(tlsMinimum: SMTPSettings.TLSMinimum = .v1_3, caFile: String? = nil, connectTimeout: Int = 15,
                timeout: Int = 60, userAgent: String, maximumBodyBytes: Int = 32 << 20) {
        self.tlsMinimum = tlsMinimum
        self.caFile = caFile
        self.connectTimeout = connectTimeout
        self.timeout = timeout
        self.userAgent = userAgent
        self.maximumBodyBytes = maximumBodyBytes
    }
}
