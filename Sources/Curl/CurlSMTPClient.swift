internal import CCurl
import FacteurCore
import Foundation

/// What one SMTP transaction on libcurl came to, raw: the classifier in Delivery reads it.
public struct SMTPTransferReport: Sendable, Hashable {
    /// The `CURLcode` (0 on success).
    public var curlCode: Int32
    /// libcurl's error text (empty on success).
    public var curlMessage: String
    /// Every complete server reply of this transaction, in order, labelled with its stage.
    public var replies: [SMTPReply]
    /// Lines of a reply cut off by a dropped connection.
    public var incompleteLines: [String]
    /// Whether libcurl began reading the message (the server had answered DATA with 354).
    public var dataStarted: Bool
    /// Whether the whole message was handed to libcurl (the final dot follows).
    public var dataCompleted: Bool
    /// New connections this transaction opened (0 when an existing connection was reused).
    public var newConnections: Int

    /// Creates a report (libcurl's transfers build them; tests build them to check classifiers).
    public init(curlCode: Int32, curlMessage: String, replies: [SMTPReply], incompleteLines: [String],
                dataStarted: Bool, dataCompleted: Bool, newConnections: Int) {
        self.curlCode = curlCode
        self.curlMessage = curlMessage
        self.replies = replies
        self.incompleteLines = incompleteLines
        self.dataStarted = dataStarted
        self.dataCompleted = dataCompleted
        self.newConnections = newConnections
    }
}

/// An SMTP client over one libcurl easy handle: consecutive ``send(from:to:messagePath:byteCount:freshConnection:onDataStart:)``
/// calls reuse the connection (libcurl sends QUIT when the client is released).
///
/// Message bytes are streamed from the file through libcurl's read callback with the size declared
/// (`CURLOPT_INFILESIZE_LARGE`, which also sends `SIZE=`). libcurl 7.88 truncates such a message when
/// a line starts with "." — the composer guarantees none does.
///
/// - Important: Blocking, and not thread-safe: use from one dedicated thread (see ``CurlWorker``).
public final class CurlSMTPClient {
    private let easy: CurlEasy
    private var assembler = ReplyAssembler()

    /// Prepares a handle for the relay. No connection is made yet.
    /// - Throws: ``CurlError`` if libcurl refuses an option.
    public init(settings: SMTPSettings) throws(CurlError) {
        easy = try CurlEasy()
        try easy.set(CURLOPT_URL, settings.url)
        try easy.set(CURLOPT_NOSIGNAL, 1)
        try easy.set(CURLOPT_CONNECTTIMEOUT, settings.connectTimeout)
        try easy.set(CURLOPT_SERVER_RESPONSE_TIMEOUT, settings.responseTimeout)
        try easy.set(CURLOPT_LOW_SPEED_LIMIT, 1)
        try easy.set(CURLOPT_LOW_SPEED_TIME, settings.stallTimeout)
        try easy.set(CURLOPT_UPLOAD, 1)
        switch settings.security {
        case .startTLS: try easy.set(CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue))
        case .implicitTLS: try easy.set(CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue))
        case .insecurePlaintext: try easy.set(CURLOPT_USE_SSL, Int(CURLUSESSL_NONE.rawValue))
        }
        let floor = settings.tlsMinimum == .v1_3 ? CURL_SSLVERSION_TLSv1_3 : CURL_SSLVERSION_TLSv1_2
        try easy.set(CURLOPT_SSLVERSION, Int(floor))
        try easy.set(CURLOPT_SSL_VERIFYPEER, 1)
        try easy.set(CURLOPT_SSL_VERIFYHOST, 2)
        if let caFile = settings.caFile { try easy.set(CURLOPT_CAINFO, caFile) }
        if let username = settings.username {
            try easy.set(CURLOPT_USERNAME, username)
            try easy.set(CURLOPT_PASSWORD, settings.password?.exposedValue ?? "")
        }
        let me = Unmanaged.passUnretained(self).toOpaque()
        try easy.set(CURLOPT_HEADERDATA, pointer: me)
        try easy.set(CURLOPT_DEBUGDATA, pointer: me)
        _ = ccurl_setopt_header_function(easy.handle, smtpHeaderCallback)
        _ = ccurl_setopt_debug_function(easy.handle, smtpDebugCallback)
        _ = ccurl_setopt_write_function(easy.handle, discardCallback)
        _ = ccurl_setopt_read_function(easy.handle, smtpReadCallback)
        // The debug callback is how we learn which command each reply answers; with a callback
        // installed nothing is printed.
        try easy.set(CURLOPT_VERBOSE, 1)
    }

    /// Sends one message and reports everything libcurl and the server said.
    /// - Parameters:
    ///   - from: The validated envelope sender.
    ///   - to: The validated envelope recipient.
    ///   - messagePath: The composed message file.
    ///   - byteCount: Its size in bytes.
    ///   - freshConnection: Open a new connection instead of reusing the cached one.
    ///   - onDataStart: Called once when libcurl first asks for message bytes (DATA accepted);
    ///     returning false aborts the transfer before any message byte is sent.
    /// - Returns: The raw report; never throws, so that every outcome can be classified and logged.
    public func send(from: String, to: String, messagePath: String, byteCount: Int, freshConnection: Bool,
                     onDataStart: () -> Bool) -> SMTPTransferReport {
        assembler.reset()
        func failure(_ message: String) -> SMTPTransferReport {
            SMTPTransferReport(curlCode: -1, curlMessage: message, replies: [], incompleteLines: [],
                               dataStarted: false, dataCompleted: false, newConnections: 0)
        }
        guard let file = fopen(messagePath, "rb") else {
            return failure("cannot open the composed message \(messagePath): \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        return withoutActuallyEscaping(onDataStart) { callback in
            let upload = UploadContext(file: file, size: byteCount, onDataStart: callback)
            let context = Unmanaged.passUnretained(upload).toOpaque()
            do {
                try easy.set(CURLOPT_MAIL_FROM, "<\(from)>")
                try easy.set(CURLOPT_MAIL_RCPT, list: ["<\(to)>"])
                try easy.set(CURLOPT_INFILESIZE_LARGE, size: Int64(byteCount))
                try easy.set(CURLOPT_READDATA, pointer: context)
                try easy.set(CURLOPT_FRESH_CONNECT, freshConnection ? 1 : 0)
            } catch {
                return failure("\(error)")
            }
            let (code, message) = easy.perform()
            let report = SMTPTransferReport(
                curlCode: code, curlMessage: message, replies: assembler.replies,
                incompleteLines: assembler.incompleteLines, dataStarted: upload.started,
                dataCompleted: upload.finished, newConnections: easy.info(CURLINFO_NUM_CONNECTS))
            withExtendedLifetime(upload) {}
            return report
        }
    }

    fileprivate func received(_ text: String) { assembler.received(text) }
    fileprivate func sent(_ verb: String) { assembler.commandSent(verb) }
}

