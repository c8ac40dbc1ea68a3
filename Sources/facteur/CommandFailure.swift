import ArgumentParser
import FacteurApp
import Foundation

/// Maps errors to one line on stderr and a documented exit code (sysexits where one fits).
enum CommandFailure {
    /// EX_DATAERR: the input was refused.
    static let refused: Int32 = 65
    /// EX_TEMPFAIL: another process holds the data directory.
    static let busy: Int32 = 75
    /// EX_CONFIG: the configuration is missing or invalid.
    static let configuration: Int32 = 78

    static func map(_ error: any Error) -> any Error {
        let code: Int32
        let lines: [String]
        if let error = error as? CommandFailureText {
            (code, lines) = (refused, [error.description])
        } else if let report = ErrorReport(error) {
            switch report.kind {
            case .configuration: code = configuration
            case .refused: code = refused
            case .busy: code = busy
            // An auth failure needs a person (reconnect, new key): 2, like `deliver` stopped by one.
            case .authentication: code = 2
            case .failure: code = 1
            }
            lines = report.lines
        } else {
            return error  // ArgumentParser's own errors (usage, help, version) print themselves.
        }
        FileHandle.standardError.write(Data("facteur: \(lines.joined(separator: "\nfacteur: "))\n".utf8))
        return ExitCode(code)
    }
}

/// Writes JSON (sorted keys, pretty) to standard output.
enum JSONOutput {
    static func print<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        FileHandle.standardOutput.write(try encoder.encode(value))
        FileHandle.standardOutput.write(Data("\n".utf8))
    }
}
