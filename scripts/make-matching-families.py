#!/usr/bin/env python3
"""Generate Tests/FacteurCoreTests/Fixtures/matching-families.json, deterministically.

A second labelled set for the counterparty matcher and the duplicate check (issue 11), written
from the product rules below BEFORE the matcher was run on it. Every case is tagged with its
`family` (the general cause it exercises); `reason` names the variant inside the family. Labels
come from how a case is built, never from what the matcher says.

The rules the labels follow (issue 11, "Product rules"):
 R1 Never forward automatically: evidence pointing at two companies; a known counterparty's IBAN
    under another name; an invoice already booked (ledger) or already forwarded (Facteur's own
    records, Qonto's `has_duplicates`).
 R2 A unique, distinctive name match after normalisation (legal forms spelled out, civility
    titles, a country word after a brand, accents/mojibake/transliteration, a FEC label cut inside
    a word, word order) with nothing conflicting and no confusable entry is forwarded.
    Near-homonyms (one letter apart, a shared prefix inside a group, an SCI beside an operating
    company of the same name, two establishments of one company) are not unique: a name alone holds.
 R3 An identifier wins only when nothing contradicts it: a valid SIREN/VAT agreeing with A while
    the name is exactly B's holds; a name that is A's with a valid identifier other than A's holds.
    A name that merely differs (trade name) is no contradiction. A SIRET selects the establishment.
    A VAT number typed in the SIREN (`tin`) field counts as the VAT number. The company's own
    SIREN/VAT on an invoice (the buyer, picked up by OCR) is ignored, never the supplier's.
 R4 A new supplier (confusable with no entry) is forwarded with a valid identifier and a name, or
    with a name, an IBAN and a reconciled payment to that IBAN; a name alone, or a name and an IBAN
    without a payment, holds. A new name whose IBAN is a known entry's holds. An IBAN unknown to
    the directory is no conflict.
 R5 Customer invoices: a name alone (a private person has no SIREN) forwards, known or new; no
    name, homonym customers, or identifiers pointing at another customer hold.
    Qonto's `matched_transactions` link the invoice with its payment whatever the dates.
 R6 Rejected or discarded in Qonto: held.
 Bank labels carry noise (VIR SEPA, VIR INST, PRLV SEPA, CB + card digits + date) that is not a
 name; a payment usually comes 30-60 days after the issue date; a transaction's IBAN is compared
 with the directory's.
 Duplicates: the same number after normalising zero padding inside groups, separators and
 prefix words ("Facture", "N°", "INV"), for the same counterparty, whatever the dates (a due
 date may have been booked as the date); a ledger entry without number, same amount within 3
 days; Pennylane e-invoices; Facteur's own earlier records (same file, or same number). Not
 duplicates: same amount with a different number; a credit note equal to a booked invoice; the
 same amount in another month.
 Later families: the same number is the same invoice only with the same amount or a date within
 about a year (numbering that restarts each year); a FEC PieceRef may be the journal's piece
 number, the supplier's number then being in the line's label (EcritureLib).

All companies, SIRENs, VAT numbers and IBANs are invented (valid check digits).
Usage: python3 scripts/make-matching-families.py > Tests/FacteurCoreTests/Fixtures/matching-families.json
"""
import datetime
import json
import random
import sys

from matching_identifiers import fr_vat, luhn_complete, luhn_ok

rng = random.Random(20261202)

# ---------------------------------------------------------------- identifiers






used = set()


def new_siren():
    while True:
        s = luhn_complete(str(rng.randint(30000000, 99999999)))
        if s not in used and (12 + 3 * (int(s) % 97)) % 97 != 0:
            used.add(s)
            return s




def new_siret(siren):
    while True:
        s = luhn_complete(siren + "%04d" % rng.randint(1, 999))
        if s not in used:
            used.add(s)
            return s


def mod97(text):
    return int("".join(str(int(c, 36)) for c in text)) % 97


def new_iban():
    while True:
        bban = "%05d%05d%011d" % (rng.randint(10000, 30099), rng.randint(1, 99999), rng.randint(0, 10**11 - 1))
        bban += "%02d" % rng.randint(10, 96)
        value = "FR%02d%s" % (98 - mod97(bban + "FR00"), bban)
        if value not in used:
            used.add(value)
            return value


def de_vat():
    return "DE%09d" % rng.randint(100000000, 999999999)


# ---------------------------------------------------------------- names

SURNAMES = """Arnaud Barbier Bertin Blanchard Bonnet Boucher Bourgeois Brun Carpentier Chevalier Clement Colin
Collet Cordier Coste Dumas Duval Fabre Faure Fleury Fontaine Garnier Gauthier Girard Guerin Guillot Hamon
Hoarau Huet Jacquet Joly Lacroix Lambert Langlois Lebrun Leclerc Lecomte Lefort Legrand Lemoine Leroux
Lucas Marchal Marechal Masson Mercier Meunier Meyer Michaud Millet Moulin Muller Noel Olivier Pasquier
Perret Picard Poirier Poulain Prevost Renard Renaud Riviere Roche Rolland Roussel Royer Sanchez Schmitt
Tessier Thomas Vidal Weber Baudry Boyer Charpentier Delorme Etienne Ferrand Gilbert Hubert Jourdan Laporte
Maillard Navarro Pelletier Raynaud Sauvage Texier Vallee Besnard Chauvin Delmas Gillet Herve Lemaitre
Marty Perrot Rey Tanguy Aubert Benard Bouvier Cousin Delattre Ferreira Gomez Jacob Lejeune Marchand
Pichon Riou Thibault Verdier Barre Bigot Bouchet Caron Daniel Didier Drouet Germain Guillon Hardy
Allard Bailly Berthelot Blondel Bodin Bouvet Brunet Camus Chartier Chevallier Cochet Courtois Dufour Fournel
Gaillard Gosselin Guichard Humbert Jolivet Labbe Lacombe Leblanc Lemaire Loiseau Mallet Martel Mathieu Morin
Ollivier Paris Pineau Quentin Rault Rousset Simonet Tournier Valentin Vasseur Wagner""".split()

TRADES = ["Menuiserie", "Plomberie", "Boulangerie", "Transports", "Imprimerie", "Garage", "Électricité",
          "Cabinet", "Atelier", "Charpente", "Maçonnerie", "Peinture", "Traiteur", "Fromagerie", "Serrurerie",
          "Carrosserie", "Pépinières", "Vitrerie", "Couverture", "Informatique"]

FIRST = ["Jean", "Marie", "Claire", "Pierre", "Sophie", "Luc", "Anne", "Paul", "Julie", "Marc", "Hélène",
         "Élodie", "François", "Cécile", "Gérard", "Noémie", "Loïc", "Agnès", "Rémi", "Inès"]

