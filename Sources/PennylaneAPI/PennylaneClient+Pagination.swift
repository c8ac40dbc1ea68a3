import Foundation

extension PennylaneClient {
    /// Walks a cursor-paginated list to the end: `limit`, then `cursor` = the previous answer's
    /// `next_cursor` until `has_more` is false or `next_cursor` is null.
    /// - Parameters:
    ///   - path: The list, e.g. `/suppliers`.
    ///   - query: Parameters sent with every page.
    ///   - firstOnly: Parameters sent with the first page only (`start_date` may not travel with `cursor`).
    ///   - limit: Items per page.
    ///   - onPage: Receives each page's raw items as they arrive.
    /// - Throws: ``PennylaneError``, or what `onPage` throws.
    func paginate(_ path: String, query: [(String, String)] = [], firstOnly: [(String, String)] = [], limit: Int,
                  onPage: ([[String: Any]]) throws -> Void) throws {
        var cursor: String?
        var seen = Set<String>()
        while true {
            var parameters = query + (cursor == nil ? firstOnly : [])
            if let cursor { parameters.append(("cursor", cursor)) }
            parameters.append(("limit", String(limit)))
            let object = try get(path, query: parameters)
            guard let items = object["items"] as? [[String: Any]] else {
                throw PennylaneError(.decoding, "Pennylane's \(path) answer has no \"items\" list")
            }
            try onPage(items)
            guard JSONValue.bool(object["has_more"]) == true, let next = object["next_cursor"] as? String, !next.isEmpty else { return }
            guard seen.insert(next).inserted else {
                throw PennylaneError(.decoding, "Pennylane's \(path) returned the same next_cursor twice")
            }
            cursor = next
        }
    }
}
