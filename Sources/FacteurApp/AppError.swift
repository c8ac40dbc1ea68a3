/// The one error type of FacteurApp's use cases: a refusal or failure explained in one line for the
/// operator (the file, the record, the reason), with no secret in it.
public struct AppError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable error code.
    public struct Code: Hashable, Sendable {
        private enum Value: Hashable, Sendable { case refused, io, changedFile, notFound, busy }
        private let value: Value
        /// The input cannot become an invoice mail (wrong file type, empty file, bad reference).
        public static let refused = Code(value: .refused)
        /// A file could not be read or written.
        public static let io = Code(value: .io)
        /// The file changed between hashing and composing.
        public static let changedFile = Code(value: .changedFile)
        /// Nothing matches the given ID.
        public static let notFound = Code(value: .notFound)
        /// Another process is working on the same data directory.
        public static let busy = Code(value: .busy)
    }

    /// What went wrong.
    public var code: Code
    /// One line for the operator.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
