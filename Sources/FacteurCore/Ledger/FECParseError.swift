/// Why a FEC file could not be read, with the place: the 1-based line and, for a field, the
/// standard column name (`EcritureDate`, `Debit`…).
public struct FECParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable error code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let value: String
        /// The file is empty.
        public static let empty = Code(value: "empty")
        /// The header is neither tab- nor pipe-separated, or lacks a standard column.
        public static let header = Code(value: "header")
        /// A line has fewer fields than the header.
        public static let fieldCount = Code(value: "field_count")
        /// A date that is not a real `YYYYMMDD` day.
        public static let date = Code(value: "date")
        /// An amount that is not a decimal number.
        public static let amount = Code(value: "amount")
        /// A mandatory field is empty.
        public static let missingValue = Code(value: "missing_value")
        /// The code's name.
        public var description: String { value }
    }

    /// What went wrong.
    public var code: Code
    /// The 1-based line number (the header is line 1).
    public var line: Int
    /// The standard column name, when one field is at fault.
    public var column: String?
    /// One line for the operator, naming the line and the column.
    public var message: String

    /// Creates an error; the message is prefixed with the place.
    public init(_ code: Code, line: Int, column: String? = nil, _ detail: String) {
        self.code = code
        self.line = line
        self.column = column
        message = "FEC line \(line)" + (column.map { ", column \($0)" } ?? "") + ": " + detail
    }

    /// The message.
    public var description: String { message }
}
