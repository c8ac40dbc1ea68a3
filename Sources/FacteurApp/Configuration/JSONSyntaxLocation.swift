import Foundation

/// Where a configuration file stops being JSON, as a person fixing it needs it: line and column.
///
/// Foundation's `JSONDecoder` says only "not valid JSON"; `JSONSerialization` names the problem
/// and the character offset where it found it, which is turned into a line and a column here.
struct JSONSyntaxLocation: Sendable, Hashable {
    /// What is wrong (Foundation's words: "Invalid value", "Unexpected end of file"…).
    let problem: String
    /// 1-based line.
    let line: Int
    /// 1-based column, in characters.
    let column: Int

    /// The location of the first syntax error in `data`, or nil when it is valid JSON (the problem is
    /// then the shape, not the syntax) or the parser gives no position.
    static func of(_ data: Data) -> JSONSyntaxLocation? {
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            return nil
        } catch {
            let text = ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String) ?? "\(error)"
            let problem = text.components(separatedBy: " around ").first.map { $0.trimmingCharacters(in: .punctuationCharacters) }
                ?? "invalid JSON"
            if let match = text.firstMatch(of: /line (\d+), column (\d+)/), let line = Int(match.1), let column = Int(match.2) {
                return JSONSyntaxLocation(problem: problem, line: line, column: column)
            }
            guard let match = text.firstMatch(of: /character (\d+)/), let offset = Int(match.1) else { return nil }
            return location(ofCharacter: offset, in: String(decoding: data, as: UTF8.self), problem: problem)
        }
    }

    /// Line and column of the character at `offset` (0-based, in characters as the parser counts them).
    static func location(ofCharacter offset: Int, in text: String, problem: String) -> JSONSyntaxLocation {
        var line = 1, column = 1
        for (index, character) in text.unicodeScalars.enumerated() {
            if index >= offset { break }
            if character == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return JSONSyntaxLocation(problem: problem, line: line, column: column)
    }
}
