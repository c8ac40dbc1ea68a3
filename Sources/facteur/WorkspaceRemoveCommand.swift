import ArgumentParser
import FacteurApp
import Foundation

/// `facteur workspace remove ID`: stop serving a workspace, keeping everything it holds.
struct WorkspaceRemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Stop serving a workspace; its folder is moved to data_dir/removed/, never deleted.",
        discussion: """
            Books and their evidence are kept ten years in France (Code de commerce L123-22), so nothing is \
            deleted: the workspace's folder (database, mail log, spool, held files, workspace.json) moves to \
            data_dir/removed/ID-<UTC time>/. Refused for default (data_dir itself) and while a facteur process \
            (`facteur run`, `sync`, `deliver`) holds the workspace's lock: stop `facteur run` first.
            """)

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The workspace to remove.")
    var id: String

    func run() throws {
        let target = try WorkspaceCatalog(gateway: try options.loadConfiguration()).remove(id, now: Date())
        print("removed workspace \(id): its folder, whole, is now \(target) (kept: nothing was deleted)")
    }
}
