import HTTPTypes
import Hummingbird
import NIOCore

/// The response shapes the sandbox sends, one function each, so every route fails alike.
///
/// App responses carry `x-request-id: <id>`, and JSON:API errors `"trace_id": "sim-<id>"` with the
/// same id, so a test can tie the two together. Gateway responses carry `x-tyk-trace-id` and no
/// `x-request-id`, because the Rails app never saw the request.
enum Replies {
    static let requestID = HTTPField.Name("x-request-id")!
    static let tykTraceID = HTTPField.Name("x-tyk-trace-id")!
    static let stagingToken = HTTPField.Name("X-Qonto-Staging-Token")!
    static let amzRequestID = HTTPField.Name("x-amz-request-id")!

    /// A fresh id for `x-request-id` and `trace_id`.
    static func newRequestID() -> String { OAuthAuthority.randomHex() }

    /// `application/json; charset=utf-8` with this body.
    static func json(_ body: JSON, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return bytes(body.serialized(), status: status, headers: fields)
    }

    /// A raw body with a `Content-Length`.
    static func bytes(_ body: [UInt8], status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// A Business API error: `{"errors":[{"code","detail"[,"source":{"parameter"}]}],"trace_id":"sim-…"}`.
    static func apiError(_ status: HTTPResponse.Status, code: String, detail: String, parameter: String? = nil,
                         headers: HTTPFields = [:]) -> Response {
        let id = newRequestID()
        var error: [(String, JSON)] = [("code", .string(code)), ("detail", .string(detail))]
        if let parameter { error.append(("source", .object([("parameter", .string(parameter))]))) }
        var fields = headers
        fields[requestID] = id
        return json(.object([("errors", .array([.object(error)])), ("trace_id", .string("sim-" + id))]), status: status, headers: fields)
    }

    /// `404 {"errors":[{"code":"not_found","detail":"Not found"}]}` for an unknown id.
    static func notFound() -> Response { apiError(.notFound, code: "not_found", detail: "Not found") }

    /// `422` for a bad value of a known query parameter.
    static func invalidParameter(_ name: String, _ detail: String) -> Response {
        apiError(.unprocessableContent, code: "invalid_parameter", detail: detail, parameter: name)
    }

    /// The Tyk gateway's answer for a path no route serves: `404 text/plain` "Not Found".
    static func gatewayNotFound() -> Response {
        var fields = HTTPFields()
        fields[.contentType] = "text/plain; charset=utf-8"
        fields[tykTraceID] = newRequestID()
        return bytes(Array("Not Found".utf8), status: .notFound, headers: fields)
    }

    /// A `200` whose JSON stops halfway (a connection or proxy that cut the body short, with a
    /// `Content-Length` that matches what is sent): it cannot be parsed.
    static func truncatedJSON() -> Response {
        var fields = HTTPFields()
        fields[.contentType] = "application/json; charset=utf-8"
        fields[requestID] = newRequestID()
        return bytes(Array(#"{"supplier_invoices":[{"id":"5b0e2c8e-1f4a-4c1e-9d7e-0000000"#.utf8), status: .ok, headers: fields)
    }

    /// A gateway `502` HTML page, as a load balancer in front of the API would send it.
    static func badGateway() -> Response {
        var fields = HTTPFields()
        fields[.contentType] = "text/html; charset=utf-8"
        fields[tykTraceID] = newRequestID()
        let page = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n"
        return bytes(Array(page.utf8), status: .badGateway, headers: fields)
    }

    /// The OneLogin sign-in page Qonto's staging gate shows without `X-Qonto-Staging-Token`.
    static func oneLogin() -> Response {
        var fields = HTTPFields()
        fields[.contentType] = "text/html; charset=utf-8"
        let page = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>OneLogin</title></head>
            <body><form method="post" action="https://qonto.onelogin.com/login">
            <h1>Sign in to Qonto staging</h1><p>This environment is restricted. Sign in with your OneLogin account.</p>
            <input name="username" type="email"><input name="password" type="password"><button>Continue</button>
            </form></body></html>

            """
        return bytes(Array(page.utf8), status: .ok, headers: fields)
    }

    /// An S3-style XML error (`403` for expired or tampered presigned URLs).
    static func s3Error(_ status: HTTPResponse.Status, code: String, message: String) -> Response {
        var fields = HTTPFields()
        fields[.contentType] = "application/xml"
        let id = newRequestID()
        fields[amzRequestID] = id
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>\(code)</Code><Message>\(message)</Message>"
            + "<RequestId>\(id.prefix(16).uppercased())</RequestId></Error>"
        return bytes(Array(xml.utf8), status: status, headers: fields)
    }

    /// The response for an OAuth endpoint's outcome.
    static func oauth(_ outcome: OAuthOutcome) -> Response {
        var fields = HTTPFields()
        fields[requestID] = newRequestID()
        fields[.cacheControl] = "no-store"
        switch outcome {
        case .redirect(let location):
            fields[.location] = location
            return bytes([], status: .found, headers: fields)
        case .json(let body):
            return json(body, headers: fields)
        case .empty:
            return bytes([], status: .ok, headers: fields)
        case .error(let status, let error, let description):
            return json(.object([("error", .string(error)), ("error_description", .string(description))]),
                        status: HTTPResponse.Status(code: status), headers: fields)
        }
    }
}
