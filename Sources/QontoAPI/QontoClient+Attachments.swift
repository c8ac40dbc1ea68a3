import Curl
import FacteurCore
import Foundation

/// An attachment's metadata. The pre-signed `url` is valid 30 minutes and is never logged or stored.
public struct QontoAttachment: Sendable, Hashable {
    /// The attachment ID.
    public var id: String
    /// The original file name.
    public var fileName: String?
    /// The size Qonto announces (`file_size`, a string or a number).
    public var fileSize: Int?
    /// The announced content type (not trusted: the file's bytes decide).
    public var contentType: String?
    /// The pre-signed download URL.
    var url: String
}

extension QontoClient {
    /// `GET /v2/attachments/{id}`: metadata and a fresh pre-signed URL.
    /// - Throws: ``QontoError``.
    public func attachment(id: String) throws(QontoError) -> QontoAttachment {
        try QontoID.validate(id, "an attachment")
        let object = try get("/v2/attachments/\(FormEncoding.escape(id))")
        guard let json = object["attachment"] as? [String: Any], let url = json["url"] as? String else {
            throw QontoError(.decoding, "Qonto's attachment \(id) has no download URL")
        }
        let size = (json["file_size"] as? String).flatMap { Int($0) } ?? (json["file_size"] as? NSNumber)?.intValue
        return QontoAttachment(id: id, fileName: json["file_name"] as? String, fileSize: size,
                               contentType: json["file_content_type"] as? String, url: url)
    }

    /// Downloads an attachment's file to `path`, streamed.
    ///
    /// A URL that has expired (403 from the storage) is replaced by a fresh one; a body shorter than
    /// announced (the connection dropped) is downloaded again; after three tries it is an error.
    /// - Parameter maxBytes: The largest file accepted (`max_attachment_size`): a larger announced
    ///   size is refused before anything is downloaded, and a file with no announced size (or a
    ///   wrong one) is stopped one byte past the limit, its partial file removed.
    /// - Returns: The metadata and the number of bytes written.
    /// - Throws: ``QontoError`` (`.download` when the file stays incomplete, `.tooLarge`,
    ///   `.invalidID`). Messages never name a local path.
    public func download(attachmentID: String, to path: String, maxBytes: Int? = nil) throws(QontoError) -> (QontoAttachment, Int) {
        var lastProblem = ""
        for attempt in 1...3 {
            let info = try attachment(id: attachmentID)
            if let maxBytes, let size = info.fileSize, size > maxBytes {
                throw QontoError(.tooLarge, "attachment \(attachmentID) is \(size) bytes, over max_attachment_size (\(maxBytes) bytes)")
            }
            var headers: [(name: String, value: String)] = []
            if let token = settings.stagingToken, URLComponents(string: info.url)?.host?.hasSuffix(".staging.qonto.co") == true {
                headers.append(("X-Qonto-Staging-Token", token.exposedValue))
            }
            // Qonto's per-IP limits count its API: a pre-signed link to another host (its file
            // storage) is not paced, one served by the API's own host (the sandbox) is.
            if URLComponents(string: info.url)?.host == URLComponents(string: settings.apiURL)?.host {
                try gate.enter()
            }
            requestCount += 1
            let response: HTTPResponse
            do {
                response = try http.download(HTTPRequest(url: info.url, headers: headers), to: path,
                                             limit: maxBytes.map { $0 + 1 } ?? Int.max)
            } catch {
                if let maxBytes, error.code == CurlCode.fileSizeExceeded {
                    unlink(path)
                    throw QontoError(.tooLarge, "attachment \(attachmentID) is over max_attachment_size (\(maxBytes) bytes); its download was stopped")
                }
                // Not the error's text: a local write failure names a file of this server.
                lastProblem = error.code == CurlCode.partialFile ? "the download stopped before the end"
                    : error.code == CurlCode.writeError ? "the file could not be written to the data directory" : "\(error)"
                if attempt < 3 { try pause(Double(attempt), before: "attachment \(attachmentID)") }
                continue
            }
            if response.status == 403 {
                lastProblem = "the download link had expired"
                continue
            }
            guard (200..<300).contains(response.status) else {
                lastProblem = "the storage answered \(response.status)"
                if attempt < 3 { try pause(Double(attempt), before: "attachment \(attachmentID)") }
                continue
            }
            if let maxBytes, response.bytesWritten > maxBytes {
                unlink(path)
                throw QontoError(.tooLarge, "attachment \(attachmentID) is over max_attachment_size (\(maxBytes) bytes)")
            }
            let announced = response.headers["content-length"].flatMap { Int($0) }
            if let announced, announced != response.bytesWritten {
                lastProblem = "received \(response.bytesWritten) of \(announced) bytes"
                continue
            }
            if let size = info.fileSize, size != response.bytesWritten {
                lastProblem = "received \(response.bytesWritten) bytes, Qonto announced \(size)"
                continue
            }
            return (info, response.bytesWritten)
        }
        throw QontoError(.download, "cannot download attachment \(attachmentID): \(lastProblem)")
    }
}
