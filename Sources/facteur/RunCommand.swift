import ArgumentParser
import Curl
import Dispatch
import FacteurApp
import FacteurCore
import Foundation
import QontoAPI
import Store

/// `facteur run`: poll and deliver every `poll_interval` seconds until SIGTERM or SIGINT.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Poll Qonto and deliver, every poll_interval seconds, until stopped (SIGTERM or Ctrl-C).",
        discussion: """
            Each round runs one `facteur sync` window then `facteur deliver`. A stop request lets the message \
            being sent finish and leaves everything else to the next start (a window in progress is simply \
            redone). An authentication failure stops the loop with exit status 2: fix the credentials \
            (`facteur connect`, `facteur secret set`) and start it again.
            """)

    @OptionGroup var options: GlobalOptions

    @Option(help: "Stop after this many rounds (default: run until stopped).")
    var rounds: Int?

    func run() async throws {
        let (configuration, database) = try options.open()
        let secrets = try options.secretAccess(configuration: configuration, database: database)
        let transport = try configuration.makeTransport()
        let stop = StopFlag()
        let signals = [SIGTERM, SIGINT].map { number -> any DispatchSourceSignal in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number)
            source.setEventHandler { stop.set() }
            source.resume()
            return source
        }
        defer { signals.forEach { $0.cancel() } }
        var round = 0
        while !stop.isSet, rounds.map({ round < $0 }) ?? true {
            round += 1
            do {
                let summary = try await CurlWorker.run(name: "facteur-sync") {
                    let client = try QontoConnection.client(configuration, secret: secrets.read, saveSecret: secrets.write)
                    return try SyncInvoices(configuration: configuration, database: database).runBlocking(client: client)
                }
                print("\(Timestamp.format(Date())) sync: \(summary.forwarded) queued, \(summary.updated) updated, \(summary.held.values.reduce(0, +)) held")
            } catch let error as QontoError where error.isAuthFailure {
                FileHandle.standardError.write(Data("facteur: \(error.message); polling stopped\n".utf8))
                throw ExitCode(2)
            } catch let error as QontoError {
                FileHandle.standardError.write(Data("facteur: \(error.message); the window will be redone next round\n".utf8))
            } catch let error as StoreError where error.code == .locked {
                FileHandle.standardError.write(Data("facteur: \(error.message); skipping this round\n".utf8))
            }
            do {
                let delivery = try await DeliverOutbox(transport: transport, database: database, dataDirectory: configuration.dataDirectory,
                                                       policy: configuration.retryPolicy, shouldStop: { stop.isSet }).run()
                print("\(Timestamp.format(Date())) deliver: \(delivery.sent) sent, \(delivery.deferred) deferred, \(delivery.failed) failed")
            } catch let error as StoreError where error.code == .locked {
                FileHandle.standardError.write(Data("facteur: \(error.message); skipping this round\n".utf8))
            }
            var waited = 0
            while !stop.isSet, waited < configuration.qonto.pollInterval, rounds.map({ round < $0 }) ?? true {
                try await Task.sleep(for: .seconds(1))
                waited += 1
            }
        }
        print("stopped")
    }
}

/// Set once by a signal handler, read by the loop.
final class StopFlag: @unchecked Sendable {
    // @unchecked: guarded by the lock.
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
