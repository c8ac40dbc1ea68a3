extension ConfigurationKey {
    /// Keys of the web pages' presentation.
    static let pages: [ConfigurationKey] = [
        .init(name: "web_language", defaultValue: "auto", summary: "Language of the web pages: auto (the browser's Accept-Language; English when it asks for neither French nor English), fr or en.", isSecret: false),
        .init(name: "time_zone", defaultValue: "Europe/Paris", summary: "Time zone the web pages show times and read the mail log's dates in (an IANA name such as Europe/Paris, or UTC).", isSecret: false),
    ]
}
