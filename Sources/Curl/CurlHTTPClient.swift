internal import CCurl
import Foundation

/// HTTPS over one libcurl easy handle (connections are kept alive between calls): API calls with
/// the body in memory, and downloads streamed to a file.
///
/// Certificate verification is always on; plain `http://` is refused unless the host is a loopback
/// address (the bundled sandbox and tests). Redirects are not followed: a 302 to a login page is
/// reported as what it is.
///
/// - Important: Blocking, and not thread-safe: use from one dedicated thread (see ``CurlWorker``).
public final class CurlHTTPClient {
    private let easy: CurlEasy
    private let settings: HTTPSettings
    private let sink = ResponseSink()

    /// Prepares a handle.
    /// - Throws: ``CurlError`` when libcurl refuses an option.
    public init(settings: HTTPSettings) throws(CurlError) {
        self.settings = settings
        easy = try CurlEasy()
        try easy.set(CURLOPT_NOSIGNAL, 1)
        try easy.set(CURLOPT_CONNECTTIMEOUT, settings.connectTimeout)
        try easy.set(CURLOPT_FOLLOWLOCATION, 0)
        try easy.set(CURLOPT_SSL_VERIFYPEER, 1)
        try easy.set(CURLOPT_SSL_VERIFYHOST, 2)
        let floor = settings.tlsMinimum == .v1_3 ? CURL_SSLVERSION_TLSv1_3 : CURL_SSLVERSION_TLSv1_2
        try easy.set(CURLOPT_SSLVERSION, Int(floor))
        if let caFile = settings.caFile { try easy.set(CURLOPT_CAINFO, caFile) }
        try easy.set(CURLOPT_USERAGENT, settings.userAgent)
        try easy.set(CURLOPT_ACCEPT_ENCODING, "")
        let context = Unmanaged.passUnretained(sink).toOpaque()
        try easy.set(CURLOPT_WRITEDATA, pointer: context)
        try easy.set(CURLOPT_HEADERDATA, pointer: context)
        _ = ccurl_setopt_write_function(easy.handle, httpWriteCallback)
        _ = ccurl_setopt_header_function(easy.handle, httpHeaderCallback)
    }

    /// Whether a URL may be used: https anywhere, http only to 127.0.0.0/8, ::1 or localhost.
    public static func isAllowed(url: String) -> Bool {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              let host = components.host, !host.isEmpty else { return false }
        if scheme == "https" { return true }
        guard scheme == "http" else { return false }
        return host == "localhost" || host == "::1" || host == "[::1]" || (host.hasPrefix("127.") && host.split(separator: ".").count == 4)
    }

    /// Performs a request and returns the response with its body.
    /// - Throws: ``CurlError`` for transport failures (connect, TLS, timeout, a body over the limit,
    ///   a URL that is neither https nor loopback http).
    public func perform(_ request: HTTPRequest) throws(CurlError) -> HTTPResponse {
        sink.reset(file: nil, limit: settings.maximumBodyBytes)
        try prepare(request)
        try easy.set(CURLOPT_TIMEOUT, settings.timeout)
        try easy.set(CURLOPT_LOW_SPEED_TIME, 0)
        let (code, message) = easy.perform()
        guard code == 0 else {
            throw CurlError(code: code, message: sink.overflowed ? "response larger than \(settings.maximumBodyBytes) bytes" : message)
        }
        return HTTPResponse(status: easy.info(CURLINFO_RESPONSE_CODE), headers: sink.headers, body: sink.body)
    }

