import Curl
import Foundation
@testable import QontoAPI
import Testing

/// How Qonto's error answers become ``QontoError``s.
@Suite struct ErrorMappingTests {
    @Test func missingScopeIsNamedAndIsNotAnAuthFailure() {
        let body = Array(#"{"errors":[{"code":"forbidden","detail":"missing required OAuth scope: client_invoices.read"}],"trace_id":"sim-1"}"#.utf8)
        let error = QontoClient.forbidden(HTTPResponse(status: 403, headers: ["content-type": "application/json"], body: body), path: "/v2/client_invoices")
        #expect(error.code == .forbidden && !error.isAuthFailure)
        #expect(error.message.contains("lacks the OAuth scope client_invoices.read"))
    }

    @Test func planRestrictionIsForbiddenWithItsMessage() {
        let body = Array(#"{"message":"Forbidden","trace_id":"sim-2"}"#.utf8)
        let error = QontoClient.forbidden(HTTPResponse(status: 403, headers: ["content-type": "application/json"], body: body), path: "/v2/supplier_invoices")
        #expect(error.code == .forbidden)
        #expect(error.message.contains("plan or the user's role"))
    }

    @Test func retryAfterIsReadInSecondsAndCapped() {
        #expect(QontoClient.retryAfter(HTTPResponse(status: 429, headers: ["retry-after": "2"])) == 2)
        #expect(QontoClient.retryAfter(HTTPResponse(status: 429, headers: ["retry-after": "86400"])) == 300)
        #expect(QontoClient.retryAfter(HTTPResponse(status: 429, headers: [:])) == nil)
    }
}