FORMS = ["SARL", "SAS", "SA", "SASU", "EURL"]
SPELLED = {
    "SARL": ["Société à responsabilité limitée", "SOCIETE A RESPONSABILITE LIMITEE"],
    "SAS": ["Société par actions simplifiée", "société par actions simplifiee"],
    "SASU": ["Société par actions simplifiée unipersonnelle", "SOCIÉTÉ PAR ACTIONS SIMPLIFIÉE UNIPERSONNELLE"],
    "SA": ["Société anonyme", "SOCIETE ANONYME"],
    "EURL": ["Entreprise unipersonnelle à responsabilité limitée"],
}
CIVILITY = ["M.", "Mme", "Monsieur", "Madame", "MR", "Mlle", "Mme.", "M"]
COUNTRY = ["France", "FRANCE", "France SAS", "France SA", "FR"]
ACRONYMS = [  # acronym = initials of every word, or of the words other than de/du/des/la/le/les/et
    ("EDF", "Électricité de France"), ("SFR", "Société Française du Radiotéléphone"),
    ("CGT", "Compagnie Générale de Télécâble"), ("SNTR", "Société Nouvelle des Transports Routiers"),
    ("RLDF", "Régie Lumière de France"), ("CMDO", "Compagnie Maritime de l'Ouest"),
    ("STPA", "Société des Travaux Publics de l'Atlantique"), ("GEDS", "Groupement Électrique du Sud"),
    ("BTPR", "Bâtiment Travaux Publics Rhodaniens"), ("CEV", "Comptoir des Eaux de Vichy"),
]
BRANDS = ["Leroy Merlin", "Kiloutou", "Manutan", "Würth", "Rexel", "Lyreco", "Bureau Vallée", "Cdiscount Pro",
          "Sonepar", "Point P", "Loxam", "Brico Dépôt", "Raja", "Pomona", "Metro Cash", "Foussier"]
UMLAUT = [("Müller Präzisionstechnik", "Mueller Praezisionstechnik"), ("Bäckerei Schön", "Baeckerei Schoen"),
          ("Köhler Maschinenbau", "Koehler Maschinenbau"), ("Grüner Logistik", "Gruener Logistik"),
          ("Möbelhaus Jäger", "Moebelhaus Jaeger"), ("Blümel Druckerei", "Bluemel Druckerei"),
          ("Häfner Stahlbau", "Haefner Stahlbau"), ("Schütz Elektrotechnik", "Schuetz Elektrotechnik")]

surname_pool = SURNAMES[:]
rng.shuffle(surname_pool)


def take_surname():
    return surname_pool.pop()


def mojibake(text):
    return text.encode("utf-8").decode("latin-1")


def one_letter_apart(word):
    swaps = {"t": "d", "d": "t", "s": "z", "c": "k", "m": "n", "n": "m", "e": "a", "i": "y", "o": "au"}
    for i in range(len(word) - 1, 0, -1):
        c = word[i]
        if c in swaps and len(swaps[c]) == 1:
            return word[:i] + swaps[c] + word[i + 1:]
    return word + "s"


# ---------------------------------------------------------------- directory

COMPANY = {"name": "Atelier Facteur Démo", "siren": None, "vatNumber": None}
COMPANY["siren"] = new_siren()
COMPANY["vatNumber"] = fr_vat(COMPANY["siren"])

suppliers, customers, fec = [], [], []
counter = {"P": 0, "C": 0, "F": 0}


def entry(directory, prefix, name, kind="supplier", siren=True, vat=None, iban=True, siret=None, source="pennylane"):
    counter[prefix] += 1
    e = {"id": "%s-%03d" % (prefix, counter[prefix]), "kind": kind, "name": name, "source": source}
    if siren:
        e["siren"] = siren if isinstance(siren, str) else new_siren()
        if vat if vat is not None else rng.random() < 0.5:
            e["vatNumber"] = fr_vat(e["siren"])
    if iban:
        e["iban"] = iban if isinstance(iban, str) else new_iban()
    if siret:
        e["siret"] = siret
    directory.append(e)
    return e


# distinctive suppliers: a surname used by one entry only, a trade, a recorded legal form
distinct = []
for _ in range(40):
    s = take_surname()
    form = rng.choice(FORMS)
    e = entry(suppliers, "P", "%s %s %s" % (rng.choice(TRADES), s, form), siren=rng.random() < 0.85)
    e["_base"], e["_form"], e["_surname"] = "%s %s" % (e["name"].split()[0], s), form, s
    distinct.append(e)
# sole traders recorded as "Surname First"
persons = []
for _ in range(12):
    s, f = take_surname(), rng.choice(FIRST)
    e = entry(suppliers, "P", "%s %s" % (s, f), siren=True)
    e["_first"], e["_surname"] = f, s
    persons.append(e)
brands = []
for b in BRANDS:
    e = entry(suppliers, "P", b if rng.random() < 0.6 else b + " SAS", siren=rng.random() < 0.7)
    e["_brand"] = b
    brands.append(e)
acronyms = []
for short, long in ACRONYMS:
    e = entry(suppliers, "P", long + " SA", siren=True, iban=True)
    e["_acronym"] = short
    acronyms.append(e)
umlauts = []
for real, translit in UMLAUT:
    e = entry(suppliers, "P", real + " GmbH", siren=False, iban=True)
    e["vatNumber"] = de_vat()
    e["_translit"] = translit
    umlauts.append(e)
# near-homonym pairs: one letter apart
pairs = []
for _ in range(10):
    s = take_surname()
    trade = rng.choice(TRADES)
    a = entry(suppliers, "P", "%s %s" % (trade, s), siren=True, iban=True)
    b = entry(suppliers, "P", "%s %s" % (trade, one_letter_apart(s)), siren=True, iban=True)
    pairs.append((a, b))
# groups: a shared prefix, distinct companies
groups = []
for _ in range(6):
    s = take_surname()
    members = [entry(suppliers, "P", "Groupe %s %s" % (s, activity), siren=True, iban=True)
               for activity in rng.sample(["Transports", "Logistique", "Immobilier", "Services", "Distribution"], 3)]
    for m in members:
        m["_group"] = "Groupe %s" % s
    groups.append(members)
# an SCI beside the operating company of the same name
scis = []
for _ in range(6):
    place = "Les %s" % rng.choice(["Tilleuls", "Chênes", "Érables", "Peupliers", "Acacias", "Platanes", "Oliviers",
                                   "Marronniers", "Saules", "Cèdres"])
    s = take_surname()
    name = "%s %s" % (place, s)
    sci = entry(suppliers, "P", "SCI " + name, siren=True, iban=True)
    ope = entry(suppliers, "P", name + " SARL", siren=True, iban=True)
    scis.append((sci, ope, name))
# establishments: one SIREN, two SIRETs
establishments = []
for city_a, city_b in [("Lyon", "Nantes"), ("Lille", "Rennes"), ("Nice", "Metz"), ("Brest", "Dijon"), ("Tours", "Caen")]:
    s = take_surname()
    siren = new_siren()
    a = entry(suppliers, "P", "Transports %s %s" % (s, city_a), siren=siren, vat=False, iban=True, siret=new_siret(siren))
    b = entry(suppliers, "P", "Transports %s %s" % (s, city_b), siren=siren, vat=False, iban=True, siret=new_siret(siren))
    establishments.append((a, b, "Transports %s" % s))
# a factoring company, recorded as a supplier (its IBAN appears on other suppliers' invoices)
factor = entry(suppliers, "P", "Affacturage Crédit Nord Factor SA", siren=True, iban=True)

