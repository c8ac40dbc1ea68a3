/// Invented names for the generated dataset, chosen to exercise encoders and matchers.
///
/// French names with accents, apostrophes (straight and typographic), `&`, `!`, hyphens and
/// non-breaking forms; a German umlaut name; CJK and Greek names; and, elsewhere, one
/// 300-character name. Any resemblance to real companies is accidental.
enum Names {
    static let suppliers: [String] = [
        "Société d'Énergie du Léman SARL", "Boulangerie L'Épi d'Or", "Dupont & Fils", "Ça Marche! SAS",
        "Bäckerei Müller & Söhne GmbH", "Électricité de Provence", "Café de l'Hôtel de Ville",
        "Imprimerie Lefèvre & Cie", "Télécom Armor", "Hébergement Nuage Français", "Fournitures Bureau Pro",
        "Cabinet Bérénice Faure – Expertise comptable", "Menuiserie Gaëlle & Noël", "Les Ateliers d’Aÿ",
        "Transports Rénée Lacroix", "Assurances Mutuelle de l'Ouest", "Nettoyage Éclat", "Loyer SCI Les Tilleuls",
        "Garage Côte-d'Or Automobiles", "Librairie Œuvres & Lettres", "Traiteur «Chez Zoé»", "Plomberie Façade",
        "Agence Web Pixel & Cœur", "Eau de Source Vosgienne", "Location Matériel Bâti", "Formation Élan",
        "Énergies Renouvelables du Sud", "Papeterie Étoile", "Coursier Vélo Express", "Conseil Juridique Ndiaye",
        "Studio Photo Lumière", "Maintenance Informatique Noé", "Restaurant L'Œil de Bœuf", "Sécurité Gardiennage 24/7",
        "Domaine viticole Château Brûlé", "Logiciels Sérénité SaaS",
    ]

    static let cjkSupplier = "株式会社サンプル"
    static let greekSupplier = "Ελληνική Εταιρεία Α.Ε."

    /// A 300-character supplier name (the length a naive database column or mail header breaks on).
    static let longSupplier: String = {
        let base = "Compagnie Générale des Établissements de Fournitures Industrielles, Logistiques et Numériques "
            + "de la Région Auvergne-Rhône-Alpes & Associés — Société par Actions Simplifiée au capital de "
            + "1 000 000 euros, immatriculée au Registre du Commerce et des Sociétés de Lyon, filiale française "
            + "d'un groupe européen"
        let padded = base + String(repeating: " Groupe", count: 40)
        return String(padded.prefix(300))
    }()

    static let clients: [String] = [
        "Maison Dubois & Filles", "Agence Événements Azur", "Studio Ève Martin", "Crèche Les P'tits Loups",
        "Hôtel Le Régent", "Cabinet d'Architecture Noémie Roux", "Épicerie Fine Saint-Honoré", "Association Élan Vital",
        "Théâtre de l'Écluse", "Brasserie Le Zéphyr", "École de Musique Do Ré Mi", "Clinique Vétérinaire des Prés",
    ]

    /// Card-payment merchants as they appear in bank labels.
    static let merchants: [String] = [
        "AMAZON EU SARL", "SNCF VOYAGEURS", "Boulangerie L'Épi d'Or", "UBER *TRIP", "OVH SAS", "LA POSTE",
        "TOTALENERGIES STATION", "MONOPRIX", "Café de l'Hôtel de Ville", "APPLE.COM/BILL", "GOOGLE *WORKSPACE",
    ]

    static let productTitles: [String] = [
        "Prestation de conseil", "Développement sur mesure", "Atelier de formation (½ journée)", "Maintenance mensuelle",
        "Frais de déplacement", "Licence annuelle", "Création graphique", "Audit de sécurité",
    ]

    static let declinedNotes: [String] = [
        "Doublon d'une facture déjà payée", "Montant incorrect", "Facture adressée à une autre société",
    ]
}
