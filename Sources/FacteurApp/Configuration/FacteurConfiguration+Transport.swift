public import FacteurCore
import Delivery

extension FacteurConfiguration {
    /// Builds the configured transport.
    /// - Throws: ``ConfigurationError`` when `smtp_url` is unset or its Maildir cannot be created.
    public func makeTransport() throws(ConfigurationError) -> any MailTransport {
        switch try requireTransport() {
        case .smtp(let settings):
            return SMTPTransport(settings: settings)
        case .file(let directory):
            do {
                return try FileTransport(directory: directory)
            } catch {
                throw ConfigurationError(key: "smtp_url", error.message)
            }
        }
    }
}
