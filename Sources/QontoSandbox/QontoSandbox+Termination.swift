import Dispatch
import Foundation

extension QontoSandbox {
    /// Serves until the process receives SIGTERM or SIGINT, then stops the sandbox and returns.
    ///
    /// For `facteur sandbox`, which runs as a process of its own (the demo and the CLI tests stop
    /// it with SIGTERM). The signals' default action is replaced for the rest of the process, so
    /// call this only from a command whose whole job is to run the sandbox.
    public func runUntilTerminated() async {
        let signals: [Int32] = [SIGTERM, SIGINT]
        let received = AsyncStream<Int32> { continuation in
            let sources = SignalSources(signals.map { number in
                // Dispatch sees the signal only once the default action (terminate) is off.
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { continuation.yield(number) }
                source.resume()
                return source
            })
            continuation.onTermination = { _ in sources.cancel() }
        }
        for await _ in received { break }
        await stop()
    }
}

/// Keeps the signal sources alive while the stream waits, and cancels them after.
///
/// `@unchecked Sendable` is safe: the array is never mutated after `init`, and
/// `DispatchSource.cancel()` may be called from any thread.
private final class SignalSources: @unchecked Sendable {
    private let sources: [any DispatchSourceSignal]

    init(_ sources: [any DispatchSourceSignal]) { self.sources = sources }

    func cancel() { sources.forEach { $0.cancel() } }
}
