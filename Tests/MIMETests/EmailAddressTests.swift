import MIME
import Testing

@Suite("EmailAddress")
struct EmailAddressTests {
    @Test("A plain address is split into local part and domain", arguments: [
        ("factures@example.com", "factures", "example.com"),
        ("a.b-c+tag@sub.example.co.uk", "a.b-c+tag", "sub.example.co.uk"),
        ("o'brien@example.ie", "o'brien", "example.ie"),
        ("!#$%&'*+-/=?^_`{|}~@example.com", "!#$%&'*+-/=?^_`{|}~", "example.com"),
        ("root@localhost", "root", "localhost"),
        ("x@1-2.3", "x", "1-2.3"),
        ("UPPER@Example.COM", "UPPER", "Example.COM"),
    ])
    func validAddress(text: String, local: String, domain: String) throws {
        let address = try EmailAddress(text)
        #expect(address.localPart == local)
        #expect(address.domain == domain)
        #expect(address.description == text)
    }

    @Test("Leading and trailing ASCII spaces are trimmed, and nothing else")
    func trimsSpacesOnly() throws {
        #expect(try EmailAddress("  bob@example.com ").description == "bob@example.com")
        #expect(throws: MIMEError.self) { try EmailAddress("\tbob@example.com") }
        #expect(throws: MIMEError.self) { try EmailAddress("bob@example.com\n") }
        #expect(throws: MIMEError.self) { try EmailAddress("\u{00A0}bob@example.com") }
    }

    @Test("Anything that could inject SMTP commands or headers is rejected", arguments: [
        "", " ", "bob", "@example.com", "bob@", "bob@@example.com", "a@b@example.com",
        "bob@example.com\r\nRCPT TO:<evil@x.com>", "bob\r@example.com", "bob@exa\nmple.com",
        "bob@example.com>", "<bob@example.com>", "Bob <bob@example.com>", "\"bob\"@example.com",
        "bob smith@example.com", "bob,eve@example.com", "bob;eve@example.com", "bob:eve@example.com",
        "bob(comment)@example.com", "bob[1]@example.com", "bob@[127.0.0.1]", "bob\\@example.com",
        ".bob@example.com", "bob.@example.com", "bo..b@example.com", "bob@.example.com",
        "bob@example.com.", "bob@example..com", "bob@-example.com", "bob@example-.com",
        "bob@exa_mple.com", "bob@exa mple.com", "bob\u{0}@example.com", "bob\u{7F}@example.com",
        "rené@example.com", "bob@exämple.com", "bob@example.com\u{2028}", "bob\u{85}@example.com",
    ])
    func rejectsUnsafe(text: String) {
        #expect(throws: MIMEError.self) { try EmailAddress(text) }
        do {
            _ = try EmailAddress(text)
        } catch {
            #expect(error.code == .invalidAddress)
            #expect(!error.message.contains("\r") && !error.message.contains("\n"))
        }
    }

    @Test("Length limits follow RFC 5321")
    func lengthLimits() throws {
        let local64 = String(repeating: "a", count: 64)
        #expect(try EmailAddress(local64 + "@example.com").localPart == local64)
        #expect(throws: MIMEError.self) { try EmailAddress(local64 + "a@example.com") }

        let label63 = String(repeating: "b", count: 63)
        #expect(try EmailAddress("x@" + label63 + ".com").domain.count == 67)
        #expect(throws: MIMEError.self) { try EmailAddress("x@" + label63 + "b.com") }

        // Given a 252-octet domain, "x@" brings the address to the 254-octet maximum; one more octet is too long.
        let domain252 = [label63, label63, label63, String(repeating: "c", count: 60)].joined(separator: ".")
        #expect(domain252.count == 252)
        #expect(try EmailAddress("x@" + domain252).domain == domain252)
        #expect(throws: MIMEError.self) { try EmailAddress("x@" + domain252 + "c") }

        // Given a valid 64-octet local part and a valid long domain, the total must stay within 254.
        let domain189 = [label63, label63, String(repeating: "d", count: 61)].joined(separator: ".")
        #expect(try EmailAddress(local64 + "@" + domain189).description.count == 254)
        #expect(throws: MIMEError.self) { try EmailAddress(local64 + "@" + domain189 + "d") }
    }

    @Test("The error message says what is wrong without echoing control characters")
    func errorMessage() {
        do {
            _ = try EmailAddress("evil@x.com\r\nBcc: victim@y.com")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalidAddress)
            #expect(error.message.contains("exactly one \"@\""))
            #expect(error.message.contains("\\r\\n"))
            #expect(!error.message.contains("\r"))
        }
    }

    @Test("Addresses compare by their parts")
    func hashable() throws {
        #expect(try EmailAddress("a@b.c") == EmailAddress(" a@b.c"))
        #expect(try EmailAddress("a@b.c") != EmailAddress("a@b.d"))
    }
}
