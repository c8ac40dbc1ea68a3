import Foundation
import Hummingbird

/// A cursor-paginated list: `limit`, `sort`, `filter`, `cursor` → `{has_more, next_cursor, items}`.
enum Listing {
    static func respond<Record>(_ records: [Record], query: QueryItems, scope: String, filters: FilterSpec,
                                id: (Record) -> Int, value: (Record, String) -> String?,
                                json: (Record) -> [String: Any]) -> Response {
        let limit: Int
        switch query["limit"].map({ Int($0) }) {
        case nil: limit = 20
        case .some(let parsed?) where (1...100).contains(parsed): limit = parsed
        default: return Replies.badRequest("limit must be an integer between 1 and 100")
        }
        let sort = query["sort"] ?? "-id"
        guard sort == "id" || sort == "-id" else { return Replies.badRequest("sort must be id or -id") }
        let conditions: [FilterSpec.Condition]
        switch filters.parse(query["filter"]) {
        case .success(let parsed): conditions = parsed
        case .failure(let error): return Replies.badRequest(error.message)
        }
        let cursorScope = "\(scope)/\(sort)"
        var after: Int?
        if let cursor = query["cursor"], !cursor.isEmpty {
            guard let position = Cursor.read(cursor, scope: cursorScope) else { return Replies.badRequest("Invalid cursor") }
            after = position
        }
        var selected = records.filter { record in conditions.allSatisfy { $0.holds(for: value(record, $0.field)) } }
        selected.sort { sort == "id" ? id($0) < id($1) : id($0) > id($1) }
        if let after { selected = selected.filter { sort == "id" ? id($0) > after : id($0) < after } }
        let page = Array(selected.prefix(limit))
        let next = selected.count > limit ? page.last.map { Cursor.make(scope: cursorScope, position: id($0)) } : nil
        return Replies.page(page.map(json), nextCursor: next)
    }
}

/// A changelog: oldest first, `start_date` (RFC 3339) or `cursor` (not both), `limit` 1–1000.
enum Changelog {
    static func respond(_ changes: [PennylaneDataset.Change], resource: PennylaneDataset.Resource, query: QueryItems,
                        now: Date, retention: Double) -> Response {
        let limit: Int
        switch query["limit"].map({ Int($0) }) {
        case nil: limit = 20
        case .some(let parsed?) where (1...1000).contains(parsed): limit = parsed
        default: return Replies.badRequest("limit must be an integer between 1 and 1000")
        }
        let oldest = now.addingTimeInterval(-retention)
        let cursor = query["cursor"].flatMap { $0.isEmpty ? nil : $0 }
        let startDate = query["start_date"].flatMap { $0.isEmpty ? nil : $0 }
        if cursor != nil, startDate != nil { return Replies.badRequest("start_date and cursor cannot be used together") }
        var start: Int
        if let cursor {
            guard let position = Cursor.read(cursor, scope: "changelogs/\(resource.rawValue)"), position >= 0 else {
                return Replies.badRequest("Invalid cursor")
            }
            start = position
        } else if let startDate {
            guard let since = SandboxTime.parse(startDate) else { return Replies.badRequest("start_date must be an RFC 3339 date-time") }
            guard since >= oldest else {
                return Replies.error(.unprocessableContent, "start_date cannot be older than 4 weeks")
            }
            start = changes.firstIndex { $0.processedAt >= since } ?? changes.count
        } else {
            start = 0
        }
        // Changes past the retention are gone, whatever the cursor says.
        start = max(start, changes.firstIndex { $0.processedAt >= oldest } ?? changes.count)
        let end = min(changes.count, start + limit)
        let page = start < end ? Array(changes[start..<end]) : []
        let next = end < changes.count ? Cursor.make(scope: "changelogs/\(resource.rawValue)", position: end) : nil
        return Replies.page(page.map(\.json), nextCursor: next)
    }
}
