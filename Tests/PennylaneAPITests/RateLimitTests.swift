import FacteurCore
import FacteurTesting
import Foundation
import PennylaneAPI
import PennylaneSandbox
import Testing

/// Pennylane's 25 requests per 5 s: the client's own limiter, and `retry-after` on 429.
@Suite struct RateLimitTests {
    @Test func a429WithRetryAfterIsWaitedThenTheCallSucceeds() async throws {
        try await Harness.withSandbox { sandbox in
            await sandbox.tooManyRequests(next: 1, retryAfter: 3)
            let recorder = SleepRecorder()
            let box = try Harness.client(sandbox, sleep: recorder.sleep)
            let count = try await Harness.run {
                var count = 0
                try box.client.suppliers { count += $0.count }
                return count
            }
            #expect(count == 5)
            #expect(recorder.waits == [3])
            #expect(await sandbox.requests().map(\.status) == [429, 200])
        }
    }

    @Test func a429ThatPersistsBecomesARateLimitedError() async throws {
        try await Harness.withSandbox { sandbox in
            await sandbox.tooManyRequests(next: 10, retryAfter: 2)
            let recorder = SleepRecorder()
            let box = try Harness.client(sandbox, sleep: recorder.sleep)
            let error = await Harness.error { try box.client.suppliers { _ in } }
            #expect(error?.code == .rateLimited && error?.isTransient == true)
            #expect(recorder.waits == [2, 2, 2, 2])
        }
    }

    @Test func theClientSideLimiterNeverLetsMoreThan25RequestsInto5Seconds() async throws {
        let clock = ManualClock(start: 1_800_000_000)
        try await Harness.withSandbox({ configuration in
            configuration.dataset = PennylaneDataset(suppliers: PennylaneDataset.numberedSuppliers(60))
            configuration.now = { clock.date }  // the sandbox enforces 25 / 5 s on the same clock
        }) { sandbox in
            let limiter = PennylaneRateLimiter(now: { clock.now })
            let box = try Harness.client(sandbox, pageSize: 1, limiter: limiter, sleep: clock.sleep)
            let ids = try await Harness.run {
                var ids: [Int] = []
                try box.client.suppliers { page in
                    ids += page.map(\.id)
                    clock.advance(by: 0.125)  // the caller's own work: 8 pages a second, faster than allowed
                }
                return ids
            }
            #expect(ids == Array(1...60))
            let requests = await sandbox.requests()
            #expect(requests.count == 60)
            #expect(requests.allSatisfy { $0.status == 200 }, "the sandbox never had to answer 429")
            let times = requests.map(\.receivedAt.timeIntervalSince1970)
            for index in times.indices.dropLast(25) {
                #expect(times[index + 25] - times[index] >= 5, "requests \(index)…\(index + 25) fit in less than 5 s")
            }
            #expect(!clock.sleeps.isEmpty, "60 requests cannot go out without waiting")
            #expect(times.last! - times.first! >= 10)
        }
    }

    @Test func theLimiterWaitsForTheOldestRequestToLeaveTheWindow() {
        let clock = ManualClock(start: 100)
        let limiter = PennylaneRateLimiter(limit: 25, window: 5, now: { clock.now })
        var starts: [Double] = []
        for step in 0..<80 {
            limiter.acquire(sleep: clock.sleep)
            starts.append(clock.now)
            if step % 3 == 0 { clock.advance(by: 0.5) }
        }
        for index in starts.indices.dropLast(25) {
            #expect(starts[index + 25] - starts[index] >= 5)
        }
        #expect(starts.prefix(25).allSatisfy { $0 < 105 }, "the first 25 go without waiting")
    }
}

/// The sandbox's own 25 / 5 s limit, met by a client whose limiter is effectively off.
@Suite struct SandboxRateLimitTests {
    @Test func aClientThatIgnoresTheLimitGets429sWithRetryAfterAndStillFinishes() async throws {
        let clock = ManualClock(start: 1_800_000_000)
        try await Harness.withSandbox({ configuration in
            configuration.dataset = PennylaneDataset(suppliers: PennylaneDataset.numberedSuppliers(40))
            configuration.now = { clock.date }
        }) { sandbox in
            let unlimited = PennylaneRateLimiter(limit: 10_000, now: { clock.now })
            let box = try Harness.client(sandbox, pageSize: 1, limiter: unlimited, sleep: clock.sleep)
            let ids = try await Harness.run {
                var ids: [Int] = []
                try box.client.suppliers { ids += $0.map(\.id) }
                return ids
            }
            #expect(ids == Array(1...40))
            let statuses = await sandbox.requests().map(\.status)
            #expect(statuses.prefix(25).allSatisfy { $0 == 200 } && statuses[25] == 429)
            #expect(statuses.filter { $0 == 200 }.count == 40)
            // the only waits are the sandbox's retry-after values: whole seconds, at most the window
            #expect(!clock.sleeps.isEmpty && clock.sleeps.allSatisfy { $0 >= 1 && $0 <= 5 && $0 == $0.rounded() })
        }
    }
}
