import Foundation

extension QontoRequestBudget {
    /// A label's requests with one set of credentials, for the per-label 401 cap.
    struct CredentialsKey: Hashable {
        /// The label (workspace).
        let label: String
        /// The client's fingerprint of its credentials (a per-process hash, never the secret).
        let credentials: Int
    }

    /// How many starts in the long window make a label heavy (at least one).
    var heavyCount: Int { max(1, Int((Double(limits.long.requests) * limits.heavyShare).rounded(.up))) }

    /// How far heavy labels may fill the long window while another label is present.
    var heavyCap: Int { max(1, limits.long.requests - Int((Double(limits.long.requests) * limits.reservedShare).rounded(.up))) }

    /// Forgets the per-label starts that left the long window and the labels no longer present.
    /// Called with `lock` held.
    func slideLabels(to time: Double) {
        for (label, var window) in longByLabel {
            window.slide(to: time)
            longByLabel[label] = window.count == 0 ? nil : window
        }
        lastServed = lastServed.filter { $0.value > time - limits.presence }
    }

    /// Counts a start of `label` for the share rule. Called with `lock` held.
    func recordStart(of label: String, at time: Double) {
        var window = longByLabel[label] ?? RollingWindow(limit: limits.long.requests, seconds: limits.long.seconds)
        window.record(time)
        longByLabel[label] = window
        lastServed[label] = time
    }

    /// The labels present now: let go within ``Limits/presence`` or waiting. Called with `lock` held.
    func presentLabels() -> Set<String> {
        Set(lastServed.keys).union(queue.labels)
    }

    /// How many starts in the long window make a label heavy when `present` labels share it: 10 %
    /// of the window (``heavyCount``), or less when many labels are present — their even share of
    /// what heavy labels may fill (``heavyCap`` / `present`) — so 150 companies catching up at once
    /// are heavy together, as one backfill is, and leave the reserve to the quiet ones' polls.
    func heavyThreshold(present: Int) -> Int {
        min(heavyCount, max(1, heavyCap / max(1, present)))
    }

    /// The share rule of the long window for the labels present, computed once per look at the line.
    struct LongShare {
        /// Starts in the long window from which a label is heavy (``heavyThreshold(present:)``).
        let threshold: Int
        /// Whether a light label is present to use the reserve (else the window may fill).
        let reserveWanted: Bool
    }

    /// The share rule for the labels `present`. Called with `lock` held.
    func longShare(present: Set<String>) -> LongShare {
        let threshold = heavyThreshold(present: present.count)
        return LongShare(threshold: threshold, reserveWanted: present.contains { (longByLabel[$0]?.count ?? 0) < threshold })
    }

    /// Whether `label` may take a long-window slot now: always while it is alone or light, and
    /// while every label present is heavy (nobody would use the reserve: the window fills); a heavy
    /// label next to a light one only while the long window stays under ``heavyCap``. Called with
    /// `lock` held.
    func mayTakeLongSlot(_ label: String, present: Set<String>, share: LongShare) -> Bool {
        guard present.contains(where: { $0 != label }) else { return true }
        guard (longByLabel[label]?.count ?? 0) >= share.threshold else { return true }
        guard share.reserveWanted else { return true }
        return long.count < heavyCap
    }

    /// Refuses a label whose credentials got ``Limits/unauthorizedPerLabel`` 401s in the rolling
    /// window, before it takes a place in line.
    func checkCredentials(label: String, credentials: Int) throws(QontoError) {
        let key = CredentialsKey(label: label, credentials: credentials)
        let refusal: QontoError? = lock.withLock {
            guard var window = unauthorizedByCredentials[key] else { return nil }
            let time = now()
            window.slide(to: time)
            guard window.count > 0 else {
                unauthorizedByCredentials[key] = nil
                return nil
            }
            unauthorizedByCredentials[key] = window
            guard window.count >= window.limit else { return nil }
            let minutes = max(1, Int((window.wait(forSlots: 1, now: time) / 60).rounded(.up)))
            return QontoError(.credentialsBreaker,
                              "Facteur stopped calling Qonto for workspace \(label) for about \(minutes) min: its credentials were refused "
                              + "(401 Unauthorized) \(window.count) times in the last hour; fix its Qonto credentials (new ones are tried at once)")
        }
        if let refusal { throw refusal }
    }
}