# FEC accounts: name-only, upper case, cut to the label width inside a word
fec_full = []
for _ in range(14):
    s = take_surname()
    full = "%s %s %s" % (rng.choice(["Transports", "Établissements", "Menuiserie", "Imprimerie", "Pépinières"]), s,
                         rng.choice(["Frères", "et Fils", "Associés", "Rénovation"]))
    words = full.upper()
    # cut strictly inside a word, keeping at least 13 characters
    cuts = [i for i in range(13, len(words) - 1) if words[i - 1] != " " and words[i] != " "]
    label = words[:rng.choice(cuts)].replace("É", "E")
    e = entry(fec, "F", label, siren=False, iban=False, source="fec")
    e["_full"] = full
    fec_full.append(e)

# customers: companies and private persons, plus homonyms
cust_companies, cust_persons, cust_homonyms = [], [], []
for _ in range(10):
    s = take_surname()
    e = entry(customers, "C", "%s %s %s" % (rng.choice(TRADES), s, rng.choice(FORMS)), kind="customer", siren=True,
              iban=False)
    cust_companies.append(e)
for _ in range(10):
    s, f = take_surname(), rng.choice(FIRST)
    e = entry(customers, "C", "%s %s" % (f, s), kind="customer", siren=False, iban=False)
    e["_first"], e["_surname"] = f, s
    cust_persons.append(e)
for _ in range(4):
    s, f = take_surname(), rng.choice(FIRST)
    a = entry(customers, "C", "%s %s" % (f, s), kind="customer", siren=False, iban=False)
    b = entry(customers, "C", "%s %s" % (s.upper(), f), kind="customer", siren=False, iban=False)
    cust_homonyms.append((a, b))

new_names = [take_surname() for _ in range(12)]  # never in any directory

# ---------------------------------------------------------------- cases

cases = []
day0 = datetime.date(2026, 1, 5)


def date(offset=0, base=None):
    return ((base or day0) + datetime.timedelta(days=offset)).isoformat()


def amount():
    return round(rng.uniform(40, 9000), 2)


def add(family, reason, directory, invoice, expected_id, transactions=(), tier="medium", **extra):
    n = len(cases) + 1
    invoice = {k: v for k, v in invoice.items() if v is not None}
    invoice.setdefault("recordID", "fam-%04d" % n)
    invoice.setdefault("kind", "supplier")
    invoice.setdefault("currency", "EUR")
    invoice.setdefault("amount", amount())
    invoice.setdefault("issueDate", date(rng.randint(0, 300)))
    invoice.setdefault("invoiceNumber", "F-%d-%04d" % (2026, rng.randint(1, 9999)))
    if expected_id is None:
        label, expected = "non_match", {"decision": "hold"}
    else:
        label = "new_counterparty" if expected_id == "new" else "match"
        expected = {"decision": "forward", "counterpartyID": expected_id}
    case = {"id": "F-%04d" % n, "family": family, "tier": tier, "reason": reason, "label": label,
            "directory": directory, "invoice": invoice, "transactions": [dict(t) for t in transactions],
            "expected": expected}
    for record in extra.get("earlier", []):
        record.setdefault("kind", invoice["kind"])
        record.setdefault("currency", "EUR")
    for key, value in extra.items():
        case[key] = value
    cases.append(case)
    return case


def txn(inv_amount, issue, offset, name=None, iban=None, side="debit", tid=None):
    t = {"id": tid or "tx-%05d" % rng.randint(0, 99999), "amount": inv_amount, "side": side,
         "date": date(offset, datetime.date.fromisoformat(issue))}
    if name:
        t["counterpartyName"] = name
    if iban:
        t["iban"] = iban
    return t


def noisy(label, kind=None):
    kind = kind or rng.choice(["vir", "inst", "prlv", "cb"])
    if kind == "vir":
        return "VIR SEPA %s REF %s" % (label.upper(), rng.randint(10000, 99999))
    if kind == "inst":
        return "VIR INST %s" % label.upper()
    if kind == "prlv":
        return "PRLV SEPA %s ECH/%02d%02d%02d" % (label.upper(), rng.randint(1, 28), rng.randint(1, 12), 26)
    return "CB %s %02d/%02d CARTE 4974XXXXXXXX%04d" % (label.upper(), rng.randint(1, 28), rng.randint(1, 12),
                                                     rng.randint(0, 9999))


def pick(seq):
    return rng.choice(seq)


# --- names ------------------------------------------------------------------------------------
for _ in range(25):
    e = pick(distinct)
    spelled = pick(SPELLED[e["_form"]])
    name = pick(["%s %s", "%s - %s", "%s, %s"]) % (e["_base"], spelled)
    if rng.random() < 0.3:
        name = name.upper()
    add("names_legal_form_spelled", "spelled_legal_form", "suppliers", {"counterpartyName": name}, e["id"])
for _ in range(22):
    e = pick(persons)
    if rng.random() < 0.5:
        name = "%s %s %s" % (pick(CIVILITY), e["_first"], e["_surname"])
    else:
        name = "%s %s %s" % (pick(CIVILITY), e["_surname"].upper(), e["_first"])
    add("names_civility", "civility_title", "suppliers", {"counterpartyName": name}, e["id"])
for _ in range(24):
    e = pick(brands)
    # a legal form after the country word only when the entry records none (else it would be a form conflict)
    words = COUNTRY if e["name"] == e["_brand"] else [c for c in COUNTRY if " " not in c]
    name = "%s %s" % (e["_brand"], pick(words))
    add("names_country_word", "country_after_brand", "suppliers", {"counterpartyName": name}, e["id"])
for _ in range(22):
    e = pick(acronyms)
    a = amount()
    issue = date(rng.randint(0, 300))
    iban = e["iban"] if rng.random() < 0.5 else None
    t = txn(a, issue, rng.randint(0, 8), name=noisy(e["_acronym"], "prlv"), iban=iban)
    add("names_acronym", "acronym_with_direct_debit", "suppliers",
        {"counterpartyName": e["_acronym"], "amount": a, "issueDate": issue}, e["id"], [t])
for _ in range(8):
    e = pick(acronyms)
    add("names_acronym", "acronym_alone", "suppliers", {"counterpartyName": e["_acronym"]}, None)
for _ in range(24):
    e = pick(fec_full)
    inv = {"counterpartyName": e["_full"]}
    reason = "fec_label_cut"
    if rng.random() < 0.5:
        inv["siren"] = new_siren()
        reason = "fec_label_cut_with_siren"
    add("names_truncated_fec", reason, "fec", inv, e["id"])
for _ in range(24):
    e = pick([x for x in distinct + persons + acronyms if any(ord(c) > 127 for c in x["name"])] or distinct)
    add("names_mojibake", "utf8_read_as_latin1", "suppliers", {"counterpartyName": mojibake(e["name"])}, e["id"])
for _ in range(22):
    e = pick(umlauts)
    name = e["_translit"] + pick([" GmbH", "", " GMBH"])
    inv = {"counterpartyName": name}
    if rng.random() < 0.4:
        inv["vatNumber"] = e["vatNumber"]
    add("names_transliteration", "umlaut_as_e", "suppliers", inv, e["id"])

# --- near-homonyms -------------------------------------------------------------------------------
for _ in range(30):
    a, b = pick(pairs)
    target = pick([a, b])
    variant = rng.choice(["name_only", "name_only", "with_siren", "with_vat", "with_iban"])
    inv = {"counterpartyName": target["name"]}
    expected = None
    if variant == "with_siren":
        inv["siren"], expected = target["siren"], target["id"]
    elif variant == "with_vat":
        inv["vatNumber"], expected = fr_vat(target["siren"]), target["id"]
    elif variant == "with_iban":
        inv["iban"], expected = target["iban"], target["id"]
    add("homonyms_one_letter", variant, "suppliers", inv, expected, tier="hard")
