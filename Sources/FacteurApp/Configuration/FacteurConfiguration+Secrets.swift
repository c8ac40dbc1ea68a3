import FacteurCore
import Curl
public import Store

extension FacteurConfiguration {
    /// The secret-store name of the SMTP password (`facteur secret set smtp_password`).
    public static let smtpPasswordSecretName = "smtp_password"

    /// This configuration with the secrets it leaves unset taken from the secret store.
    ///
    /// When neither the configuration file nor `FACTEUR_SMTP_PASSWORD` gives `smtp_password` but the
    /// store holds `smtp_password`, the SMTP settings carry the stored password. A configured
    /// password always wins, and the store (and its master key) is not read unless needed: an SMTP
    /// transport without a configured password. Call it once, before ``makeTransport()``.
    ///
    /// ```swift
    /// let secrets = SecretStore(database: database, masterKeyFile: configuration.masterKeyFile)
    /// let transport = try configuration.resolvingSecrets(from: secrets).makeTransport()
    /// ```
    /// - Parameter secrets: The data directory's secret store.
    /// - Returns: The configuration to use.
    /// - Throws: ``ConfigurationError`` naming `smtp_username` when a password is stored but no user
    ///   name is configured; ``Store/StoreError`` when the stored password cannot be opened (wrong or
    ///   missing master key, altered row). Neither names the password's value.
    public func resolvingSecrets(from secrets: SecretStore) throws -> FacteurConfiguration {
        guard case .smtp(var settings) = transport, settings.password == nil,
              let password = try secrets.value(name: Self.smtpPasswordSecretName) else { return self }
        guard settings.username != nil else {
            throw ConfigurationError(key: "smtp_username", "not set, but the secret store holds smtp_password (delete it with `facteur secret delete smtp_password` if the relay takes no AUTH)")
        }
        settings.password = Secret(password)
        var resolved = self
        resolved.transport = .smtp(settings)
        return resolved
    }
}
