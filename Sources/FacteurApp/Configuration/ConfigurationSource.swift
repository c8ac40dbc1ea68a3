import Foundation

/// Reads raw key/value pairs: the JSON file (`--config PATH`, else `$FACTEUR_CONFIG`, else
/// `./facteur.json` if present), then `FACTEUR_<KEY>` environment variables on top.
struct ConfigurationSource {
    /// The merged values, by key name.
    var values: [String: String]
    /// The file read, if any.
    var file: String?

    static func load(path explicitPath: String?, environment: [String: String]) throws(ConfigurationError) -> ConfigurationSource {
        var values: [String: String] = [:]
        let path = explicitPath ?? environment["FACTEUR_CONFIG"]
            ?? (FileManager.default.fileExists(atPath: "facteur.json") ? "facteur.json" : nil)
        if let path {
            values = try readFile(path)
        }
        for key in ConfigurationKey.all {
            if let value = environment[key.environmentName] { values[key.name] = value }
        }
        return ConfigurationSource(values: values, file: path)
    }

    static func readFile(_ path: String) throws(ConfigurationError) -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(key: path, "cannot read the configuration file")
        }
        let raw: [String: RawJSONValue]
        do {
            raw = try JSONDecoder().decode([String: RawJSONValue].self, from: data)
        } catch {
            if let location = JSONSyntaxLocation.of(data) {
                throw ConfigurationError(key: path, "not valid JSON: \(location.problem) at line \(location.line), column \(location.column)")
            }
            throw ConfigurationError(key: path, "not a JSON object of settings (strings or numbers): \(error.localizedDescription)")
        }
        var values: [String: String] = [:]
        for (name, value) in raw {
            guard let key = ConfigurationKey.named(name) else {
                let known = ConfigurationKey.all.map(\.name).joined(separator: ", ")
                throw ConfigurationError(key: name, "unknown setting in \(path) (known: \(known))")
            }
            switch value {
            case .text(let text): values[name] = text
            case .null: continue
            case .other: throw ConfigurationError(key: name, "expected a string or a number in \(path)")
            }
            if key.isSecret {
                var info = stat()
                if stat(path, &info) == 0, info.st_mode & 0o077 != 0 {
                    throw ConfigurationError(key: name, "\(path) holds a secret but is readable by others; run: chmod 600 \(path)")
                }
            }
        }
        return values
    }
}

/// A configuration value as JSON gives it: text (strings and numbers), null, or anything else (refused).
private enum RawJSONValue: Decodable {
    case text(String)
    case null
    case other

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null; return }
        if (try? container.decode(Bool.self)) != nil { self = .other; return }
        if let integer = try? container.decode(Int64.self) { self = .text(String(integer)); return }
        if let number = try? container.decode(Double.self) { self = .text(String(number)); return }
        if let text = try? container.decode(String.self) { self = .text(text); return }
        self = .other
    }
}
