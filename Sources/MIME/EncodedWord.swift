/// RFC 2047 encoded words for unstructured headers (Subject) and phrases (display names).
///
/// Only the `B` (base64) encoding of UTF-8 is produced: `=?UTF-8?B?…?=`. It is valid in
/// both unstructured text and phrases, needs no escaping rules, and can be split anywhere
/// between characters. Each encoded word is at most 75 characters and holds whole
/// characters: words are split between grapheme clusters where one fits, and between
/// Unicode scalars otherwise, never inside a UTF-8 sequence.
public enum EncodedWord {
    /// The longest encoded word RFC 2047 allows.
    static let maximumWordLength = 75

    /// `=?UTF-8?B?` and `?=` around the base64 text.
    static let overhead = 12

    /// Folds an unstructured header value such as a Subject, encoding it if needed.
    ///
    /// The text is first passed through ``HeaderText/sanitize(_:)``, so the result can never
    /// contain anything but folding CRLFs. Then:
    /// - printable ASCII that contains no `=?` (which a decoder could take for an encoded
    ///   word) stays plain text, folded at spaces so lines are at most 78 octets where the
    ///   words allow; a single word longer than that (a SHA-256 in an `X-` header) keeps its
    ///   own line, within RFC 5322's hard limit of 998 octets, rather than being encoded;
    /// - anything else becomes `=?UTF-8?B?…?=` encoded words of at most 75 characters,
    ///   separated by CRLF + SP; the first is shortened to fit the first line.
    ///
    /// Lines are at most 78 octets, counting the field name on the first line, except when
    /// `headerNameLength` exceeds 58: the first line then holds one short encoded word anyway.
    /// - Parameters:
    ///   - text: The untrusted value.
    ///   - headerNameLength: Octets already on the first line, such as 9 for `"Subject: "`.
    /// - Returns: The folded value without a final CRLF; empty when the sanitised text is empty.
    public static func encodeUnstructured(_ text: String, headerNameLength: Int) -> String {
        let clean = HeaderText.sanitize(text)
        guard !clean.isEmpty else { return "" }
        let words = clean.split(separator: " ").map(String.init)
        if canStayPlain(clean, words: words, headerNameLength: headerNameLength) {
            return HeaderFolding.fold(words, firstLineUsed: headerNameLength)
        }
        let firstWordLength = min(
            maximumWordLength, max(overhead + 8, HeaderFolding.preferredLineLength - headerNameLength)
        )
        let encoded = encode(
            clean,
            firstWordBytes: payloadBytes(wordLength: firstWordLength),
            otherWordsBytes: payloadBytes(wordLength: maximumWordLength)
        )
        return HeaderFolding.fold(encoded, firstLineUsed: headerNameLength)
    }

    /// Whether sanitised `text` can be written as plain, folded unstructured text.
    static func canStayPlain(_ text: String, words: [String], headerNameLength: Int) -> Bool {
        guard text.utf8.allSatisfy(ASCIIGrammar.isPrintable), !text.contains("=?") else { return false }
        for (index, word) in words.enumerated() {
            let used = index == 0 ? headerNameLength : 1
            if used + word.utf8.count > HeaderFolding.maximumLineLength { return false }
        }
        return true
    }

    /// The number of UTF-8 bytes whose base64 fits in an encoded word of `wordLength` characters.
    static func payloadBytes(wordLength: Int) -> Int {
        (wordLength - overhead) / 4 * 3
    }

    /// Encodes `text` as a sequence of `=?UTF-8?B?…?=` words.
    ///
    /// - Parameters:
    ///   - text: Any text; it is encoded as is (sanitise it first).
    ///   - firstWordBytes: The most UTF-8 bytes in the first word (at least 4).
    ///   - otherWordsBytes: The most UTF-8 bytes in each following word (at least 4).
    /// - Returns: The encoded words, in order; empty for empty text.
    static func encode(_ text: String, firstWordBytes: Int, otherWordsBytes: Int) -> [String] {
        chunks(of: text, firstChunkBytes: firstWordBytes, otherChunksBytes: otherWordsBytes).map {
            "=?UTF-8?B?" + Base64LineEncoder.unbroken($0) + "?="
        }
    }

    /// Splits the UTF-8 of `text` into chunks of whole characters, at most the given sizes.
    ///
    /// Chunks end between grapheme clusters; a cluster larger than a chunk is split between
    /// its Unicode scalars. A scalar (at most 4 bytes) is never split, so sizes below 4 are
    /// treated as 4.
    static func chunks(of text: String, firstChunkBytes: Int, otherChunksBytes: Int) -> [[UInt8]] {
        var result: [[UInt8]] = []
        var current: [UInt8] = []
        var limit = max(4, firstChunkBytes)
        func close() {
            result.append(current)
            current = []
            limit = max(4, otherChunksBytes)
        }
        for character in text {
            let bytes = Array(character.utf8)
            if current.count + bytes.count <= limit {
                current += bytes
                continue
            }
            if !current.isEmpty { close() }
            if bytes.count <= limit {
                current = bytes
                continue
            }
            for scalar in character.unicodeScalars {
                let scalarBytes = Array(String(scalar).utf8)
                if current.count + scalarBytes.count > limit { close() }
                current += scalarBytes
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }
}
