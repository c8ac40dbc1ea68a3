import Store
import Testing

@Suite struct PasswordHashTests {
    @Test func aPasswordVerifiesAgainstItsHashAndNothingElseDoes() throws {
        let stored = try PasswordHash.make(password: "a long enough password")
        let parts = stored.split(separator: "$")
        #expect(parts.count == 4 && parts[0] == "pbkdf2-sha256")
        #expect(Int(parts[1])! >= 210_000)
        #expect(PasswordHash.verify(password: "a long enough password", against: stored))
        #expect(!PasswordHash.verify(password: "a long enough passworD", against: stored))
        #expect(!PasswordHash.verify(password: "", against: stored))
        // A fresh salt each time
        #expect(try PasswordHash.make(password: "a long enough password") != stored)
    }

    @Test func malformedStoredHashesNeverVerify() {
        for stored in ["", "plain", "pbkdf2-sha256$210000$c2FsdA==", "pbkdf2-sha1$1$c2FsdHNhbHRzYWx0$AAAAAAAAAAAAAAAAAAAAAA==",
                       "pbkdf2-sha256$0$c2FsdHNhbHRzYWx0$AAAAAAAAAAAAAAAAAAAAAA==", "pbkdf2-sha256$x$c2FsdA==$c2FsdA==",
                       "pbkdf2-sha256$1000$!!!$AAAAAAAAAAAAAAAAAAAAAA==", "pbkdf2-sha256$99999999999$c2FsdA==$AAAAAAAAAAAAAAAAAAAAAA=="] {
            #expect(!PasswordHash.verify(password: "whatever it is", against: stored), "\(stored)")
        }
    }

    @Test func shortPasswordsAreRefused() {
        #expect {
            try PasswordHash.make(password: "elevenchars")
        } throws: { error in
            error is PasswordHash.TooShort && "\(error)" == "the password must be at least 12 characters long"
        }
        #expect(PasswordHash.verify(password: "twelve chars", against: try! PasswordHash.make(password: "twelve chars")))
    }

    @Test func hmacMatchesRFC4231() {
        // RFC 4231 test case 2
        #expect(HMAC.sha256Hex(key: Array("Jefe".utf8), message: "what do ya want for nothing?")
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(HMAC.constantTimeEquals([1, 2, 3], [1, 2, 3]))
        #expect(!HMAC.constantTimeEquals([1, 2, 3], [1, 2, 4]))
        #expect(!HMAC.constantTimeEquals([1, 2, 3], [1, 2]))
    }
}
