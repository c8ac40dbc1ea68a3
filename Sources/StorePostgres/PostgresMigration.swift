/// One step of the PostgreSQL schema: applied once, in order, never edited once shipped.
public struct PostgresMigration: Sendable {
    /// Its position (1, 2, 3…); applied in this order, recorded in `facteur_migrations`.
    public let number: Int
    /// What it adds, for people.
    public let name: String
    /// Its statements, one per entry (the extended protocol runs one statement per query).
    public let statements: [String]

    /// Describes a migration.
    public init(number: Int, name: String, statements: [String]) {
        self.number = number
        self.name = name
        self.statements = statements
    }
}
