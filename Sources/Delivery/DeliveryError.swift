/// The one error type of Delivery: a transport that cannot be set up (a Maildir that cannot be
/// created). Delivery attempts themselves never throw: they return a classified result.
public struct DeliveryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// One line for the operator.
    public var message: String

    /// Creates an error.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