for _ in range(26):
    members = pick(groups)
    target = pick(members)
    variant = rng.choice(["exact_name_only", "group_prefix_only", "with_siren", "with_vat"])
    if variant == "group_prefix_only":
        add("homonyms_group", variant, "suppliers", {"counterpartyName": target["_group"]}, None, tier="hard")
        continue
    inv = {"counterpartyName": target["name"]}
    expected = None
    if variant == "with_siren":
        inv["siren"], expected = target["siren"], target["id"]
    elif variant == "with_vat":
        inv["vatNumber"], expected = fr_vat(target["siren"]), target["id"]
    add("homonyms_group", variant, "suppliers", inv, expected, tier="hard")
for _ in range(22):
    sci, ope, name = pick(scis)
    variant = rng.choice(["bare_name", "bare_name", "sci_with_siren", "operating_with_siren"])
    if variant == "bare_name":
        add("homonyms_sci", variant, "suppliers", {"counterpartyName": name}, None, tier="hard")
    else:
        target = sci if variant.startswith("sci") else ope
        add("homonyms_sci", variant, "suppliers", {"counterpartyName": target["name"], "siren": target["siren"]},
            target["id"], tier="hard")
for _ in range(20):
    a, b, short = pick(establishments)
    target = pick([a, b])
    variant = rng.choice(["siret", "siret", "siren_only"])
    if variant == "siret":
        add("ids_siret_establishment", variant, "suppliers", {"counterpartyName": short, "siren": target["siret"]},
            target["id"], tier="hard")
    else:
        add("ids_siret_establishment", variant, "suppliers", {"counterpartyName": short, "siren": target["siren"]},
            None, tier="hard")

# --- bank transactions ----------------------------------------------------------------------------
for _ in range(26):
    a, b = pick(pairs)
    target = pick([a, b])
    a_ = amount()
    issue = date(rng.randint(0, 300))
    variant = rng.choice(["no_invoice_name", "homonym_name"])
    inv = {"amount": a_, "issueDate": issue}
    if variant == "homonym_name":
        inv["counterpartyName"] = target["name"]
    kind = rng.choice(["vir", "inst", "prlv"])
    t = txn(a_, issue, rng.randint(1, 9), name=noisy(target["name"], kind), iban=target["iban"])
    add("bank_label_noise", variant + "_" + kind, "suppliers", inv, target["id"], [t])
for _ in range(12):
    e = pick(distinct)
    a_ = amount()
    issue = date(rng.randint(0, 300))
    t = txn(a_, issue, rng.randint(0, 3), name=noisy(e["_base"], "cb"))
    add("bank_label_noise", "card_label_no_invoice_name", "suppliers", {"amount": a_, "issueDate": issue}, e["id"], [t])
for _ in range(24):
    a, b = pick(pairs)
    target, other = (a, b) if rng.random() < 0.5 else (b, a)
    a_ = amount()
    issue = date(rng.randint(0, 300))
    if rng.random() < 0.7:
        t = txn(a_, issue, rng.randint(1, 9), name=target["name"].upper(), iban=target["iban"])
        add("bank_iban_directory", "transaction_iban_is_entry_iban", "suppliers",
            {"counterpartyName": target["name"], "amount": a_, "issueDate": issue}, target["id"], [t])
    else:
        t = txn(a_, issue, rng.randint(1, 9), name=target["name"].upper(), iban=other["iban"])
        add("bank_iban_directory", "transaction_iban_is_homonym_iban", "suppliers",
            {"counterpartyName": target["name"], "amount": a_, "issueDate": issue}, None, [t], tier="hard")
for _ in range(24):
    a_ = amount()
    issue = date(rng.randint(0, 300))
    lag = rng.randint(28, 62)
    if rng.random() < 0.5:
        name = "%s %s" % (pick(TRADES), pick(new_names))
        iban = new_iban()
        t = txn(a_, issue, lag, name=noisy(name, "vir"), iban=iban)
        add("bank_payment_terms", "new_supplier_paid_after_terms", "empty",
            {"counterpartyName": name, "iban": iban, "amount": a_, "issueDate": issue}, "new", [t])
    else:
        a, b = pick(pairs)
        target = pick([a, b])
        t = txn(a_, issue, lag, name=noisy(target["name"], "vir"), iban=target["iban"])
        add("bank_payment_terms", "homonym_paid_after_terms", "suppliers",
            {"counterpartyName": target["name"], "amount": a_, "issueDate": issue}, target["id"], [t])

# --- identifiers ----------------------------------------------------------------------------------
for _ in range(22):
    e = pick([x for x in distinct if "siren" in x])
    trade_name = "%s %s" % (e["_surname"], pick(["Bois", "Services", "Pro", "& Co", "Bâtiment"]))
    tin = e["siren"] if rng.random() < 0.5 else new_siret(e["siren"])
    add("ids_tin", "tin_with_trade_name", "suppliers", {"counterpartyName": trade_name, "siren": tin}, e["id"])
for _ in range(22):
    e = pick([x for x in distinct + brands if "siren" in x])
    tin = fr_vat(e["siren"])
    if rng.random() < 0.4:
        tin = tin[:4] + " " + tin[4:7] + " " + tin[7:10] + " " + tin[10:]
    add("ids_vat_in_siren_field", "vat_typed_as_tin", "suppliers",
        {"counterpartyName": pick([e["name"], e["name"].upper()]), "siren": tin}, e["id"])
for _ in range(30):
    variant = rng.choice(["own_siren_known_name", "own_vat_known_name", "own_siren_new_name_only",
                          "own_vat_new_with_supplier_vat"])
    if variant.endswith("known_name"):
        e = pick(distinct)
        inv = {"counterpartyName": e["_base"] + " " + e["_form"]}
        if "siren" in variant:
            inv["siren"] = COMPANY["siren"]
        else:
            inv["vatNumber"] = COMPANY["vatNumber"]
            if "siren" in e and rng.random() < 0.5:
                inv["siren"] = e["siren"]
        add("ids_own_company", variant, "suppliers", inv, e["id"])
    elif variant == "own_siren_new_name_only":
        add("ids_own_company", variant, "suppliers",
            {"counterpartyName": "%s %s" % (pick(TRADES), pick(new_names)), "siren": COMPANY["siren"]}, None)
    else:
        add("ids_own_company", variant, "suppliers",
            {"counterpartyName": "%s %s" % (pick(TRADES), pick(new_names)), "siren": COMPANY["siren"],
             "vatNumber": fr_vat(new_siren())}, "new")

# --- conflicts (rule 3) ----------------------------------------------------------------------------
with_siren = [x for x in distinct if "siren" in x]
for _ in range(28):
    a, b = rng.sample(with_siren, 2)
    variant = rng.choice(["id_of_a_name_of_b", "name_of_a_other_valid_siren", "name_of_a_other_valid_vat"])
    if variant == "id_of_a_name_of_b":
        inv = {"counterpartyName": b["name"]}
        if rng.random() < 0.5:
            inv["siren"] = a["siren"]
        else:
            inv["vatNumber"] = fr_vat(a["siren"])
    elif variant == "name_of_a_other_valid_siren":
        inv = {"counterpartyName": a["name"], "siren": new_siren()}
    else:
        inv = {"counterpartyName": a["name"], "vatNumber": fr_vat(new_siren())}
    add("conflict_identifier_vs_name", variant, "suppliers", inv, None, tier="hard")
