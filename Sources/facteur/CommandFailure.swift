import ArgumentParser
import FacteurApp
import Foundation
import QontoAPI
import Store
import FacteurCore
import PennylaneAPI
import Web

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
        let text: String
        switch error {
        case let error as ConfigurationError:
            code = configuration; text = error.description
        case let error as ConfigurationProblems:
            code = configuration; text = error.problems.map(\.description).joined(separator: "\nfacteur: ")
        case let error as AppError:
            code = error.code == .refused ? refused : (error.code == .busy ? busy : 1); text = error.message
        case let error as FECParseError:
            code = refused; text = error.message
        case let error as PennylaneError:
            code = error.isAuthFailure ? 2 : 1; text = error.message
        case let error as CommandFailureText:
            code = refused; text = error.description
        case let error as WebError:
            code = configuration; text = error.message
        case let error as StoreError:
            code = error.code == .locked ? busy : 1; text = error.message
        case let error as QontoError:
            // An auth failure needs a person (reconnect, new key): 2, like `deliver` stopped by one.
            code = error.isAuthFailure ? 2 : 1; text = error.message
        default:
            return error  // ArgumentParser's own errors (usage, help, version) print themselves.
        }
        FileHandle.standardError.write(Data("facteur: \(text)\n".utf8))
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
