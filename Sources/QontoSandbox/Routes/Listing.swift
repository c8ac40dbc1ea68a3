import Hummingbird

/// How one list endpoint filters, sorts and paginates (qonto-api.md §4.1–§4.2).
struct ListSpec: Sendable {
    /// `meta` naming: `prev_page` (Business API) or `previous_page` (invoicing lists).
    enum MetaStyle: Sendable { case standard, invoicing }

    /// One bound of a date range: `from ≤ field ≤ to`, both inclusive.
    struct DateFilter: Sendable {
        var parameter: String
        var field: String
        var isUpperBound: Bool
    }

    /// A filter on a string field by exact match against any of the given values.
    struct ValueFilter: Sendable {
        var parameters: [String]
        var field: String
    }

    var key: String
    var dateFilters: [DateFilter]
    var statusParameters: [String]
    /// Statuses kept when the client sends none (`nil`: all).
    var defaultStatuses: [String]? = nil
    var valueFilters: [ValueFilter] = []
    var sortFields: [String]
    var defaultSort: String
    var defaultPerPage: Int
    var maxPerPage: Int
    var metaStyle: MetaStyle = .standard

    /// `x_from`/`x_to` pairs (`filter[x_from]` when `bracketed`) for each field.
    static func dateRange(_ fields: [String], bracketed: Bool) -> [DateFilter] {
        fields.flatMap { field in
            [("_from", false), ("_to", true)].map { suffix, upper in
                let name = field + suffix
                return DateFilter(parameter: bracketed ? "filter[\(name)]" : name, field: field, isUpperBound: upper)
            }
        }
    }
}

/// Applies a ``ListSpec`` to a list of resources and renders the page with its `meta`.
///
/// Semantics, where Qonto's are unspecified:
/// - date filters are **inclusive at both ends** (`from ≤ value ≤ to`), compared to the millisecond;
///   a date-only value means midnight UTC; a malformed value → 422 with `source.parameter`;
/// - unknown parameters are ignored — **including `current_page`**, so a client that paginates
///   with it gets page 1 forever, as on the real API;
/// - `page` < 1 or not an integer → 422; a page past the end → an empty list;
/// - `per_page` outside `1…max` → 422 (`per_page must be between 1 and <max>`);
/// - ties in the sort order are broken by `id`, so pages never overlap while the data is still;
///   resources whose sort field is null come last;
/// - on an empty result `total_pages` is 0 and `next_page` null (Kaminari's behaviour).
enum Listing {
    static func respond(_ resources: [Resource], query: FormParameters, spec: ListSpec) -> Response {
        var kept = resources
        for filter in spec.dateFilters {
            guard let text = query[filter.parameter] else { continue }
            guard let bound = Instant.parse(text) else {
                return Replies.invalidParameter(filter.parameter, "\(filter.parameter) must be an ISO 8601 date-time")
            }
            kept = kept.filter { resource in
                guard let value = instant(of: resource, filter.field) else { return false }
                return filter.isUpperBound ? value <= bound : value >= bound
            }
        }
        let statuses = spec.statusParameters.isEmpty ? [] : query.all(spec.statusParameters)
        if let wanted = statuses.isEmpty ? spec.defaultStatuses : statuses {
            kept = kept.filter { wanted.contains($0.string("status") ?? "") }
        }
        for filter in spec.valueFilters {
            let wanted = query.all(filter.parameters)
            if !wanted.isEmpty { kept = kept.filter { wanted.contains($0.string(filter.field) ?? "") } }
        }

        let sort = query["sort_by"] ?? spec.defaultSort
        let sortParts = sort.split(separator: ":").map(String.init)
        guard sortParts.count <= 2, spec.sortFields.contains(sortParts[0]),
              sortParts.count == 1 || ["asc", "desc"].contains(sortParts[1]) else {
            return Replies.invalidParameter("sort_by", "sort_by must be one of \(spec.sortFields.map { "\($0):asc|desc" }.joined(separator: ", "))")
        }
        let descending = sortParts.count == 2 && sortParts[1] == "desc"
        kept.sort { lhs, rhs in
            switch (instant(of: lhs, sortParts[0]), instant(of: rhs, sortParts[0])) {
            case let (left?, right?) where left != right: return descending ? left > right : left < right
            case (nil, _?): return false
            case (_?, nil): return true
            default: return lhs.id < rhs.id
            }
        }

        guard let page = Int(query["page"] ?? "1"), page >= 1 else {
            return Replies.invalidParameter("page", "page must be a positive integer")
        }
        guard let perPage = Int(query["per_page"] ?? String(spec.defaultPerPage)), (1...spec.maxPerPage).contains(perPage) else {
            return Replies.invalidParameter("per_page", "per_page must be between 1 and \(spec.maxPerPage)")
        }
        let totalPages = (kept.count + perPage - 1) / perPage
        let start = min(kept.count, (page - 1) * perPage)
        let slice = kept[start..<min(kept.count, start + perPage)]
        let meta: [(String, JSON)] = [
            ("current_page", .int(page)),
            ("next_page", page < totalPages ? .int(page + 1) : .null),
            (spec.metaStyle == .standard ? "prev_page" : "previous_page", page > 1 ? .int(page - 1) : .null),
            ("total_pages", .int(totalPages)),
            ("total_count", .int(kept.count)),
            ("per_page", .int(perPage)),
        ]
        return Replies.json(.object([(spec.key, .array(slice.map(\.body))), ("meta", .object(meta))]))
    }

    private static func instant(of resource: Resource, _ field: String) -> Instant? {
        switch field {
        case "created_at": resource.createdAt
        case "updated_at": resource.updatedAt
        default: resource.instant(field)
        }
    }
}
