public import Logging

extension Daemon {
    /// The daemon of the gateway `base` describes, over `data_dir`'s database (opened, created on
    /// first use): what `facteur run` starts.
    /// - Throws: ``StoreError`` for the data directory or the database.
    public init(gateway base: FacteurConfiguration, logger: Logger) throws {
        self.init(base: base, gatewayDatabase: try WorkspaceCatalog(gateway: base).gatewayDatabase(), logger: logger)
    }
}
