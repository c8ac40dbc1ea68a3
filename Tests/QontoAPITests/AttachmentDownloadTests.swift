import Curl
import FacteurCore
import FacteurTesting
import Foundation
@testable import QontoAPI
import QontoSandbox
import Testing

/// Attachments: pre-signed URLs that expire, downloads cut short.
@Suite(.serialized) struct AttachmentDownloadTests {
    /// Downloads the first invoice's attachment; returns the bytes written and the file's bytes.
    static func downloadFirst(_ sandbox: QontoSandbox, into directory: TemporaryDirectory) async throws -> (Int, Data, Int?) {
        let box = ClientBox(try SandboxClientTests.apiKeyClient(sandbox))
        let path = "\(directory.path)/attachment.bin"
        return try await CurlWorker.run {
            var first: QontoInvoice?
            try box.client.invoices(.supplier, updatedFrom: Date(timeIntervalSince1970: 0), to: Date().addingTimeInterval(60)) { page in
                if first == nil { first = page.first { $0.attachmentID != nil && !$0.isNonFinancial } }
            }
            guard let attachmentID = first?.attachmentID else { throw TestSupportError("no invoice with an attachment") }
            let (info, written) = try box.client.download(attachmentID: attachmentID, to: path)
            return (written, try Data(contentsOf: URL(fileURLWithPath: path)), info.fileSize)
        }
    }

    @Test func aDownloadStopsAtItsByteLimitWhateverWasAnnounced() async throws {
        // Code review fix 2: the file download had no byte limit (Int.max), so a file Qonto
        // announced no size for could be any size. Here the storage URL is fetched directly with
        // a limit below the file's size.
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await SandboxClientTests.withSandbox { sandbox in
            let box = ClientBox(try SandboxClientTests.apiKeyClient(sandbox))
            let path = "\(directory.path)/attachment.bin"
            let outcome: (Int32?, Int) = try await CurlWorker.run {
                var first: QontoInvoice?
                try box.client.invoices(.supplier, updatedFrom: Date(timeIntervalSince1970: 0), to: Date().addingTimeInterval(60)) { page in
                    if first == nil { first = page.first { $0.attachmentID != nil && !$0.isNonFinancial } }
                }
                guard let attachmentID = first?.attachmentID else { throw TestSupportError("no invoice with an attachment") }
                let info = try box.client.attachment(id: attachmentID)
                let http = try CurlHTTPClient(settings: HTTPSettings(userAgent: "Facteur-tests"))
                do {
                    _ = try http.download(HTTPRequest(url: info.url), to: path, limit: 100)
                    return (nil, (try? Data(contentsOf: URL(fileURLWithPath: path)).count) ?? -1)
                } catch {
                    return ((error as? CurlError)?.code, (try? Data(contentsOf: URL(fileURLWithPath: path)).count) ?? -1)
                }
            }
            #expect(outcome.0 == CurlCode.fileSizeExceeded)
            #expect(outcome.1 <= 100)
        }
    }

    @Test func downloadsTheAnnouncedBytes() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await SandboxClientTests.withSandbox { sandbox in
            let (written, data, size) = try await Self.downloadFirst(sandbox, into: directory)
            #expect(written == data.count && size == written && written > 0)
        }
    }

    @Test func anExpiredURLIsReplacedByAFreshOne() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await SandboxClientTests.withSandbox { sandbox in
            await sandbox.faults.expireAttachmentURLs(next: 1)
            let (written, data, _) = try await Self.downloadFirst(sandbox, into: directory)
            #expect(written == data.count && written > 0)
            let metadata = await sandbox.requests().filter { $0.path.hasPrefix("/v2/attachments/") }
            #expect(metadata.count == 2)
        }
    }

    @Test func aTruncatedDownloadIsDetectedAndRetried() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await SandboxClientTests.withSandbox { sandbox in
            await sandbox.faults.truncateDownloads(next: 1)
            let (written, data, size) = try await Self.downloadFirst(sandbox, into: directory)
            #expect(written == size && data.count == size)
            let files = await sandbox.requests().filter { $0.path.hasPrefix("/files/") }
            #expect(files.count == 2)
        }
    }

    @Test func aDownloadThatStaysTruncatedIsAnError() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await SandboxClientTests.withSandbox { sandbox in
            await sandbox.faults.truncateDownloads(next: 10)
            await #expect(throws: QontoError.self) { _ = try await Self.downloadFirst(sandbox, into: directory) }
        }
    }
}
