import Curl
import FacteurCore
import Foundation
import QontoAPI
import QontoSandbox
import Testing

/// A `200` whose JSON was cut short is a passing failure of the server, like a 5xx: retried in
/// seconds on the same budget, not left for the next poll (issue 12, item 14).
@Suite(.serialized) struct UnreadableBodyTests {
    @Test func aTruncatedJSONAnswerIsRetriedLikeAServerError() async throws {
        try await SandboxClientTests.withSandbox { sandbox in
            let recorder = SleepRecorder()
            await sandbox.faults.truncateBodies(next: 2)
            let listed = try await SandboxClientTests.listAll(try SandboxClientTests.apiKeyClient(sandbox, recorder: recorder))
            #expect(listed.count == 45)
            #expect(recorder.waits == [1, 2])
        }
    }

    @Test func aBodyThatStaysTruncatedIsReportedAsAServerFailure() async throws {
        try await SandboxClientTests.withSandbox { sandbox in
            await sandbox.faults.truncateBodies(next: 10)
            do {
                _ = try await SandboxClientTests.listAll(try SandboxClientTests.apiKeyClient(sandbox))
                Issue.record("expected an error")
            } catch let error as QontoError {
                #expect(error.code == .server && error.isTransient)
                #expect(error.message.contains("unreadable JSON"))
            }
            await sandbox.faults.reset()
        }
    }
}
