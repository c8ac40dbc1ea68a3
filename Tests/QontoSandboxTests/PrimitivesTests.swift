import Foundation
@testable import QontoSandbox
import Testing

/// The hand-written building blocks: JSON output, timestamps, hashes, form decoding.
struct PrimitivesTests {
    @Test func jsonEscapesAmpersandAndAngleBracketsLikeRails() {
        let json = JSON.object([("url", .string("http://h/f?a=1&b=<2>")), ("name", .string("Dupont & Fils \"Zoé\"\n"))])
        let text = String(decoding: json.serialized(), as: UTF8.self)
        #expect(text == #"{"url":"http://h/f?a=1\u0026b=\u003c2\u003e","name":"Dupont \u0026 Fils \"Zoé\"\n"}"#)
        // Foundation's parser reads it back unchanged.
        let parsed = try? JSONSerialization.jsonObject(with: Data(json.serialized())) as? [String: String]
        #expect(parsed?["url"] == "http://h/f?a=1&b=<2>")
    }

    @Test func euroFloatsArePrintedExactlyFromCents() {
        let cases: [(Int, String)] = [(5999, "59.99"), (5990, "59.9"), (5905, "59.05"), (100, "1.0"), (0, "0.0"), (-4550, "-45.5")]
        for (cents, literal) in cases {
            #expect(JSON.euros(cents: cents) == .number(literal))
        }
    }

    @Test func decimalStringsAlwaysHaveTwoDecimals() {
        #expect(DatasetGenerator.decimal(123_456) == "1234.56")
        #expect(DatasetGenerator.decimal(-4500) == "-45.00")
        #expect(DatasetGenerator.decimal(7) == "0.07")
        #expect(SandboxState.cents("12.3") == 1230)
        #expect(SandboxState.cents("-45") == -4500)
        #expect(SandboxState.cents("1.234") == nil)
        #expect(SandboxState.cents("abc") == nil)
    }

    @Test func timestampsHaveMillisecondsAndZ() {
        let instant = Instant(milliseconds: 1_776_000_069_530)
        #expect(instant.iso8601 == "2026-04-12T13:21:09.530Z")
        #expect(instant.day == "2026-04-12")
        #expect(instant.amzDate == "20260412T132109Z")
        #expect(Instant(milliseconds: -1).iso8601 == "1969-12-31T23:59:59.999Z")
    }

    @Test func filterDatesAcceptTheFormsClientsSend() {
        let expected = Instant(milliseconds: 1_776_000_069_000)
        #expect(Instant.parse("2026-04-12T13:21:09Z") == expected)
        #expect(Instant.parse("2026-04-12T13:21:09.530Z") == expected.adding(milliseconds: 530))
        #expect(Instant.parse("2026-04-12T15:21:09+02:00") == expected)
        #expect(Instant.parse("2026-04-12T13:21:09") == expected)
        #expect(Instant.parse("2026-04-12") == Instant(milliseconds: 1_775_952_000_000))
        for bad in ["2026-13-01", "yesterday", "2026-04-12T25:00:00Z", "2026-04-12T13:21:09Zjunk", "1712345678"] {
            #expect(Instant.parse(bad) == nil, "\(bad) should be refused")
        }
    }

    @Test func sha256AndHMACMatchPublishedVectors() {
        #expect(SHA256.hash(Array("abc".utf8)).hexString == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hash([]).hexString == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hash([UInt8](repeating: 0x61, count: 1000)).hexString
            == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
        // RFC 4231 test case 2.
        #expect(SHA256.hmac(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8)).hexString
            == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test func pkceChallengeIsBase64URLOfTheVerifierHash() {
        let verifier = "dBjftJeZ4CVP-mJ92K9qXpDUk2iA9ssfGXtk9WD8L8Fh"
        #expect(SHA256.hash(Array(verifier.utf8)).base64URLString == "9IoGmDBLh1C7VRFGNQIgqsGvRO8_-VPRFlu6K1gKBcU")
    }

    @Test func formParametersDecodeEscapedBracketsPlusAndCommaLists() {
        let form = FormParameters("filter%5Bstatus%5D%5B%5D=paid&filter[status][]=to_review,pending&scope=a+b%20c&empty")
        #expect(form.all("filter[status][]") == ["paid", "to_review", "pending"])
        #expect(form["scope"] == "a b c")
        #expect(form["empty"] == "")
        #expect(form["missing"] == nil)
    }

    @Test func theJSONParserKeepsKeyOrderAndNumberLiterals() throws {
        let text = #"{"b": 1.50, "a": [true, null, "x\u0026y\ud83d\ude00"], "c": {}}"#
        let json = try JSONParser.parse(Array(text.utf8))
        #expect(String(decoding: json.serialized(), as: UTF8.self) == #"{"b":1.50,"a":[true,null,"x\u0026y😀"],"c":{}}"#)
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(Array("{\"a\":}".utf8)) }
    }

    @Test func requestLogRedactsSecretQueryValues() {
        let query = "X-Amz-Date=1&X-Amz-Signature=abc&code=xyz&state=keep&client_secret=s"
        #expect(SandboxRequest.redact(query) == "X-Amz-Date=1&X-Amz-Signature=REDACTED&code=REDACTED&state=keep&client_secret=REDACTED")
    }
}
