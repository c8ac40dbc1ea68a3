import Foundation

extension StoreLocation {
    /// Reads `store_url`, `store_password_file` and `data_dir` together (see ``StoreLocation`` for
    /// the rule between `store_url` and `data_dir`).
    /// - Returns: The store's location and the data directory in effect.
    /// - Throws: ``ConfigurationError`` naming `store_url`, `store_password_file` or `data_dir`.
    static func parse(reader: ValueReader) throws(ConfigurationError) -> (location: StoreLocation, dataDirectory: String) {
        let passwordFile = reader.string("store_password_file")
        guard let text = reader.string("store_url") else {
            try refuse(passwordFile)
            let directory = try reader.path("data_dir")
            return (.sqlite(dataDirectory: directory), directory)
        }
        let scheme = text.range(of: "://").map { text[..<$0.lowerBound].lowercased() }
        switch scheme {
        case "sqlite":
            try refuse(passwordFile)
            let named = String(text.dropFirst("sqlite://".count))
            guard !named.isEmpty else {
                throw ConfigurationError(key: "store_url", "sqlite:// needs the data directory, e.g. sqlite:///var/lib/facteur")
            }
            // An explicit data_dir wins if it names the same directory, so paths read as before.
            if let given = reader.values["data_dir"]?.trimmingCharacters(in: .whitespaces), !given.isEmpty {
                guard sameDirectory(given, named) else {
                    throw ConfigurationError(key: "store_url", "names the data directory \(named), but data_dir is \(given): "
                                             + "set only one of them (a sqlite:// store_url sets data_dir), or make them agree")
                }
                let directory = try reader.path("data_dir")
                return (.sqlite(dataDirectory: directory), directory)
            }
            return (.sqlite(dataDirectory: named), named)
        case "postgres", "postgresql":
            let url = try PostgresStoreURL(parsing: text, passwordFile: passwordFile)
            return (.postgres(url), try reader.path("data_dir"))
        default:
            throw ConfigurationError(key: "store_url", "expected sqlite:///path/to/data_dir or postgres://user@host:5432/database")
        }
    }

    /// Refuses `store_password_file` where no PostgreSQL store reads it (a forgotten key misleads).
    private static func refuse(_ passwordFile: String?) throws(ConfigurationError) {
        guard passwordFile == nil else {
            throw ConfigurationError(key: "store_password_file", "is only read with a postgres:// store_url")
        }
    }
}
