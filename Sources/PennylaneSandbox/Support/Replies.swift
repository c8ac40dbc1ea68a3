import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The responses the sandbox sends, one function each, so every route fails alike.
enum Replies {
    /// `application/json; charset=utf-8` with this object.
    static func json(_ object: Any, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: Array(data))))
    }

    /// Pennylane's error shape: `{"error": "<message>", "status": <code>}`.
    static func error(_ status: HTTPResponse.Status, _ message: String, headers: HTTPFields = [:]) -> Response {
        json(["error": message, "status": status.code], status: status, headers: headers)
    }

    /// `400` for a bad parameter.
    static func badRequest(_ message: String) -> Response { error(.badRequest, message) }

    /// A cursor page: `{"has_more", "next_cursor", "items"}`.
    static func page(_ items: [[String: Any]], nextCursor: String?) -> Response {
        json(["has_more": nextCursor != nil, "next_cursor": nextCursor ?? NSNull(), "items": items] as [String: Any])
    }
}

/// Timestamps as Pennylane writes them: RFC 3339 with milliseconds, UTC.
enum SandboxTime {
    static func format(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    static func parse(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}

extension HTTPField.Name {
    static let retryAfterName = HTTPField.Name("retry-after")!
    static let rateLimitLimit = HTTPField.Name("ratelimit-limit")!
    static let rateLimitRemaining = HTTPField.Name("ratelimit-remaining")!
    static let rateLimitReset = HTTPField.Name("ratelimit-reset")!
}
