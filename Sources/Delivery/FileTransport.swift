public import FacteurCore
import Foundation
import Glibc

/// Delivers into a Maildir (`file:///dir`): each message's exact bytes become one file in `dir/new`,
/// written to `dir/tmp` first and renamed once synced, so a reader never sees half a message.
///
/// Used by `make demo` and for dry runs; what lands there is byte for byte what SMTP would send.
public struct FileTransport: MailTransport {
    /// The Maildir's root directory.
    public let directory: String

    /// Creates the Maildir's `tmp`, `new` and `cur` folders if needed.
    /// - Throws: ``DeliveryError`` when a folder cannot be created.
    public init(directory: String) throws(DeliveryError) {
        self.directory = directory
        for sub in ["tmp", "new", "cur"] {
            do {
                try FileManager.default.createDirectory(atPath: "\(directory)/\(sub)", withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            } catch {
                throw DeliveryError("cannot create the Maildir folder \(directory)/\(sub): \(error.localizedDescription)")
            }
        }
    }

    /// See ``MailTransport/displayName``.
    public var displayName: String { "file://\(directory) (Maildir)" }

    /// See ``MailTransport/openSession()``.
    public func openSession() -> any MailTransportSession { MaildirSession(directory: directory) }
}

/// Writes messages into the Maildir.
final class MaildirSession: MailTransportSession {
    private let directory: String
    private var counter = 0

    init(directory: String) {
        self.directory = directory
    }

    func send(_ envelope: OutgoingEnvelope, onDataStart: () -> Bool) -> DeliveryResult {
        counter += 1
        let now = Date().timeIntervalSince1970
        let tag = envelope.messageID.utf8.reduce(UInt64(1469598103934665603)) { ($0 ^ UInt64($1)) &* 1099511628211 }
        let name = "\(Int(now)).M\(Int((now - now.rounded(.down)) * 1_000_000))P\(getpid())Q\(counter).\(String(tag, radix: 16)).facteur"
        let temporary = "\(directory)/tmp/\(name)"
        let final = "\(directory)/new/\(name)"
        guard onDataStart() else { return DeliveryResult(kind: .transient, detail: "the data phase could not be recorded; nothing written") }
        do {
            try copySynced(from: envelope.messagePath, to: temporary)
            guard rename(temporary, final) == 0 else { throw DeliveryError(String(cString: strerror(errno))) }
        } catch {
            unlink(temporary)
            return DeliveryResult(kind: .transient, detail: "cannot write \(final): \(error)")
        }
        return DeliveryResult(kind: .delivered, reply: "written to \(final)")
    }

    func close() {}

    private func copySynced(from source: String, to destination: String) throws {
        guard let input = fopen(source, "rb") else { throw DeliveryError("cannot open \(source): \(String(cString: strerror(errno)))") }
        defer { fclose(input) }
        let fd = open(destination, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { throw DeliveryError("cannot create \(destination): \(String(cString: strerror(errno)))") }
        defer { Glibc.close(fd) }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let read = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, input) }
            if read == 0 { break }
            var written = 0
            while written < read {
                let result = buffer.withUnsafeBytes { write(fd, $0.baseAddress! + written, read - written) }
                guard result > 0 else { throw DeliveryError("cannot write \(destination): \(String(cString: strerror(errno)))") }
                written += result
            }
        }
        guard ferror(input) == 0 else { throw DeliveryError("cannot read \(source)") }
        guard fsync(fd) == 0 else { throw DeliveryError("cannot sync \(destination): \(String(cString: strerror(errno)))") }
    }
}