for _ in range(24):
    e = pick(distinct + persons)
    variant = rng.choice(["new_name_known_iban", "new_name_siren_known_iban", "new_name_siren_unknown_iban",
                          "known_name_factor_iban"])
    name = "%s %s" % (pick(TRADES), pick(new_names))
    if variant == "new_name_known_iban":
        add("conflict_new_counterparty_iban", variant, "suppliers", {"counterpartyName": name, "iban": e["iban"]},
            None, tier="hard")
    elif variant == "new_name_siren_known_iban":
        add("conflict_new_counterparty_iban", variant, "suppliers",
            {"counterpartyName": name, "siren": new_siren(), "iban": e["iban"]}, None, tier="hard")
    elif variant == "new_name_siren_unknown_iban":
        add("conflict_new_counterparty_iban", variant, "suppliers",
            {"counterpartyName": name, "siren": new_siren(), "iban": new_iban()}, "new")
    else:
        add("conflict_new_counterparty_iban", variant, "suppliers",
            {"counterpartyName": e["name"], "iban": factor["iban"]}, None, tier="hard")

# --- new suppliers (rule 4) ------------------------------------------------------------------------
for _ in range(30):
    name = "%s %s" % (pick(TRADES), pick(new_names))
    a_ = amount()
    issue = date(rng.randint(0, 300))
    variant = rng.choice(["siren_and_name", "vat_and_name", "name_iban_payment", "name_only", "name_and_iban",
                          "name_and_payment_without_iban"])
    directory = pick(["suppliers", "empty"])
    inv = {"counterpartyName": name, "amount": a_, "issueDate": issue}
    txs, expected = [], None
    if variant == "siren_and_name":
        inv["siren"], expected = new_siren(), "new"
    elif variant == "vat_and_name":
        inv["vatNumber"], expected = fr_vat(new_siren()), "new"
    elif variant == "name_iban_payment":
        inv["iban"] = new_iban()
        txs, expected = [txn(a_, issue, rng.randint(2, 45), name=noisy(name, "vir"), iban=inv["iban"])], "new"
    elif variant == "name_and_iban":
        inv["iban"] = new_iban()
    elif variant == "name_and_payment_without_iban":
        txs = [txn(a_, issue, rng.randint(1, 9), name=noisy(name, "cb"))]
    add("new_supplier", variant, directory, inv, expected, txs)

# --- customers (rule 5) ----------------------------------------------------------------------------
for _ in range(36):
    variant = rng.choice(["known_person_name_only", "known_company_name_only", "new_person_name_only",
                          "homonym_customers", "no_name", "name_with_other_customer_siren"])
    inv = {"kind": "customer"}
    expected = None
    if variant == "known_person_name_only":
        e = pick(cust_persons)
        inv["counterpartyName"] = pick(["%s %s" % (e["_first"], e["_surname"]),
                                        "%s %s %s" % (pick(CIVILITY), e["_first"], e["_surname"])])
        expected = e["id"]
    elif variant == "known_company_name_only":
        e = pick(cust_companies)
        inv["counterpartyName"], expected = e["name"], e["id"]
    elif variant == "new_person_name_only":
        inv["counterpartyName"] = "%s %s %s" % (pick(CIVILITY), pick(FIRST), pick(new_names))
        expected = "new"
    elif variant == "homonym_customers":
        a, b = pick(cust_homonyms)
        inv["counterpartyName"] = a["name"]
    elif variant == "no_name":
        pass
    else:
        a, b = rng.sample(cust_companies, 2)
        inv["counterpartyName"], inv["siren"] = a["name"], b["siren"]
    add("customers", variant, "customers", inv, expected)

# --- Qonto signals -----------------------------------------------------------------------------------
for _ in range(24):
    e = pick(with_siren)
    a_ = amount()
    issue = date(rng.randint(0, 300))
    inv = {"counterpartyName": e["name"], "siren": e["siren"], "amount": a_, "issueDate": issue,
           "invoiceNumber": "F-2026-%04d" % rng.randint(1, 9999)}
    if rng.random() < 0.6:
        copy = dict(inv, recordID="earlier-%04d" % (len(cases) + 1))
        inv["hasDuplicates"] = True
        add("qonto_has_duplicates", "flagged_copy_of_forwarded", "suppliers", inv, None, earlier=[copy])
    else:
        inv["hasDuplicates"] = True
        add("qonto_has_duplicates", "flagged_alone", "suppliers", inv, None)
for _ in range(24):
    a_ = amount()
    issue = date(rng.randint(0, 300))
    lag = rng.randint(65, 120)
    if rng.random() < 0.5:
        name = "%s %s" % (pick(TRADES), pick(new_names))
        iban = new_iban()
        t = txn(a_, issue, lag, name=noisy(name, "vir"), iban=iban)
        add("qonto_matched_transactions", "new_supplier_linked_payment", "empty",
            {"counterpartyName": name, "iban": iban, "amount": a_, "issueDate": issue,
             "matchedTransactionIDs": [t["id"]]}, "new", [t])
    else:
        a, b = pick(pairs)
        target = pick([a, b])
        t = txn(a_, issue, lag, name=noisy(target["name"], "prlv"), iban=target["iban"])
        add("qonto_matched_transactions", "homonym_linked_payment", "suppliers",
            {"counterpartyName": target["name"], "amount": a_, "issueDate": issue,
             "matchedTransactionIDs": [t["id"]]}, target["id"], [t])
for _ in range(16):
    e = pick(with_siren)
    status = pick(["rejected", "discarded"])
    add("qonto_status", status, "suppliers", {"counterpartyName": e["name"], "siren": e["siren"], "status": status}, None)
for _ in range(6):
    e = pick(with_siren)
    status = pick(["to_review", "paid", "awaiting_payment"])
    add("qonto_status", "open_status_" + status, "suppliers",
        {"counterpartyName": e["name"], "siren": e["siren"], "status": status}, e["id"])

# --- duplicates ------------------------------------------------------------------------------------------


def number_variant(year, seq, prefix):
    """The same invoice number as another system may write it."""
    kind = rng.choice(["padding", "separators", "prefix_word", "padding_and_separators"])
    if kind == "padding":
        return kind, "%s-%d-%04d" % (prefix, year, seq), "%s-%d-%d" % (prefix, year, seq)
    if kind == "separators":
        sep_a, sep_b = rng.sample(["-", "/", ".", " ", ""], 2)
        return kind, "%s%s%d%s%04d" % (prefix, sep_a, year, sep_a, seq), "%s%s%d%s%04d" % (prefix, sep_b, year, sep_b, seq)
    if kind == "prefix_word":
        word = pick(["Facture ", "Facture N° ", "N° ", "N°", "Invoice ", "INV "])
        return kind, "%d-%04d" % (year, seq), word + "%d-%04d" % (year, seq)
    return kind, "%s/%d/%05d" % (prefix, year, seq), "%s-%d-%d" % (prefix, year, seq)


def booked_invoice(e):
    issue = date(rng.randint(0, 300))
    return {"counterpartyName": e["name"], "siren": e["siren"], "amount": amount(), "issueDate": issue}


