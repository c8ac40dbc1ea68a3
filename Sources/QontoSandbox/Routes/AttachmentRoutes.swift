import Hummingbird
import NIOCore

/// `GET /v2/attachments/{id}` (metadata + a presigned URL) and `GET /files/{id}` (the S3 stand-in).
///
/// The URL looks like an S3 presigned URL on the sandbox's own host:
/// `<baseURL>/files/<id>?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=…&X-Amz-Date=<yyyyMMddTHHmmssZ>`
/// `&X-Amz-Expires=<attachmentURLTTL>&X-Amz-SignedHeaders=host&X-Amz-Signature=<hex HMAC-SHA-256>`.
/// The signature covers the id, the date and the lifetime, so editing any of them breaks it.
/// Downloads need no `Authorization` (like S3). Failures are S3's, as XML:
/// `403 AccessDenied "Request has expired"` once `X-Amz-Date + X-Amz-Expires` has passed,
/// `403 SignatureDoesNotMatch` for a tampered URL, `403 AccessDenied` when the signing parameters
/// are missing, `404 NoSuchKey` for an unknown file.
struct AttachmentRoutes {
    let state: SandboxState
    let faults: SandboxFaults
    let configuration: SandboxConfiguration
    let baseURL: @Sendable () -> String

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("/v2/attachments/:id") { _, context in
            await describe(id: context.parameters.get("id") ?? "")
        }
        router.get("/files/:id") { request, context in
            await download(id: context.parameters.get("id") ?? "", query: FormParameters(request.uri.query ?? ""))
        }
    }

    private func describe(id: String) async -> Response {
        guard let record = await state.attachment(id: id), let bytes = await state.fileBytes(attachmentID: id) else {
            return Replies.notFound()
        }
        let ttl = configuration.attachmentURLTTL
        var signedAt = Instant(configuration.now())
        if await faults.takeExpiredURL() { signedAt = signedAt.adding(seconds: -Int64(ttl) - 60) }
        let date = signedAt.amzDate
        let signature = AttachmentRoutes.signature(key: state.signingKey, id: id, date: date, expires: ttl)
        let credential = "SANDBOXACCESSKEY/\(date.prefix(8))/eu-central-1/s3/aws4_request"
        let url = baseURL() + "/files/\(id)?" + FormParameters.encode([
            ("X-Amz-Algorithm", "AWS4-HMAC-SHA256"), ("X-Amz-Credential", credential), ("X-Amz-Date", date),
            ("X-Amz-Expires", String(ttl)), ("X-Amz-SignedHeaders", "host"), ("X-Amz-Signature", signature),
        ])
        return Replies.json(.object([("attachment", .object([
            ("id", .string(record.id)), ("created_at", .string(record.createdAt)), ("file_name", .string(record.fileName)),
            ("file_size", .string(String(bytes.count))), ("file_content_type", .string(record.contentType)),
            ("url", .string(url)), ("probative_attachment", record.probative),
        ]))]))
    }

    private func download(id: String, query: FormParameters) async -> Response {
        guard let date = query["X-Amz-Date"], let expiresText = query["X-Amz-Expires"], let sent = query["X-Amz-Signature"] else {
            return Replies.s3Error(.forbidden, code: "AccessDenied", message: "Query-string authentication requires the X-Amz-Date, X-Amz-Expires and X-Amz-Signature parameters")
        }
        guard let expires = Int(expiresText),
              sent == AttachmentRoutes.signature(key: state.signingKey, id: id, date: date, expires: expires),
              let signedAt = AttachmentRoutes.parseAmzDate(date) else {
            return Replies.s3Error(.forbidden, code: "SignatureDoesNotMatch",
                                   message: "The request signature we calculated does not match the signature you provided.")
        }
        guard Instant(configuration.now()) <= signedAt.adding(seconds: Int64(expires)) else {
            return Replies.s3Error(.forbidden, code: "AccessDenied", message: "Request has expired")
        }
        guard let record = await state.attachment(id: id), let bytes = await state.fileBytes(attachmentID: id) else {
            return Replies.s3Error(.notFound, code: "NoSuchKey", message: "The specified key does not exist.")
        }
        var headers = HTTPFields()
        headers[.contentType] = record.contentType
        headers[.contentLength] = String(bytes.count)
        headers[.eTag] = "\"\(Array(SHA256.hash(bytes).prefix(16)).hexString)\""
        headers[Replies.amzRequestID] = Replies.newRequestID()
        guard await faults.takeTruncatedDownload(), bytes.count > 1 else {
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        // Announce everything, send half, then fail the write: Hummingbird closes the connection,
        // so the client sees a body shorter than its Content-Length.
        let half = Array(bytes.prefix(bytes.count / 2))
        return Response(status: .ok, headers: headers, body: ResponseBody(contentLength: bytes.count) { writer in
            try await writer.write(ByteBuffer(bytes: half))
            throw TruncatedDownload()
        })
    }

    /// The error that cuts a download short on purpose.
    private struct TruncatedDownload: Error {}

    static func signature(key: [UInt8], id: String, date: String, expires: Int) -> String {
        SHA256.hmac(key: key, message: Array("GET\n/files/\(id)\n\(date)\n\(expires)".utf8)).hexString
    }

    /// `20260412T080109Z` → the instant, or `nil`.
    static func parseAmzDate(_ text: String) -> Instant? {
        let chars = Array(text)
        guard chars.count == 16, chars[8] == "T", chars[15] == "Z" else { return nil }
        let iso = "\(String(chars[0..<4]))-\(String(chars[4..<6]))-\(String(chars[6..<8]))T"
            + "\(String(chars[9..<11])):\(String(chars[11..<13])):\(String(chars[13..<15]))Z"
        return Instant.parse(iso)
    }
}
