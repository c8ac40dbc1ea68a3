import Foundation
@testable import QontoAPI
import Testing

/// The end-of-list rule (qonto-api.md §4.1): `next_page` when it advances, else `current_page < total_pages`.
@Suite struct PaginationTests {
    @Test func followsNextPageAndStopsAtNull() {
        #expect(QontoClient.nextPage(["current_page": 1, "next_page": 2, "total_pages": 3], current: 1) == 2)
        #expect(QontoClient.nextPage(["current_page": 3, "next_page": NSNull(), "total_pages": 3], current: 3) == nil)
    }

    @Test func stopsWhenNextPageIsAbsentOrZeroOnTheLastPage() {
        #expect(QontoClient.nextPage(["current_page": 2, "total_pages": 2], current: 2) == nil)
        #expect(QontoClient.nextPage(["current_page": 1, "next_page": 0, "total_pages": 0], current: 1) == nil)
    }

    @Test func usesTotalPagesWhenNextPageIsMissing() {
        #expect(QontoClient.nextPage(["current_page": 1, "total_pages": 4], current: 1) == 2)
    }

    @Test func aServerStuckOnPageOneNeverLoopsForever() {
        // A server ignoring our `page` (as Qonto ignores `current_page`) keeps saying page 1 → 2:
        // the walk would ask page 2 again and again; nextPage must not go backwards or stand still.
        #expect(QontoClient.nextPage(["current_page": 1, "next_page": 1], current: 1) == nil)
    }

    @Test func noMetaMeansOnePage() {
        #expect(QontoClient.nextPage(nil, current: 1) == nil)
    }
}
