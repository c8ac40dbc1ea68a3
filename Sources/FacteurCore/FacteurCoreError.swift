/// The one error type of FacteurCore: invalid domain input, with a message meant for the operator.
public struct FacteurCoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable error code.
    public struct Code: Hashable, Sendable {
        private enum Value: Hashable, Sendable { case invalidRecordID, unsupportedAttachment, emptyAttachment, invalidMessage }
        private let value: Value
        /// A record ID (Qonto ID or `--ref`) that cannot travel safely in headers and file names.
        public static let invalidRecordID = Code(value: .invalidRecordID)
        /// A file that is not a PDF, JPEG or PNG.
        public static let unsupportedAttachment = Code(value: .unsupportedAttachment)
        /// An empty file.
        public static let emptyAttachment = Code(value: .emptyAttachment)
        /// The message could not be composed (the MIME layer refused an input).
        public static let invalidMessage = Code(value: .invalidMessage)
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
