extension QontoClient {
    /// Waits `seconds` before retrying a request, in slices of at most
    /// ``QontoRequestBudget/stopCheckInterval`` while ``shouldStop`` is set, so a shutdown ends a
    /// `Retry-After` pause (up to 300 s) within a second instead of after it.
    /// - Parameters:
    ///   - seconds: The pause the retry policy asked for.
    ///   - what: What is retried (an API path, an attachment), for the error.
    /// - Throws: ``QontoError/Code/stopped`` when ``shouldStop`` says so before or during the pause.
    func pause(_ seconds: Double, before what: String) throws(QontoError) {
        guard let shouldStop else { return sleep(seconds) }
        var left = seconds
        repeat {
            if shouldStop() {
                throw QontoError(.stopped, "stopped waiting to retry \(what) at Qonto: the process is shutting down")
            }
            let slice = min(left, QontoRequestBudget.stopCheckInterval)
            sleep(slice)
            left -= slice
        } while left > 0
    }
}
