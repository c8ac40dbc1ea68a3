/// The login page's texts and its refusals, in the reader's language.
struct LoginStrings: Sendable {
    let title, password, logIn, help, wrongPassword: String
    /// Too many failed logins: minutes to wait, and whether only this address is held back.
    let tooMany: @Sendable (_ minutes: Int, _ thisAddress: Bool) -> String

    /// The texts for a language.
    static func forLanguage(_ language: Language) -> LoginStrings {
        switch language {
        case .fr:
            return LoginStrings(
                title: "Connexion", password: "Mot de passe", logIn: "Se connecter",
                help: "Le mot de passe se définit sur le serveur avec",
                wrongPassword: "Mot de passe incorrect.",
                tooMany: { minutes, thisAddress in
                    "Trop de tentatives de connexion manquées\(thisAddress ? " depuis cette adresse" : "") ; "
                        + "réessayez dans \(minutes) minute\(minutes > 1 ? "s" : "")."
                })
        case .en:
            return LoginStrings(
                title: "Log in", password: "Password", logIn: "Log in",
                help: "The password is set on the server with",
                wrongPassword: "Wrong password.",
                tooMany: { minutes, thisAddress in
                    "Too many failed logins\(thisAddress ? " from this address" : ""); try again in \(minutes) minute\(minutes == 1 ? "" : "s")."
                })
        }
    }
}