    /// Downloads a response body into a file (created 0600, truncated), without holding it in memory.
    ///
    /// The whole response is written whatever its status; check ``HTTPResponse/status`` and compare
    /// ``HTTPResponse/bytesWritten`` with the expected size: a server that closes early after
    /// announcing a length makes libcurl fail with a partial-file error.
    /// - Parameter limit: The most bytes written to the file: a longer body, announced or not, is
    ///   stopped there (the file then holds at most `limit` bytes).
    /// - Throws: ``CurlError`` for transport failures, when the file cannot be written, or
    ///   ``CurlCode/fileSizeExceeded`` when the body is longer than `limit`.
    public func download(_ request: HTTPRequest, to path: String, limit: Int = Int.max) throws(CurlError) -> HTTPResponse {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0, let file = fdopen(fd, "wb") else {
            throw CurlError(code: CurlCode.writeError, message: "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        sink.reset(file: file, limit: limit)
        try prepare(request)
        try easy.set(CURLOPT_TIMEOUT, 0)
        try easy.set(CURLOPT_LOW_SPEED_LIMIT, 1)
        try easy.set(CURLOPT_LOW_SPEED_TIME, settings.timeout)
        let (code, message) = easy.perform()
        if sink.overflowed {
            throw CurlError(code: CurlCode.fileSizeExceeded, message: "the response is longer than \(limit) bytes; stopped there")
        }
        guard code == 0 else { throw CurlError(code: code, message: message) }
        guard fflush(file) == 0, fsync(fileno(file)) == 0 else {
            throw CurlError(code: CurlCode.writeError, message: "cannot write \(path): \(String(cString: strerror(errno)))")
        }
        return HTTPResponse(status: easy.info(CURLINFO_RESPONSE_CODE), headers: sink.headers, bytesWritten: sink.written)
    }

    private func prepare(_ request: HTTPRequest) throws(CurlError) {
        guard Self.isAllowed(url: request.url) else {
            throw CurlError(code: CurlCode.unsupportedProtocol, message: "refusing \(Self.redacted(request.url)): only https, or http to a loopback host")
        }
        try easy.set(CURLOPT_URL, request.url)
        try easy.set(CURLOPT_CUSTOMREQUEST, pointer: nil)
        switch request.method {
        case "GET":
            try easy.set(CURLOPT_HTTPGET, 1)
        case "POST":
            // COPYPOSTFIELDS copies the bytes (the size must be set first), so the body need not outlive the call.
            let body = request.body ?? []
            try easy.set(CURLOPT_POSTFIELDSIZE_LARGE, size: Int64(body.count))
            try easy.copyPostFields(body)
        default:
            try easy.set(CURLOPT_HTTPGET, 1)
            try easy.set(CURLOPT_CUSTOMREQUEST, request.method)
        }
        for header in request.headers where header.value.contains(where: { $0 == "\r" || $0 == "\n" }) {
            throw CurlError(code: CurlCode.badFunctionArgument, message: "header \(header.name) contains a line break")
        }
        try easy.set(CURLOPT_HTTPHEADER, list: request.headers.map { "\($0.name): \($0.value)" } + ["Expect:"])
    }

    /// A URL without its query (pre-signed URLs carry credentials there).
    public static func redacted(_ url: String) -> String {
        String(url.prefix { $0 != "?" })
    }
}

/// Collects one response: headers of the final response, and the body in memory or into a file.
private final class ResponseSink {
    var headers: [String: String] = [:]
    var body: [UInt8] = []
    var file: UnsafeMutablePointer<FILE>?
    var limit = Int.max
    var written = 0
    var overflowed = false

    func reset(file: UnsafeMutablePointer<FILE>?, limit: Int) {
        headers = [:]
        body = []
        self.file = file
        self.limit = limit
        written = 0
        overflowed = false
    }
}

private let httpWriteCallback: curl_write_callback = { buffer, size, count, userdata in
    guard let buffer, let userdata else { return 0 }
    let sink = Unmanaged<ResponseSink>.fromOpaque(userdata).takeUnretainedValue()
    let length = size * count
    if let file = sink.file {
        guard sink.written + length <= sink.limit else {
            sink.overflowed = true
            return 0  // libcurl stops the transfer
        }
        let written = fwrite(buffer, 1, length, file)
        sink.written += written
        return written
    }
    guard sink.body.count + length <= sink.limit else {
        sink.overflowed = true
        return 0
    }
    sink.body.append(contentsOf: UnsafeRawBufferPointer(start: buffer, count: length))
    return length
}

private let httpHeaderCallback: curl_write_callback = { buffer, size, count, userdata in
    guard let buffer, let userdata else { return 0 }
    let sink = Unmanaged<ResponseSink>.fromOpaque(userdata).takeUnretainedValue()
    let length = size * count
    let line = String(decoding: UnsafeRawBufferPointer(start: buffer, count: length), as: UTF8.self)
        .trimmingCharacters(in: .whitespacesAndNewlines)
    if line.hasPrefix("HTTP/") {
        sink.headers = [:]  // a new response (after 100 Continue, or a proxy's)
    } else if let colon = line.firstIndex(of: ":") {
        let name = line[..<colon].lowercased()
        sink.headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
    return length
}