for _ in range(40):
    e = pick(with_siren)
    inv = booked_invoice(e)
    seq = rng.randint(1, 999)
    kind, booked_no, seen_no = number_variant(2026, seq, pick(["F", "FA", "FAC"]))
    inv["invoiceNumber"] = seen_no
    offset = pick([0, 0, 30, 45, -2])  # 30/45: a due date booked as the date
    ledger = [{"source": pick(["fec", "pennylane"]), "sourceRef": "L-%04d" % (len(cases) + 1), "counterpartyID": e["id"],
               "invoiceNumber": booked_no, "amount": inv["amount"],
               "date": date(offset, datetime.date.fromisoformat(inv["issueDate"]))}]
    add("dup_number_format", kind + ("_due_date" if offset >= 30 else ""), "suppliers", inv, None, ledger=ledger)
for _ in range(16):
    e = pick(with_siren)
    inv = booked_invoice(e)
    inv["invoiceNumber"] = "F-2026-%04d" % rng.randint(1, 9999)
    ledger = [{"source": "pennylane", "sourceRef": "PL-%04d" % (len(cases) + 1), "counterpartyID": e["id"],
               "invoiceNumber": inv["invoiceNumber"], "amount": inv["amount"], "isEInvoice": True,
               "date": date(rng.randint(0, 2), datetime.date.fromisoformat(inv["issueDate"]))}]
    add("dup_einvoice_pennylane", "einvoice_same_number", "suppliers", inv, None, ledger=ledger)
for _ in range(14):
    e = pick(with_siren)
    inv = booked_invoice(e)
    ledger = [{"source": "fec", "sourceRef": "FEC-%04d" % (len(cases) + 1), "counterpartyID": e["id"],
               "amount": inv["amount"], "date": date(rng.randint(-3, 3), datetime.date.fromisoformat(inv["issueDate"]))}]
    add("dup_ledger_without_number", "same_amount_within_3_days", "suppliers", inv, None, ledger=ledger)
for _ in range(28):
    e = pick(with_siren)
    inv = booked_invoice(e)
    inv["invoiceNumber"] = "F-2026-%04d" % rng.randint(1, 9999)
    copy = dict(inv, recordID="earlier-%04d" % (len(cases) + 1))
    variant = rng.choice(["same_file", "other_scan_same_number", "other_scan_number_variant"])
    if variant == "same_file":
        digest = "%064x" % rng.getrandbits(256)
        inv["fileSHA256"], copy["fileSHA256"] = digest, digest
        if rng.random() < 0.5:
            del inv["invoiceNumber"]  # OCR read no number on the second upload
    else:
        inv["fileSHA256"], copy["fileSHA256"] = "%064x" % rng.getrandbits(256), "%064x" % rng.getrandbits(256)
        if variant == "other_scan_number_variant":
            copy["invoiceNumber"] = inv["invoiceNumber"].replace("-", " ")
    add("dup_facteur_records", variant, "suppliers", inv, None, earlier=[copy])
for _ in range(40):
    e = pick(with_siren)
    inv = booked_invoice(e)
    issued = datetime.date.fromisoformat(inv["issueDate"])
    variant = rng.choice(["same_amount_other_number", "credit_note_equal_to_booked", "subscription_other_month",
                          "subscription_other_month_no_number"])
    inv["invoiceNumber"] = "F-2026-%04d" % rng.randint(5000, 9999)
    ledger = []
    if variant == "same_amount_other_number":
        ledger = [{"source": "fec", "sourceRef": "FEC-%04d" % (len(cases) + 1), "counterpartyID": e["id"],
                   "invoiceNumber": "F-2026-%04d" % rng.randint(1, 4999), "amount": inv["amount"],
                   "date": date(rng.randint(-3, 3), issued)}]
    elif variant == "credit_note_equal_to_booked":
        inv["isCreditNote"] = True
        inv["invoiceNumber"] = "AV-2026-%04d" % rng.randint(1, 999)
        ledger = [{"source": "pennylane", "sourceRef": "PL-%04d" % (len(cases) + 1), "counterpartyID": e["id"],
                   "invoiceNumber": "F-2026-%04d" % rng.randint(1, 4999), "amount": inv["amount"],
                   "date": date(rng.randint(-3, 0), issued)}]
    else:
        for month in (1, 2, 3):
            booked = {"source": "fec", "sourceRef": "FEC-%04d-%d" % (len(cases) + 1, month), "counterpartyID": e["id"],
                      "amount": inv["amount"], "date": date(-30 * month + rng.randint(-1, 1), issued)}
            if variant == "subscription_other_month":
                booked["invoiceNumber"] = "F-2026-%04d" % rng.randint(1, 4999)
            ledger.append(booked)
        if variant.endswith("no_number"):
            del inv["invoiceNumber"]
    add("not_duplicates", variant, "suppliers", inv, e["id"], ledger=ledger)

# --- duplicates on real ledger data (hand-written, labels from the rules, before the matcher ran) ----
# Rule: the same number is the same invoice only when it is plausibly the same document: the same
# amount, or a date within about a year (a due date booked as the date stays a duplicate). Many
# small suppliers restart their numbering each year ("F-0042" in 2024 and in 2026 are two invoices).
for i, (number, booked_no, booked_amount, booked_date, inv_amount, issued, variant, is_dup) in enumerate([
    ("F-0042", "F-0042", 312.00, "2024-03-14", 845.50, "2026-03-10", "restart_two_years_other_amount", False),
    ("FA 17", "FA-017", 96.00, "2025-01-20", 1240.00, "2026-02-02", "restart_one_year_other_amount", False),
    ("Facture N° 3", "3", 450.00, "2023-06-30", 610.80, "2026-05-12", "restart_three_years_other_amount", False),
    ("0008", "8", 1800.00, "2024-11-02", 1750.00, "2026-01-15", "restart_fourteen_months_other_amount", False),
    ("F-0042", "F-0042", 845.50, "2024-03-14", 845.50, "2026-03-10", "same_number_same_amount_two_years", True),
    ("F-2026-0310", "F-2026-0310", 2050.00, "2026-04-24", 2205.00, "2026-03-10", "same_number_due_date_other_amount", True),
    ("INV-5521", "INV-5521", 119.90, "2025-09-30", 129.90, "2026-03-02", "same_number_five_months_other_amount", True),
    ("N° 2211", "2211", 66.00, "2026-01-05", 66.60, "2026-01-05", "same_number_same_day_ocr_amount", True),
]):
    e = with_siren[(7 * i) % len(with_siren)]
    inv = {"counterpartyName": e["name"], "siren": e["siren"], "amount": inv_amount, "issueDate": issued,
           "invoiceNumber": number}
    ledger = [{"source": "fec" if i % 2 else "pennylane", "sourceRef": "YR-%02d" % i, "counterpartyID": e["id"],
               "invoiceNumber": booked_no, "amount": booked_amount, "date": booked_date}]
    # dup_* families hold duplicates only (MatchEvaluationTests); the lookalikes go with the not-duplicates.
    add("dup_number_yearly_restart" if is_dup else "not_duplicates_number_restart", variant, "suppliers", inv,
        None if is_dup else e["id"], tier="hard", ledger=ledger)

