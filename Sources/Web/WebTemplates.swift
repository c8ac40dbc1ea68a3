import Foundation

/// The files the pages need in their templates folder, checked before anything starts.
public enum WebTemplates {
    /// The paths (in `directory`) of the page templates and the stylesheet that are missing.
    /// - Parameter directory: `templates_dir/web`.
    public static func missingFiles(in directory: String) -> [String] {
        (PageRenderer.templateNames.map { "\($0).mustache" } + [PageRenderer.stylesheetName])
            .map { "\(directory)/\($0)" }
            .filter { !FileManager.default.isReadableFile(atPath: $0) }
    }
}
