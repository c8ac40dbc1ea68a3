import ArgumentParser

/// `facteur workspace add|list|show|remove`: the companies one gateway serves.
struct WorkspaceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workspace",
        abstract: "Add, list, show or remove the workspaces (companies) this gateway serves.",
        discussion: """
            A workspace is one company: its Qonto organisation, its two Pennylane inboxes, its owner, settings \
            and secrets. The gateway configuration (--config) keeps what is shared: data_dir, the SMTP relay, \
            the pages, the retry policy. data_dir itself is the workspace default (a single-company installation \
            as it always was); each added workspace lives in data_dir/workspaces/ID/ with its own database. \
            Every other command takes --workspace ID (optional when there is only one).
            """,
        subcommands: [WorkspaceAddCommand.self, WorkspaceListCommand.self, WorkspaceShowCommand.self,
                      WorkspaceRemoveCommand.self])
}
