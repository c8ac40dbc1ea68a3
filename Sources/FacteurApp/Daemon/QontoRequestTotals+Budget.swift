public import FacteurCore
public import QontoAPI

extension QontoRequestTotals {
    /// The process's Qonto requests and 429 answers per workspace, as the request budget counted
    /// them since the process started (each client is labelled with its workspace's name).
    public init(budget: QontoRequestBudget) {
        let counts = budget.counts()
        self.init(requests: counts.mapValues(\.requests), throttled: counts.mapValues(\.throttled))
    }
}
