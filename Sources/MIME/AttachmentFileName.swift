/// Safe attachment file names.
///
/// File names come from suppliers and upload forms: they may hold directories, controls,
/// characters that file systems refuse, or be absurdly long. The recipient's mail system
/// will store the attachment under this name, so it is cleaned first.
public enum AttachmentFileName {
    /// The stem used when nothing usable is left of a name.
    static let fallbackStem = "invoice"

    /// The characters most file systems refuse or shells misread: `<>:"|?*`.
    static let unsafeScalars: Set<Unicode.Scalar> = ["<", ">", ":", "\"", "|", "?", "*"]

    /// Cleans an untrusted file name so it is safe to store on common systems.
    ///
    /// In order:
    /// 1. keeps only what follows the last `/` or `\`, so `../../etc/passwd` becomes `passwd`;
    /// 2. removes `<>:"|?*`, then applies ``HeaderText/sanitize(_:)``: controls (NUL, CR,
    ///    LF, TAB…) and Unicode spaces become single spaces, bidirectional formatting
    ///    characters are removed, and the ends are trimmed;
    /// 3. removes trailing dots and spaces (Windows drops them), then takes the extension
    ///    after the last dot when it is 1–10 ASCII letters or digits;
    /// 4. removes leading dots and spaces (no hidden files, no `..`) and trailing ones from
    ///    the stem; an empty stem becomes `invoice`, so `.pdf` gives `invoice.pdf`;
    /// 5. shortens the stem to keep the whole name within `maxUTF8Bytes`, cutting between
    ///    grapheme clusters (between Unicode scalars if one cluster is too long), keeping the
    ///    extension. When even the extension does not fit, it is dropped.
    ///
    /// Unicode normalisation is not applied. The result is never empty, never starts with a
    /// dot or space, and contains no `/`, `\`, control character or CR/LF.
    /// - Parameters:
    ///   - original: The untrusted name, possibly a path.
    ///   - maxUTF8Bytes: The largest result size in UTF-8 bytes; values below 1 count as 1.
    /// - Returns: The safe file name.
    public static func sanitize(_ original: String, maxUTF8Bytes: Int = 150) -> String {
        var base = original.unicodeScalars[...]
        if let separator = base.lastIndex(where: { $0 == "/" || $0 == "\\" }) {
            base = base[base.index(after: separator)...]
        }
        var kept = String.UnicodeScalarView()
        kept.append(contentsOf: base.filter { !unsafeScalars.contains($0) })
        var cleaned = Substring(HeaderText.sanitize(String(kept)))
        trimTrailingDotsAndSpaces(&cleaned)

        var stem = cleaned
        var fileExtension: Substring = ""
        if let dot = cleaned.lastIndex(of: "."), isExtension(cleaned[cleaned.index(after: dot)...]) {
            stem = cleaned[..<dot]
            fileExtension = cleaned[cleaned.index(after: dot)...]
        }
        while stem.first == "." || stem.first == " " { stem.removeFirst() }
        trimTrailingDotsAndSpaces(&stem)

        let budget = max(1, maxUTF8Bytes)
        var suffix = fileExtension.isEmpty ? "" : "." + fileExtension
        if suffix.utf8.count >= budget { suffix = "" }
        let stemBudget = budget - suffix.utf8.count
        var shortened = truncated(stem, toUTF8Bytes: stemBudget)
        trimTrailingDotsAndSpaces(&shortened)
        if shortened.isEmpty { shortened = truncated(Substring(fallbackStem), toUTF8Bytes: stemBudget) }
        return String(shortened) + suffix
    }

    /// Whether `text` is a plausible extension: 1–10 ASCII letters or digits.
    static func isExtension(_ text: Substring) -> Bool {
        (1...10).contains(text.utf8.count) && text.utf8.allSatisfy(ASCIIGrammar.isLetterOrDigit)
    }

    /// Removes trailing dots and spaces.
    static func trimTrailingDotsAndSpaces(_ text: inout Substring) {
        while text.last == "." || text.last == " " { text.removeLast() }
    }

    /// The longest prefix of `text` of at most `limit` UTF-8 bytes.
    ///
    /// Cuts between grapheme clusters; if that leaves nothing although `limit` is positive,
    /// cuts between Unicode scalars instead.
    static func truncated(_ text: Substring, toUTF8Bytes limit: Int) -> Substring {
        guard text.utf8.count > limit else { return text }
        var used = 0
        var end = text.startIndex
        for index in text.indices {
            let size = text[index].utf8.count
            if used + size > limit { break }
            used += size
            end = text.index(after: index)
        }
        if end != text.startIndex { return text[..<end] }
        var scalarEnd = text.unicodeScalars.startIndex
        used = 0
        for index in text.unicodeScalars.indices {
            let size = UTF8.width(text.unicodeScalars[index])
            if used + size > limit { break }
            used += size
            scalarEnd = text.unicodeScalars.index(after: index)
        }
        return Substring(text.unicodeScalars[..<scalarEnd])
    }
}
