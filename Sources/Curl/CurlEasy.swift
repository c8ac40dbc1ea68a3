internal import CCurl

/// Owns one libcurl easy handle (and the string lists given to it), and turns every `CURLcode` into
/// a thrown ``CurlError`` through one `check`.
///
/// - Important: Not thread-safe; use from one thread at a time. `curl_easy_perform` blocks.
final class CurlEasy {
    let handle: UnsafeMutableRawPointer
    /// The list libcurl holds for each list option (it keeps a reference, not a copy), by option.
    private var lists: [UInt32: UnsafeMutablePointer<curl_slist>] = [:]
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)

    init() throws(CurlError) {
        CurlGlobal.initialize()
        guard let handle = curl_easy_init() else {
            throw CurlError(code: -1, message: "curl_easy_init failed")
        }
        self.handle = handle
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        _ = ccurl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer)
    }

    deinit {
        curl_easy_cleanup(handle)
        for list in lists.values { curl_slist_free_all(list) }
        errorBuffer.deallocate()
    }

    func set(_ option: CURLoption, _ value: Int) throws(CurlError) {
        try check(ccurl_setopt_long(handle, option, value))
    }

    func set(_ option: CURLoption, _ value: String) throws(CurlError) {
        // libcurl copies string options (since 7.17.0).
        try check(value.withCString { ccurl_setopt_string(handle, option, $0) })
    }

    func set(_ option: CURLoption, size: Int64) throws(CurlError) {
        try check(ccurl_setopt_off_t(handle, option, curl_off_t(size)))
    }

    func set(_ option: CURLoption, pointer: UnsafeMutableRawPointer?) throws(CurlError) {
        try check(ccurl_setopt_pointer(handle, option, pointer))
    }

    /// Sets a string-list option. libcurl keeps a reference to the list, so it lives until the
    /// option is set again (then the previous one is freed) or the handle goes: one list per
    /// option, however many requests the handle makes.
    func set(_ option: CURLoption, list values: [String]) throws(CurlError) {
        var list: UnsafeMutablePointer<curl_slist>?
        for value in values {
            guard let appended = curl_slist_append(list, value) else {
                if let list { curl_slist_free_all(list) }
                throw CurlError(code: -1, message: "curl_slist_append failed")
            }
            list = appended
        }
        do {
            try check(ccurl_setopt_slist(handle, option, list))
        } catch {
            if let list { curl_slist_free_all(list) }
            throw error
        }
        if let previous = lists.removeValue(forKey: option.rawValue) { curl_slist_free_all(previous) }
        if let list { lists[option.rawValue] = list }
    }

    /// `CURLOPT_COPYPOSTFIELDS`: libcurl copies the bytes (set `POSTFIELDSIZE_LARGE` first).
    func copyPostFields(_ body: [UInt8]) throws(CurlError) {
        var terminated = body
        terminated.append(0)
        let code = terminated.withUnsafeMutableBytes { ccurl_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, $0.baseAddress) }
        try check(code)
    }

    func info(_ info: CURLINFO) -> Int {
        var value = 0
        _ = ccurl_getinfo_long(handle, info, &value)
        return value
    }

    /// Runs the transfer; returns the `CURLcode` and the error text rather than throwing, because
    /// callers classify failures.
    func perform() -> (code: Int32, message: String) {
        errorBuffer[0] = 0
        let code = curl_easy_perform(handle)
        guard code != CURLE_OK else { return (0, "") }
        let buffered = String(cString: errorBuffer)
        return (Int32(code.rawValue), buffered.isEmpty ? CurlError.text(for: code) : buffered)
    }

    private func check(_ code: CURLcode) throws(CurlError) {
        guard code == CURLE_OK else { throw CurlError(code: Int32(code.rawValue), message: CurlError.text(for: code)) }
    }
}

/// `curl_global_init`, once per process.
public enum CurlGlobal {
    private static let once: Void = { _ = curl_global_init(Int(CURL_GLOBAL_ALL)) }()

    /// Initialises libcurl. Call it at startup, before other threads start; later calls do nothing.
    public static func initialize() { _ = once }

    /// The libcurl version string, e.g. `libcurl/7.88.1 OpenSSL/3.0.17 …`.
    public static var version: String {
        guard let text = curl_version() else { return "unknown" }
        return String(cString: text)
    }
}
