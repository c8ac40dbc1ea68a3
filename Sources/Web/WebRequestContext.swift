public import Hummingbird
public import NIOCore

/// The request context of the pages: Hummingbird's basic context plus the client's address, which
/// the login throttle and the login log lines need.
public struct WebRequestContext: RequestContext, RemoteAddressRequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// The connected client's address (the reverse proxy's, when one fronts Facteur).
    public let remoteAddress: SocketAddress?

    /// Creates the context of a request arriving on a channel.
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The client's IP address as text, or `unknown`.
    var clientAddress: String { remoteAddress?.ipAddress ?? "unknown" }
}
