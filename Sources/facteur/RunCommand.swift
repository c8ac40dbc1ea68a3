import ArgumentParser
import FacteurApp
import Foundation
import Logging

/// `facteur run`: the daemon (poller, outbox worker, status pages) until SIGTERM or SIGINT.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the gateway: poll Qonto every poll_interval, deliver the outbox, serve the status page (web_bind).",
        discussion: """
            Polling windows, the outbox worker and the web pages run together until SIGTERM or Ctrl-C, \
            which lets a message being sent finish, abandons a window in progress (it is redone at the \
            next start) and exits 0. An authentication failure (Qonto or SMTP) stops that side only, \
            opens an incident shown on the status page and by `facteur status`, and mails owner_email \
            once; the side starts again when its credentials change (`facteur secret set`, \
            `facteur connect`). Logs go to standard error.

            One run serves every workspace of the gateway (`facteur workspace list`), each polling on \
            its own and delivering through the one relay, whose smtp_connections sessions they share \
            fairly. A Qonto authentication failure stops only that workspace and mails only its \
            owner_email; an SMTP one is the relay's, so every workspace records it and waits for the \
            gateway's credentials. A workspace whose settings are incomplete is reported and skipped; \
            run refuses to start only when the gateway's own settings are wrong or no workspace is \
            ready. Workspaces are read at start: restart run after `facteur workspace add` or `remove`.
            """)

    @OptionGroup var options: GlobalOptions

    @Option(help: "Log format on standard error: text or json.")
    var logFormat: LogFormat = .text

    @Option(help: "Lowest log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    func run() async throws {
        guard let level = Logger.Level(rawValue: logLevel) else {
            throw ValidationError("--log-level: expected trace, debug, info, notice, warning, error or critical")
        }
        let format = logFormat
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler = format == .json ? JSONLogHandler(label: label) : StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let base = try options.loadConfiguration()
        let host = base.webBind.host.contains(":") ? "[\(base.webBind.host)]" : base.webBind.host
        let logger = Logger(label: "facteur")
        try await Daemon(gateway: base, logger: logger).run { port in
            // Through the logger, so `--log-format json` stays one JSON object per line.
            logger.notice("status page on http://\(host):\(port)/", metadata: ["url": "http://\(host):\(port)/"])
        }
    }
}

/// `--log-format`.
enum LogFormat: String, ExpressibleByArgument, Sendable {
    case text, json
}
