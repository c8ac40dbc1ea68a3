/// The requests waiting for the ``QontoRequestBudget``, served round-robin between labels.
///
/// Each label (a workspace) has its own first-in-first-out line; the labels take turns. A label
/// that is served goes to the back of the turn order, and a label that starts waiting joins at
/// the back. So when workspace A (a backfill, many requests) and workspace B (a poll) both wait,
/// B's request goes before A's next one, and A's own threads are served in their arrival order.
///
/// A value type: the owner serialises access.
struct FairQueue: Sendable {
    /// One waiting request.
    struct Ticket: Hashable, Sendable {
        /// Unique within the queue's life, increasing.
        let number: Int
        /// Whose request it is.
        let label: String
    }

    /// Per label, the numbers of its waiting tickets, oldest first.
    private var lines: [String: [Int]] = [:]
    /// The labels that have waiting tickets, next turn first.
    private var turns: [String] = []
    private var issued = 0

    /// Whether no request waits.
    var isEmpty: Bool { turns.isEmpty }

    /// Puts a request of `label` at the end of its label's line.
    mutating func enqueue(label: String) -> Ticket {
        issued += 1
        if lines[label, default: []].isEmpty { turns.append(label) }
        lines[label, default: []].append(issued)
        return Ticket(number: issued, label: label)
    }

    /// The labels that have waiting requests.
    var labels: [String] { turns }

    /// Takes the request whose turn it is: the oldest of the label at the front of the turns; that
    /// label moves to the back (or leaves the turns when it has nothing more waiting).
    mutating func serveNext() -> Ticket? {
        serveNext { _ in true }
    }

    /// Takes the request whose turn it is among the labels `allowed` lets go now: a label it holds
    /// back keeps its place in the turns, so it goes first once allowed again.
    mutating func serveNext(where allowed: (String) -> Bool) -> Ticket? {
        guard let index = turns.firstIndex(where: allowed) else { return nil }
        let label = turns.remove(at: index)
        let number = lines[label]!.removeFirst()
        if lines[label]!.isEmpty { lines[label] = nil } else { turns.append(label) }
        return Ticket(number: number, label: label)
    }

    /// Withdraws a waiting request (refused while it waited). Does nothing if it is not waiting.
    mutating func remove(_ ticket: Ticket) {
        guard var line = lines[ticket.label], let index = line.firstIndex(of: ticket.number) else { return }
        line.remove(at: index)
        if line.isEmpty {
            lines[ticket.label] = nil
            turns.removeAll { $0 == ticket.label }
        } else {
            lines[ticket.label] = line
        }
    }

    /// How many waiting requests will be served before `ticket`, as things stand (a later label
    /// joining the turns may still go first); nil when it is not waiting.
    ///
    /// Serving goes in rounds: round `r` serves the `r`-th ticket of each label that has one, in
    /// turn order. A ticket at place `i` of its line, whose label is at place `j` of the turns,
    /// follows every label's first `i` tickets and the `i`-th ticket of the labels before `j`.
    func position(of ticket: Ticket) -> Int? {
        guard let place = lines[ticket.label]?.firstIndex(of: ticket.number),
              let turn = turns.firstIndex(of: ticket.label) else { return nil }
        var ahead = 0
        for (index, label) in turns.enumerated() {
            let waiting = lines[label]?.count ?? 0
            ahead += min(waiting, place)
            if index < turn, waiting > place { ahead += 1 }
        }
        return ahead
    }
}