# Rule: a FEC line's PieceRef is often the journal's own piece number (HA000123), not the
# supplier's invoice number, which then sits in EcritureLib ("ACME FACT F2026-0142"). The
# invoice's number found in the label is the same number; another invoice's number in the label
# is another invoice.
for i, (number, piece, label, same_amount, offset, variant, is_dup) in enumerate([
    ("F2026-0142", "HA000123", "LUMIERE FACT F2026-0142", True, 0, "number_in_label_same_day", True),
    ("F-2026-0142", "HA000124", "Fact. F2026/142 fournitures", True, 1, "number_variant_in_label", True),
    ("FC 88412", "ACH-2026-031", "ORANGE FC88412 MARS", False, 40, "number_in_label_due_date", True),
    ("2026-118", "HA000126", "Facture 2026-118 transport", True, 2, "number_with_word_in_label", True),
    ("77-1043", "AC26-0007", "Achat 77-1043", False, 0, "number_in_label_other_amount", True),
    ("F2026-0143", "HA000127", "LUMIERE FACT F2026-0142", True, 0, "other_number_in_label", False),
    ("FC 88413", "ACH-2026-032", "ORANGE FC88412 MARS", True, 1, "neighbour_number_in_label", False),
    ("2026-119", "HA000129", "Facture 2026-118 transport", True, 30, "other_number_next_month", False),
]):
    e = with_siren[(11 * i + 3) % len(with_siren)]
    inv_amount = round(180.0 + 37.5 * i, 2)
    issued = date(20 * i)
    inv = {"counterpartyName": e["name"], "siren": e["siren"], "amount": inv_amount, "issueDate": issued,
           "invoiceNumber": number}
    ledger = [{"source": "fec", "sourceRef": "HA:%s:%d" % (piece, 10 + i), "counterpartyID": e["id"], "invoiceNumber": piece,
               "label": label, "amount": inv_amount if same_amount else round(inv_amount + 12.0, 2),
               "date": date(offset, datetime.date.fromisoformat(issued))}]
    add("dup_fec_number_in_label" if is_dup else "not_duplicates_fec_label", variant, "suppliers", inv,
        None if is_dup else e["id"], tier="hard", ledger=ledger)

# --- identifiers as printed on real invoices (hand-written forms, labels from R3/R4, before the matcher ran)
# Rule: a label printed before an identifier ("SIREN", "SIRET", "TVA", "N° TVA intracom.", "VAT No.",
# "USt-IdNr.") is not part of it; a foreign VAT number is one only in its country's documented
# shape (a country code of the EU, GB, CH or NO and that country's length), else it is no identifier.
def spaced_siren(siren):
    return "%s %s %s" % (siren[:3], siren[3:6], siren[6:])


for i, form in enumerate(["SIREN {s}", "SIREN : {sp}", "N° SIREN {s}", "Siren n°{sp}", "SIRET : {siret}", "Siret n° {siret}"]):
    e = with_siren[(5 * i + 1) % len(with_siren)]
    tin = form.format(s=e["siren"], sp=spaced_siren(e["siren"]), siret=new_siret(e["siren"]))
    add("ids_printed_forms", "labelled_tin", "suppliers", {"counterpartyName": e["name"], "siren": tin}, e["id"], tier="hard")
for i, form in enumerate(["TVA {v}", "TVA intracom. : {vs}", "N° TVA {v}", "VAT No. {v}", "TVA: {vs}",
                          "N° TVA intracommunautaire {v}"]):
    e = with_siren[(5 * i + 2) % len(with_siren)]
    v = fr_vat(e["siren"])
    vs = "%s %s %s %s %s" % (v[:2], v[2:4], v[4:7], v[7:10], v[10:])
    add("ids_printed_forms", "labelled_vat", "suppliers",
        {"counterpartyName": e["name"], "vatNumber": form.format(v=v, vs=vs)}, e["id"], tier="hard")
for i, form in enumerate(["USt-IdNr.: {cc} {a} {b} {c}", "VAT {v}", "TVA : {v}"]):
    e = umlauts[i % len(umlauts)]
    v = e["vatNumber"]
    add("ids_printed_forms", "labelled_foreign_vat", "suppliers",
        {"counterpartyName": e["name"],
         "vatNumber": form.format(v=v, cc=v[:2], a=v[2:5], b=v[5:8], c=v[8:])}, e["id"], tier="hard")
# A new name with text that only looks like an identifier: a name alone (R4) holds.
for i, junk in enumerate(["SIREN 40483304", "SIRET 1234567", "DE 1234", "IT 12345678", "XX123456789", "SI 12"]):
    name = "%s %s" % (TRADES[(3 * i) % len(TRADES)], new_names[(7 * i + 5) % len(new_names)])
    add("ids_printed_forms", "malformed_foreign_shape_new_name", "suppliers",
        {"counterpartyName": name, "siren" if i % 2 == 0 else "vatNumber": junk}, None, tier="hard")

# --- which side of a name may be cut (hand-written, labels from R2/R4, before the matcher ran) ------
# Rule: only a fixed-width field cuts a name (a FEC account label, a bank label); an invoice's own
# name is printed whole. "Transports Martin" is another company than "TRANSPORTS MARTINEZ", so a
# name alone that is a prefix of an entry's name is a new name alone and holds (R4); a FEC label
# cut inside a word is the entry (R2).
prefix_names = [
    {"id": "P-PX1", "kind": "supplier", "name": "TRANSPORTS MARTINEZ", "siren": "552100554", "source": "pennylane"},
    {"id": "P-PX2", "kind": "supplier", "name": "Boulangerie Bernardin SARL", "siren": "732829320", "source": "pennylane"},
    {"id": "P-PX3", "kind": "supplier", "name": "Menuiserie Simonet SAS", "siren": "443121975", "source": "pennylane"},
    {"id": "P-PX4", "kind": "supplier", "name": "Garage Micheletti", "source": "pennylane"},
    {"id": "P-PX5", "kind": "supplier", "name": "Plomberie Laurentin", "siren": "404833048", "source": "pennylane"},
    {"id": "F-PX6", "kind": "supplier", "name": "EPICERIE FINE GILB", "source": "fec"},
    {"id": "F-PX7", "kind": "supplier", "name": "ELECTRICITE GENERALE DUPO", "source": "fec"},
    {"id": "F-PX8", "kind": "supplier", "name": "TRANSPORTS FRIGORIFI", "source": "fec"},
]
for name in ["Transports Martin", "Boulangerie Bernard SARL", "Menuiserie Simon", "Garage Michel", "Plomberie Laurent",
             "TRANSPORTS MARTIN SAS"]:
    add("names_cut_side", "invoice_name_prefix_of_entry", "prefix_names", {"counterpartyName": name}, None, tier="hard")
for name, target in [("Épicerie Fine Gilbert", "F-PX6"), ("Electricité Générale Dupont SARL", "F-PX7"),
                     ("Transports Frigorifiques du Centre", "F-PX8"), ("EPICERIE FINE GILBERT", "F-PX6")]:
    add("names_cut_side", "fec_label_cut", "prefix_names", {"counterpartyName": name}, target, tier="hard")

