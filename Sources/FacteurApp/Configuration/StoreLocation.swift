import Foundation

/// Where a gateway keeps its workspaces' data (`store_url`): SQLite files in the data directory
/// (the default), or one PostgreSQL database several gateway processes share.
///
/// The rule between `store_url` and `data_dir`, chosen so that there is only one answer to "where
/// is the database": without `store_url` the store is `sqlite://` + `data_dir`. A `sqlite://`
/// store_url names the data directory itself (`sqlite:///var/lib/facteur`), and sets `data_dir`
/// when that key is not given; when both are given they must name the same directory, else the
/// configuration is refused. With `postgres://`, `data_dir` still holds what is per process: the
/// spool, held files, the lock, and the gateway's own settings (web password, sessions, relay password).
///
/// Its description never shows a password or the URL's user (``PostgresStoreURL/description``).
public enum StoreLocation: Sendable, Hashable, CustomStringConvertible {
    /// SQLite databases: `facteur.sqlite` in this data directory (`default`'s) and in each added
    /// workspace's folder under it.
    case sqlite(dataDirectory: String)
    /// One PostgreSQL database for every workspace of the gateway.
    case postgres(PostgresStoreURL)

    /// `sqlite://<data_dir>`, or the PostgreSQL URL without its user.
    public var description: String {
        switch self {
        case .sqlite(let directory): "sqlite://\(directory)"
        case .postgres(let url): url.description
        }
    }

    /// Whether two spellings of a directory name the same one (`./data`, `data/`, an absolute path).
    static func sameDirectory(_ first: String, _ second: String) -> Bool {
        URL(fileURLWithPath: first).standardizedFileURL.path == URL(fileURLWithPath: second).standardizedFileURL.path
    }
}