/// State of one upload, reached from the C read callback.
private final class UploadContext {
    let file: UnsafeMutablePointer<FILE>
    let size: Int
    let onDataStart: () -> Bool
    var started = false
    var sent = 0
    /// Set once the declared size has been handed over (libcurl then stops asking: it does not
    /// wait for a zero-length read when the size is known) or the file ended.
    var finished = false

    init(file: UnsafeMutablePointer<FILE>, size: Int, onDataStart: @escaping () -> Bool) {
        self.file = file
        self.size = size
        self.onDataStart = onDataStart
    }
}

private let smtpReadCallback: curl_read_callback = { buffer, size, count, userdata in
    guard let buffer, let userdata else { return ccurl_readfunc_abort() }
    let upload = Unmanaged<UploadContext>.fromOpaque(userdata).takeUnretainedValue()
    if !upload.started {
        // Not marked started when the record fails: nothing was sent, the attempt is retryable.
        guard upload.onDataStart() else { return ccurl_readfunc_abort() }
        upload.started = true
    }
    let read = fread(buffer, 1, size * count, upload.file)
    if read == 0, ferror(upload.file) != 0 { return ccurl_readfunc_abort() }
    upload.sent += read
    if read == 0 || upload.sent >= upload.size { upload.finished = true }
    return read
}

private let smtpHeaderCallback: curl_write_callback = { buffer, size, count, userdata in
    guard let buffer, let userdata else { return 0 }
    let length = size * count
    let text = String(decoding: UnsafeRawBufferPointer(start: buffer, count: length), as: UTF8.self)
    Unmanaged<CurlSMTPClient>.fromOpaque(userdata).takeUnretainedValue().received(text)
    return length
}

/// The SMTP commands libcurl sends; any other line it sends is an AUTH continuation.
private let smtpVerbs: Set<String> = ["EHLO", "HELO", "STARTTLS", "AUTH", "MAIL", "RCPT", "DATA", "QUIT", "RSET", "NOOP", "VRFY", "EXPN", "HELP"]

private let smtpDebugCallback: curl_debug_callback = { _, type, data, size, userdata in
    guard type == CURLINFO_HEADER_OUT, let data, let userdata else { return 0 }
    // Only a known verb is kept: AUTH lines carry credentials, and an AUTH LOGIN (or PLAIN without
    // an initial response) continuation line is nothing but a base64 credential.
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    let word = String(decoding: bytes.prefix(while: { $0 != 0x20 && $0 != 0x0D && $0 != 0x0A }), as: UTF8.self).uppercased()
    let verb = smtpVerbs.contains(word) ? word : "AUTH-CONTINUATION"
    Unmanaged<CurlSMTPClient>.fromOpaque(userdata).takeUnretainedValue().sent(verb)
    return 0
}

private let discardCallback: curl_write_callback = { _, size, count, _ in size * count }