# --- a booking under another directory entry of the same company (hand-written, R1, before the matcher ran)
# Rule: an invoice already booked is a duplicate whichever directory entry the booking sits under:
# the books often hold a supplier twice, once in Pennylane (with its SIREN) and once as a FEC
# account (a name only). The same company is the same entry, an entry sharing its SIREN/VAT, or an
# entry with the same name after normalisation (legal form, case, accents). Another company's
# booking with the same number or amount is no duplicate.
mixed_books = [
    {"id": "P-MB1", "kind": "supplier", "name": "Garage Roche SAS", "siren": "404833048", "source": "pennylane"},
    {"id": "F-MB1", "kind": "supplier", "name": "GARAGE ROCHE", "source": "fec"},
    {"id": "P-MB2", "kind": "supplier", "name": "Imprimerie Durand", "siren": "443121975", "source": "pennylane"},
    {"id": "F-MB2", "kind": "supplier", "name": "IMPRIMERIE DURAND SARL", "source": "fec"},
    {"id": "P-MB3", "kind": "supplier", "name": "Transports Lebrun", "siren": "552100554", "source": "pennylane"},
    {"id": "F-MB3", "kind": "supplier", "name": "TRANSPORTS LEBRUN", "source": "fec"},
    {"id": "P-MB4", "kind": "supplier", "name": "Menuiserie Kervella", "siren": "732829320", "source": "pennylane"},
    {"id": "F-MB5", "kind": "supplier", "name": "PLOMBERIE ARNAUD", "source": "fec"},
]
for variant, inv, ledger, expected in [
    ("same_number_under_fec_account",
     {"counterpartyName": "Garage Roche", "siren": "404833048", "invoiceNumber": "GR-2026-118", "amount": 640.00,
      "issueDate": "2026-03-02"},
     {"counterpartyID": "F-MB1", "invoiceNumber": "GR-2026-0118", "amount": 640.00, "date": "2026-03-31"}, None),
    ("same_number_under_fec_account_legal_form",
     {"counterpartyName": "Imprimerie Durand SARL", "siren": "443121975", "invoiceNumber": "ID/2026/77", "amount": 1188.00,
      "issueDate": "2026-02-14"},
     {"counterpartyID": "F-MB2", "invoiceNumber": "ID-2026-77", "amount": 1188.00, "date": "2026-02-14"}, None),
    ("same_amount_no_number_under_fec_account",
     {"counterpartyName": "Transports Lebrun", "siren": "552100554", "amount": 1250.00, "issueDate": "2026-04-10"},
     {"counterpartyID": "F-MB3", "amount": 1250.00, "date": "2026-04-11"}, None),
    ("other_number_under_fec_account",
     {"counterpartyName": "Garage Roche", "siren": "404833048", "invoiceNumber": "GR-2026-119", "amount": 640.00,
      "issueDate": "2026-03-03"},
     {"counterpartyID": "F-MB1", "invoiceNumber": "GR-2026-0118", "amount": 640.00, "date": "2026-03-02"}, "P-MB1"),
    ("same_number_other_company",
     {"counterpartyName": "Menuiserie Kervella", "siren": "732829320", "invoiceNumber": "2026-0042", "amount": 300.00,
      "issueDate": "2026-05-04"},
     {"counterpartyID": "F-MB5", "invoiceNumber": "2026-0042", "amount": 300.00, "date": "2026-05-04"}, "P-MB4"),
]:
    row = dict(ledger, source="fec", sourceRef="MB-%d" % (len(cases) + 1))
    add("dup_ledger_other_entry" if expected is None else "not_duplicates_other_entry", variant, "mixed_books", inv,
        expected, tier="hard", ledger=[row])

# --- bank labels in the formats French banks print (hand-written, before the matcher ran) ----------
# Rule: a label's operation words, field tags ("/DE", "/MOTIF", "/REF", "/ID EMETTEUR") and what
# follows a MOTIF/REF tag, connector words (VERS, PAR, POUR, DE), card numbers and dates are not
# the name; what remains is. A card payment of the invoice's amount whose label names a unique
# directory entry reconciles with it (as card_label_no_invoice_name does), so the invoice forwards.
REAL_LABELS = [
    "VIR SEPA EMIS /A {n} /MOTIF FACTURE 12 /REF 2026-0042",
    "PAIEMENT PAR CARTE X4821 {n}",
    "VIR SEPA EMIS VERS {n}",
    "PRLV SEPA /DE {n} /ID EMETTEUR FR12ZZZ123456 /REF 9981",
    "VIR INST POUR {n} : FACTURE 2026-12",
    "CB X4821 {n} LE 12/03",
    "PAIEMENT CB 1203 {n} CARTE X4821",
    "VIR SEPA EMIS /BENEF {n} /MOTIF ACOMPTE",
]
for i, form in enumerate(REAL_LABELS):
    e = distinct[(9 * i + 4) % len(distinct)]
    a_ = round(95.0 + 61.25 * i, 2)
    issue = date(15 * i + 3)
    t = {"id": "tx-real-%02d" % i, "amount": a_, "side": "debit", "date": date(2, datetime.date.fromisoformat(issue)),
         "counterpartyName": form.format(n=e["_base"].upper())}
    add("bank_label_formats_real", "card_like_label_no_invoice_name", "suppliers", {"amount": a_, "issueDate": issue},
        e["id"], [t], tier="hard")

# --- transliteration only of real umlauts (hand-written, labels from R2/R4, before the matcher ran) --
# Rule: "ue", "ae", "oe" stand for ü, ä, ö only where the other spelling has the umlaut
# ("Mueller" = "Müller"); an E after A, O or U is otherwise a letter of the name, so "Blue Conseil"
# is not "Blu Conseil" and a name alone that differs so is a new name alone (R4: hold).
umlaut_names = [
    {"id": "P-UM1", "kind": "supplier", "name": "Müller Präzisionstechnik GmbH", "vatNumber": "DE136695976", "source": "pennylane"},
    {"id": "P-UM2", "kind": "supplier", "name": "Blu Conseil", "siren": "404833048", "source": "pennylane"},
    {"id": "P-UM3", "kind": "supplier", "name": "Vu Optique SARL", "siren": "443121975", "source": "pennylane"},
    {"id": "P-UM4", "kind": "supplier", "name": "Bäckerei Schön", "source": "pennylane"},
    {"id": "P-UM5", "kind": "supplier", "name": "Garage Rout", "siren": "552100554", "source": "pennylane"},
]
for name, expected in [("Blue Conseil", None), ("Vue Optique", None), ("GARAGE ROUET", None),
                       ("Mueller Praezisionstechnik GmbH", "P-UM1"), ("Baeckerei Schoen", "P-UM4"),
                       ("MULLER PRAZISIONSTECHNIK", "P-UM1")]:
    add("names_umlaut_only", "e_after_vowel_is_a_letter" if expected is None else "umlaut_transliterated", "umlaut_names",
        {"counterpartyName": name}, expected, tier="hard")

fixture = {
    "company": COMPANY,
    "directories": {
        "suppliers": [{k: v for k, v in e.items() if not k.startswith("_")} for e in suppliers],
        "customers": [{k: v for k, v in e.items() if not k.startswith("_")} for e in customers],
        "fec": [{k: v for k, v in e.items() if not k.startswith("_")} for e in fec],
        "empty": [],
        "prefix_names": prefix_names,
        "mixed_books": mixed_books,
        "umlaut_names": umlaut_names,
    },
    "cases": cases,
}
assert len(cases) >= 600, len(cases)
json.dump(fixture, sys.stdout, ensure_ascii=False, indent=1, sort_keys=True)
sys.stdout.write("\n")
