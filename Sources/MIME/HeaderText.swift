/// Neutralises untrusted text before it becomes a header value.
///
/// Subjects, display names and extra header values come from invoices, suppliers and
/// configuration, so they may hold anything. After ``sanitize(_:)`` such text is a single
/// line: it can no longer end a header, start another one, or smuggle a recipient.
public enum HeaderText {
    /// Turns untrusted text into a single line of visible text separated by single spaces.
    ///
    /// Working on Unicode scalars:
    /// - replaced by a space: every C0 control (including CR, LF, TAB and NUL), DEL, every
    ///   C1 control (including NEL U+0085), the line and paragraph separators U+2028 and
    ///   U+2029, and every other Unicode white space (such as U+00A0 or U+3000);
    /// - removed: the invisible bidirectional formatting characters (U+061C, U+200E, U+200F,
    ///   U+202A–U+202E, U+2066–U+2069), which can make text display in a misleading order,
    ///   and the byte-order mark / zero-width no-break space U+FEFF. Other format characters,
    ///   such as the zero-width joiner U+200D used by emoji sequences, are kept;
    /// - then runs of spaces are collapsed to one, and leading and trailing spaces are trimmed.
    ///
    /// The result never contains CR, LF or any other control character. The function is
    /// idempotent.
    /// - Parameter text: The untrusted text.
    /// - Returns: The sanitised text, possibly empty.
    public static func sanitize(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            switch classify(scalar) {
            case .removed:
                continue
            case .space:
                pendingSpace = !result.isEmpty
            case .kept:
                if pendingSpace {
                    result.append(" ")
                    pendingSpace = false
                }
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// What ``sanitize(_:)`` does with one scalar.
    enum Treatment {
        /// The scalar is kept as is.
        case kept
        /// The scalar becomes (part of) a single separating space.
        case space
        /// The scalar is dropped.
        case removed
    }

    /// Decides how ``sanitize(_:)`` treats `scalar`.
    static func classify(_ scalar: Unicode.Scalar) -> Treatment {
        switch scalar.value {
        case 0x00...0x20, 0x7F...0xA0, 0x2028, 0x2029:
            return .space
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0xFEFF:
            return .removed
        case 0x21...0x7E:
            return .kept
        default:
            return scalar.properties.isWhitespace ? .space : .kept
        }
    }
}
