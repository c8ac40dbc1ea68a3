import Curl

/// Process-wide set-up the executable does once, before any command runs.
public enum FacteurRuntime {
    /// Initialises libcurl (once per process, before any thread uses it).
    public static func initialize() {
        CurlGlobal.initialize()
    }
}
