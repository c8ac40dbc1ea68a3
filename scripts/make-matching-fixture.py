#!/usr/bin/env python3
"""Generate Tests/FacteurCoreTests/Fixtures/matching-evaluation.json, deterministically.

The labelled evaluation set for Facteur's counterparty matcher (pennylane.md §3.5). All companies,
SIRENs, VAT numbers and IBANs are invented: SIRENs get a valid Luhn digit, French VAT keys come
from (12 + 3 × (SIREN mod 97)) mod 97, IBANs get ISO 13616 check digits. Invalid variants (one digit
changed, transposed digits, FR00…, wrong length) are made on purpose. Made-up valid SIRENs may
belong to real companies; no reserved test range exists.

Every case carries a tier (easy, medium, hard), a reason code, the truth label (match, non_match,
new_counterparty, no_evidence), the directory it is scored against, optional transactions and the
expected outcome. The expected outcome follows one policy, written before the matcher was run:
forward when the link to the counterparty is corroborated by an independent source — a valid
SIREN/VAT agreement, an IBAN agreement with an agreeing name, or, for a counterparty absent from
the directory, a valid identifier on the invoice with a name, or a transaction confirming amount
and name or IBAN — and nothing conflicts; otherwise hold. Hold also when a name points at a
directory entry whose identifiers conflict, or name and IBAN point at different entries.

Issue 11 replaced that policy by decided product rules where they differ, and five reason codes
were relabelled from those rules (no other case, value or random draw changed): `abbreviation`
and `directory_without_identifiers_bare_name` forward on a unique name (rule 2);
`empty_directory_transaction_name` and `transaction_label_truncated` (a name and a payment, no
IBAN) and `shared_factor_iban_new_supplier` with a VAT number (an IBAN recorded on a known entry)
hold (rule 4).

Usage: python3 scripts/make-matching-fixture.py > Tests/FacteurCoreTests/Fixtures/matching-evaluation.json
"""
import json
import random
import sys

from matching_identifiers import fr_vat, luhn_complete, luhn_ok
import unicodedata

rng = random.Random(20250611)

# ---------------------------------------------------------------- identifiers





used_sirens = set()


def new_siren():
    while True:
        s = luhn_complete(str(rng.randint(30000000, 99999999)))
        key = (12 + 3 * (int(s) % 97)) % 97
        if s not in used_sirens and key != 0:
            used_sirens.add(s)
            return s




def siret(siren):
    return luhn_complete(siren + "%04d" % rng.randint(1, 999))


def mod97(text):
    n = "".join(str(int(c, 36)) for c in text)
    return int(n) % 97


def iban(country, bban):
    check = 98 - mod97(bban + country + "00")
    return "%s%02d%s" % (country, check, bban)


used_ibans = set()


def fr_iban():
    while True:
        bank, branch, account = "%05d" % rng.randint(10000, 30099), "%05d" % rng.randint(1, 99999), "%011d" % rng.randint(0, 10**11 - 1)
        rib = 97 - ((89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97)
        value = iban("FR", bank + branch + account + "%02d" % rib)
        if value not in used_ibans:
            used_ibans.add(value)
            return value


def foreign_iban(country):
    shapes = {"DE": lambda: "%018d" % rng.randint(0, 10**18 - 1),
              "IE": lambda: "AIBK" + "%014d" % rng.randint(0, 10**14 - 1),
              "LU": lambda: "%016d" % rng.randint(0, 10**16 - 1),
              "NL": lambda: "INGB" + "%010d" % rng.randint(0, 10**10 - 1)}
    return iban(country, shapes[country]())


def foreign_vat(country):
    if country == "IE":
        return "IE%07d%s" % (rng.randint(0, 9999999), rng.choice("ABCDEFGHW"))
    if country == "LU":
        return "LU%08d" % rng.randint(10000000, 99999999)
    if country == "DE":
        return "DE%09d" % rng.randint(100000000, 999999999)
    if country == "NL":
        return "NL%09dB01" % rng.randint(100000000, 999999999)
    raise AssertionError


def change_digit(text):
    """One digit changed, checked to stay invalid."""
    for _ in range(100):
        i = rng.choice([k for k, c in enumerate(text) if c.isdigit()])
        out = text[:i] + str((int(text[i]) + rng.randint(1, 9)) % 10) + text[i + 1:]
        if not is_valid_like(out, text):
            return out
    raise AssertionError(text)


def transpose(text):
    for _ in range(100):
        i = rng.randrange(len(text) - 1)
        if text[i].isdigit() and text[i + 1].isdigit() and text[i] != text[i + 1]:
            out = text[:i] + text[i + 1] + text[i] + text[i + 2:]
            if not is_valid_like(out, text):
                return out
    return change_digit(text)


def is_valid_like(candidate, original):
    if original.startswith("FR") and len(original) == 13:
        s = candidate[4:]
        return luhn_ok(s) and candidate[2:4] == "%02d" % ((12 + 3 * (int(s) % 97)) % 97)
    if len(original) == 9:
        return luhn_ok(candidate)
    if len(original) == 14:
        return luhn_ok(candidate)
    if len(original) >= 15:
        return mod97(candidate[4:] + candidate[:4]) == 1
    return False


def broken_vat(vat):
    kind = rng.choice(["digit", "transpose", "fr00", "short"])
    if kind == "digit":
        return change_digit(vat)
    if kind == "transpose":
        return transpose(vat)
    if kind == "fr00":
        return "FR00" + vat[4:]
    return vat[:-1]


def spaced(text):
    """Identifiers as printed: grouped with spaces, dots or NBSP."""
    style = rng.choice(["plain", "spaces", "dots", "nbsp"])
    if style == "plain":
        return text
    sep = {"spaces": " ", "dots": ".", "nbsp": "\u00a0"}[style]
    return sep.join(text[i:i + 3] for i in range(0, len(text), 3))


def iban_printed(value):
    return " ".join(value[i:i + 4] for i in range(0, len(value), 4)) if rng.random() < 0.6 else value

# ---------------------------------------------------------------- names

def strip_accents(text):
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def ocr_damage(name):
    kind = rng.choice(["o0", "i1", "cut", "break", "l1"])
    if kind == "o0" and "o" in name.lower():
        i = name.lower().index("o")
        return name[:i] + "0" + name[i + 1:]
    if kind in ("i1", "l1") and any(c in name for c in "IilL"):
        i = next(k for k, c in enumerate(name) if c in "IilL")
        return name[:i] + "1" + name[i + 1:]
    if kind == "cut" and len(name) > 14:
        return name[: int(len(name) * 0.85)]
    words = name.split(" ")
    if len(words) > 1:
        k = rng.randrange(1, len(words))
        return " ".join(words[:k]) + "\n" + " ".join(words[k:])
    return name.upper()


def legal_variant(name, form):
    choice = rng.choice(["add", "dotted", "upper", "remove"])
    if choice == "add":
        return name + " " + form
    if choice == "dotted":
        return name + " " + ".".join(form) + "."
    if choice == "upper":
        return (name + " " + form).upper()
    return name

# ---------------------------------------------------------------- companies

SUPPLIERS = [
    # name, legal form, trade name (or None), flags
    ("Société Nouvelle des Établissements Martin", "SARL", None),
    ("L'Atelier Dupré", "SAS", "Atelier D"),
    ("Acme Solutions", "SAS", None),
    ("Imprimerie Vasseur", "SARL", "Print Express Vasseur"),
    ("Transports Garnier", "SAS", None),
    ("Cabinet Roussel Expertise", "SELARL", None),
    ("Menuiserie Perrin", "EURL", None),
    ("Boulangerie Lefebvre", "SARL", None),
    ("Garage Bonnet", "SARL", "Bonnet Auto Services"),
    ("Électricité Fabre et Fils", "SAS", None),
    ("Nettoyage Express Ouest", "SAS", "NEO Propreté"),
    ("Papeterie Moreau", "SARL", None),
    ("Agence Pixelis", "SAS", None),
    ("Logiciels Quartz", "SAS", "Quartz Cloud"),
    ("Brasserie Gauthier", "SARL", None),
    ("Fromagerie Chevalier", "SAS", None),
    ("Informatique Lambert", "SARL", None),
    ("Traiteur Morel", "SAS", "Les Délices de Morel"),
    ("Sécurité Girard", "SA", None),
    ("Studio Blanchard", "SASU", None),
    ("Laboratoire Mercier", "SAS", None),
    ("Ateliers Faure", "SA", None),
    ("Compagnie des Eaux du Vexin", "SA", None),
    ("Établissements Rousseau", "SAS", "Ets Rousseau Matériaux"),
    ("Société Générale d'Entretien", "SAS", None),
    ("Menuiseries du Léman", "SARL", None),
    ("Plomberie Dupont Martin", "SARL", None),
    ("Orange Business Services", "SA", None),
    ("Carrefour City Bastille", "SAS", None),
    ("Pharmacie de l'Église", "SELARL", None),
    ("Cœur de Lin", "SARL", None),
    ("Hôtel Beauséjour", "SAS", None),
    ("Vins Lacroix & Cie", "SARL", None),
    ("Énergies Nouvelles Durand", "SAS", "END Solaire"),
    ("Clinique Vétérinaire Colin", "SELARL", None),
    ("Librairie Vidal", "SARL", None),
    ("Cabinet d'Avocats Renaud", "SELARL", None),
    ("Déménagements Picard", "SAS", None),
    ("Jardins de Provence Aubert", "SARL", "Jardins Aubert"),
    ("Ascenseurs Leclerc", "SA", None),
    ("Restaurant L'Oustau", "SARL", None),
    ("Boucherie Marchand", "EURL", None),
    ("Chauffage Benoît", "SARL", None),
    ("Optique Guérin", "SAS", None),
    ("Mutuelle Arnaud Prévoyance", "SA", None),
    ("Architectes Fournier Associés", "SCP", None),
    ("Transports Garnier Frères", "SARL", None),
    ("Scierie Boyer", "SARL", None),
    ("Taxis Rolland", "SAS", None),
    ("Kiosque Meunier", "EI", None),
]
FOREIGN_SUPPLIERS = [
    ("Google Ireland", "LIMITED", "IE"),
    ("Amazon Web Services EMEA", "SARL", "LU"),
    ("Hetzner Online", "GmbH", "DE"),
    ("Booking.com", "B.V.", "NL"),
    ("Slack Technologies", "Limited", "IE"),
    ("Mollie", "B.V.", "NL"),
    ("Zalando Lounge Logistics", "SE", "DE"),
    ("Spotify Benelux", "B.V.", "NL"),
]
CUSTOMERS = [
    ("Hôpital Privé Saint-Joseph", "SAS"), ("Mairie de Villeneuve", None), ("Groupe Bertin Immobilier", "SA"),
    ("Crèche Les Petits Pas", "SARL"), ("Lycée Technique Ampère", None), ("Cabinet Médical Noël", "SCM"),
    ("Éditions du Phare", "SARL"), ("Auberge du Moulin", "SARL"), ("Cinéma Le Rex", "SAS"),
    ("Domaine Mathieu", "SCEA"), ("Club Sportif Olympique", None), ("Syndic Bernard Gestion", "SAS"),
    ("Association Terre d'Accueil", None), ("Start Nuage", "SAS"), ("Boutique Céleste", "EURL"),
]
# Companies absent from the directory (new counterparties).
NEW_COMPANIES = [
    ("Serrurerie Masson", "SARL"), ("Atelier Céramique Barbier", "EI"), ("Peintures Caron", "SAS"),
    ("Couverture Renard", "SARL"), ("Fleurs de Saison Lemoine", "EURL"), ("Traduction Schmitt", "SAS"),
    ("Vélos Roger", "SAS"), ("Épicerie Fine Gilbert", "SARL"), ("Carrosserie Dumont", "SARL"),
    ("Conseil Lemaire RH", "SASU"), ("Photographie Brun", "EI"), ("Forge Aubry", "SARL"),
    ("Domotique Hubert", "SAS"), ("Pressing Lecomte", "SARL"), ("Toiles Fleury", "SAS"),
    ("Ambulances Royer", "SARL"), ("Château Riviere Vins", "SCEA"), ("Cuisines Dufour", "SAS"),
    ("Serres Marty", "EARL"), ("Livraisons Hamon", "SAS"), ("Événements Perrot", "SAS"),
    ("Vitrerie Gaillard", "SARL"), ("Étanchéité Baron", "SAS"), ("Hydraulique Joly", "SA"),
    ("Coiffure Lucas", "EI"), ("Mécanique Collet", "SARL"), ("Agence Voyageurs Tessier", "SAS"),
    ("Bois et Bûches Poirier", "EURL"), ("Gravure Langlois", "SARL"), ("Data Horizon", "SAS"),
]
NEW_FOREIGN = [("Notion Labs Europe", "Limited", "IE"), ("Figma Netherlands", "B.V.", "NL"),
               ("Kaufland Logistik", "GmbH", "DE"), ("Amazon EU", "SARL", "LU"), ("Stripe Technology Europe", "Limited", "IE")]

directory = []
suppliers = []


def company(name, form, kind, pid, trade=None, with_ids=True):
    siren = new_siren()
    c = {"id": pid, "kind": kind, "name": name, "form": form, "trade": trade, "siren": siren,
         "vat": fr_vat(siren), "siret": siret(siren), "iban": fr_iban()}
    return c


def entry(c, fields=("siren", "vat", "iban"), source="pennylane", name=None):
    e = {"id": c["id"], "kind": c["kind"], "name": name or ((c["name"] + " " + c["form"]) if c["form"] and rng.random() < 0.5 else c["name"]),
         "source": source}
    if "siren" in fields:
        e["siren"] = c["siren"]
    if "siret" in fields:
        e["siret"] = c["siret"]
    if "vat" in fields:
        e["vatNumber"] = c.get("vat")
    if "iban" in fields and c.get("iban"):
        e["iban"] = c["iban"]
    return e


for i, (name, form, trade) in enumerate(SUPPLIERS):
    c = company(name, form, "supplier", "P-%03d" % (i + 1), trade)
    suppliers.append(c)
    # Directory entries carry what Pennylane typically has: some all identifiers, some only a few.
    fields = rng.choice([("siren", "vat", "iban"), ("vat", "iban"), ("siret", "iban"), ("siren", "iban"), ("vat",), ("siren", "vat", "iban")])
    directory.append(entry(c, fields))
for i, (name, form, country) in enumerate(FOREIGN_SUPPLIERS):
    c = {"id": "P-%03d" % (100 + i), "kind": "supplier", "name": name, "form": form, "trade": None,
         "siren": None, "vat": foreign_vat(country), "iban": foreign_iban(country), "country": country}
    suppliers.append(c)
    directory.append({"id": c["id"], "kind": "supplier", "name": name + " " + form, "vatNumber": c["vat"],
                      "iban": c["iban"], "source": "pennylane"})

by_name = {c["name"]: c for c in suppliers}


def dir_has_iban(c):
    """Whether the company's directory entry records its IBAN (an IBAN link needs it)."""
    return any(e["id"] == c["id"] and e.get("iban") for e in directory)

FRENCH = [c for c in suppliers if c["siren"]]
FOREIGN = [c for c in suppliers if not c["siren"]]

# A factoring company's IBAN shared by two unrelated suppliers; a PSP collection account too.
FACTOR_IBAN = fr_iban()
by_name["Menuiserie Perrin"]["iban"] = FACTOR_IBAN
by_name["Scierie Boyer"]["iban"] = FACTOR_IBAN
for e in directory:
    if e["id"] in (by_name["Menuiserie Perrin"]["id"], by_name["Scierie Boyer"]["id"]):
        e["iban"] = FACTOR_IBAN
# Directory entries without identifiers (from a FEC export).
fec_only = []
for i, name in enumerate(["Quincaillerie Noël", "Imprimerie du Centre", "Transports Vallée", "Bureau Conseil Giraud", "Garage Moulin"]):
    c = company(name, "SARL", "supplier", "F-%03d" % (i + 1))
    suppliers.append(c)
    fec_only.append(c)
    directory.append({"id": c["id"], "kind": "supplier", "name": name, "source": "fec"})
# A duplicate supplier: the same company twice in Pennylane.
dup = company("Nettoyage Industriel Carré", "SAS", "supplier", "P-090")
suppliers.append(dup)
directory.append(entry(dup, ("siren", "iban"), name="Nettoyage Industriel Carré SAS"))
directory.append({"id": "P-091", "kind": "supplier", "name": "NETTOYAGE INDUSTRIEL CARRE", "siren": dup["siren"], "source": "pennylane"})
# Learned aliases.
ALIASES = {"Informatique Lambert": "INFOLAMB", "Logiciels Quartz": "QUARTZ SAAS FACTURATION", "Agence Pixelis": "PXL STUDIO PARIS",
           "Hetzner Online": "HETZNER", "Traiteur Morel": "MOREL TRAITEUR EVENEMENTS"}
for name, alias in ALIASES.items():
    directory.append({"id": by_name[name]["id"], "kind": "supplier", "name": alias, "source": "learned"})
# Sole trader in the directory.
sole = company("Jean Martin", "EI", "supplier", "P-095")
suppliers.append(sole)
directory.append(entry(sole, ("siren", "iban"), name="Jean Martin EI"))

customers = []
customer_dir = []
for i, (name, form) in enumerate(CUSTOMERS):
    c = company(name, form, "customer", "C-%03d" % (i + 1))
    customers.append(c)
    customer_dir.append(entry(c, rng.choice([("siren", "vat"), ("vat", "iban"), ("siren", "iban"), ("vat",)])))

directory += customer_dir
DIRS = {"main": directory, "empty": []}

# ---------------------------------------------------------------- cases

cases = []
dates = iter(range(10**6))


def day(offset=0):
    base = 1 + (len(cases) * 7) % 300
    # 2025 day-of-year to YYYY-MM-DD
    import datetime
    d = datetime.date(2025, 1, 1) + datetime.timedelta(days=base + offset)
    return d.isoformat()


def amount():
    return round(rng.uniform(12, 9000), 2)


def add(tier, reason, label, invoice, expected, directory_name="main", transactions=()):
    cid = "C-%03d" % (len(cases) + 1)
    invoice = {k: v for k, v in invoice.items() if v is not None}
    invoice.setdefault("recordID", "inv-%03d" % (len(cases) + 1))
    invoice.setdefault("kind", "supplier")
    invoice.setdefault("currency", "EUR")
    cases.append({"id": cid, "tier": tier, "reason": reason, "label": label, "directory": directory_name,
                  "invoice": invoice, "transactions": list(transactions),
                  "expected": {"decision": expected[0], "counterpartyID": expected[1]}})


def tx(inv_amount, side="debit", name=None, iban_value=None, offset=None):
    return {"id": "tx-%03d-%d" % (len(cases) + 1, rng.randint(0, 99)), "amount": inv_amount, "side": side,
            "date": day(offset if offset is not None else rng.randint(0, 9)),
            **({"counterpartyName": name} if name else {}), **({"iban": iban_value} if iban_value else {})}


def distractors(n=2, side="debit"):
    return [tx(amount(), side=side, name=rng.choice(NEW_COMPANIES)[0].upper(), offset=rng.randint(0, 9)) for _ in range(n)]


def maybe_tx(c, a, side="debit"):
    """Positives sometimes come with their settling transaction, as in real windows."""
    if rng.random() < 0.4:
        return [tx(a, side=side, name=strip_accents(c["name"]).upper()[:24], iban_value=c.get("iban"))] + distractors(1, side)
    return distractors(rng.randint(0, 2), side)


def inv(c_name, vat=None, tin=None, iban_value=None, a=None, kind="supplier", credit=False):
    return {"counterpartyName": c_name, "vatNumber": vat, "siren": tin, "iban": iban_value,
            "amount": a if a is not None else amount(), "issueDate": day(), "kind": kind,
            "isCreditNote": credit or None, "invoiceNumber": "F-%05d" % rng.randint(1, 99999)}


def fwd(cid):
    return ("forward", cid)


HOLD = ("hold", None)

# P1 exact name + identifier (easy)
for c in rng.sample(FRENCH[:50], 25):
    a = amount()
    ident = rng.choice(["vat", "tin", "siret"])
    add("easy", "exact_name_identifier", "match",
        inv(c["name"], vat=spaced(c["vat"]) if ident == "vat" else None,
            tin=spaced(c["siren"]) if ident == "tin" else (c["siret"] if ident == "siret" else None), a=a),
        fwd(c["id"]), transactions=maybe_tx(c, a))

# P2 legal-form variants (easy)
for c in rng.sample(FRENCH[:50], 15):
    a = amount()
    add("easy", "legal_form_variant", "match", inv(legal_variant(c["name"], c["form"]), vat=c["vat"], a=a), fwd(c["id"]),
        transactions=maybe_tx(c, a))

# P3 accents, apostrophes, case (easy)
accented = [c for c in FRENCH[:50] if c["name"] != strip_accents(c["name"]) or "'" in c["name"]]
for c in rng.sample(accented, min(10, len(accented))):
    a = amount()
    variant = rng.choice([strip_accents(c["name"]).upper(), strip_accents(c["name"]).replace("'", "\u2019"),
                          c["name"].replace("'", " "), strip_accents(c["name"]).lower()])
    add("easy", "accents_apostrophes", "match", inv(variant, tin=c["siren"], a=a), fwd(c["id"]), transactions=maybe_tx(c, a))

# P4 abbreviations with IBAN, no identifier (medium)
abbreviable = [c for c in FRENCH[:50] if any(w in c["name"] for w in ("Établissements", "Société", "Compagnie", " et ", "& Cie"))]
for c in abbreviable * 2:
    a = amount()
    # Issue 11, rule 2: a unique name after normalisation forwards; an IBAN the directory does not know is no conflict.
    expected = fwd(c["id"])
    variant = (c["name"].replace("Établissements", "Ets").replace("Société", rng.choice(["Sté", "STE"]))
               .replace("Compagnie", "Cie").replace(" et ", " & ").replace("Nouvelle", "Nle").replace("& Cie", "et Compagnie"))
    if c["iban"] == FACTOR_IBAN:
        continue
    add("medium", "abbreviation", "match", inv(variant, iban_value=iban_printed(c["iban"]), a=a), expected,
        transactions=maybe_tx(c, a))

# P5 word order with IBAN (medium)
multiword = [c for c in FRENCH[:50] if len(c["name"].split()) == 2 and c["iban"] != FACTOR_IBAN and dir_has_iban(c)]
for c in rng.sample(multiword, 8):
    a = amount()
    w = c["name"].split()
    add("medium", "word_order", "match", inv(w[1] + " " + w[0], iban_value=c["iban"], a=a), fwd(c["id"]), transactions=maybe_tx(c, a))

# P6 OCR damage on names, with IBAN or VAT (medium)
for c in rng.sample([c for c in FRENCH[:50] if c["iban"] != FACTOR_IBAN], 12):
    a = amount()
    damaged = ocr_damage(c["name"])
    if rng.random() < 0.5 and dir_has_iban(c):
        add("medium", "ocr_damage", "match", inv(damaged, iban_value=c["iban"], a=a), fwd(c["id"]), transactions=maybe_tx(c, a))
    else:
        add("medium", "ocr_damage", "match", inv(damaged, vat=c["vat"], a=a), fwd(c["id"]), transactions=maybe_tx(c, a))

# P7 SIRET on one side, VAT on the other (medium)
for c in rng.sample(FRENCH[:50], 10):
    a = amount()
    add("medium", "siret_vs_vat", "match", inv(c["name"].upper(), tin=spaced(c["siret"]), a=a), fwd(c["id"]), transactions=maybe_tx(c, a))

# P8 trade name with the directory IBAN (hard). When the trade name keeps the legal name's
# surname ("Print Express Vasseur" / "Imprimerie Vasseur") the names partly agree and, with the
# IBAN, a person would accept the link → forward; when nothing but the IBAN links them (acronyms,
# unrelated trade names) → hold.
traded = [c for c in FRENCH if c["trade"]]
for c in traded:
    a = amount()
    surname = strip_accents(c["name"]).upper().split()[-1]
    keeps_surname = surname in strip_accents(c["trade"]).upper().split()
    reason = "trade_name_with_surname_iban" if keeps_surname else "trade_name_iban_only"
    expected = fwd(c["id"]) if keeps_surname and dir_has_iban(c) else HOLD
    add("hard", reason, "match", inv(c["trade"], iban_value=c["iban"], a=a), expected, transactions=maybe_tx(c, a))

# P9 brand vs legal name linked by identifier (hard)
for c in traded:
    a = amount()
    add("hard", "trade_name_identifier", "match", inv(c["trade"], vat=c["vat"], a=a), fwd(c["id"]), transactions=maybe_tx(c, a))

# P10 foreign suppliers with only a VAT number (medium)
for c in FOREIGN + rng.sample(FOREIGN, 2):
    a = amount()
    variant = rng.choice([c["name"] + " " + c["form"], (c["name"] + " " + {"LIMITED": "Ltd", "Limited": "Ltd"}.get(c["form"], c["form"])).upper(), c["name"]])
    add("medium", "foreign_vat_only", "match", inv(variant, vat=spaced(c["vat"]), a=a), fwd(c["id"]))

# P11 the settling transaction carries the directory IBAN; the invoice only a name (medium)
for c in rng.sample([c for c in FRENCH[:50] if c["iban"] != FACTOR_IBAN and dir_has_iban(c)], 10):
    a = amount()
    variant = rng.choice([c["name"], legal_variant(c["name"], c["form"]), strip_accents(c["name"]).upper()])
    add("medium", "transaction_iban_confirms", "match", inv(variant, a=a), fwd(c["id"]),
        transactions=[tx(a, name=strip_accents(c["name"]).upper(), iban_value=c["iban"])] + distractors(2))

# P12 learned alias (medium)
for name, alias in ALIASES.items():
    c = by_name[name]
    a = amount()
    add("medium", "learned_alias", "match", inv(alias, a=a), fwd(c["id"]))

# P13 customer invoices (easy/medium)
for c in customers:
    a = amount()
    e = next(x for x in customer_dir if x["id"] == c["id"])
    if "vatNumber" in e or "siren" in e:
        add("easy", "customer_identifier", "match", inv(c["name"], vat=c["vat"], a=a, kind="customer"), fwd(c["id"]),
            transactions=[tx(a, side="credit", name=strip_accents(c["name"]).upper())])
    else:
        add("medium", "customer_name_transaction", "match", inv(c["name"], a=a, kind="customer"), HOLD,
            transactions=[tx(a, side="credit", name=c["name"].upper())])

# P14 supplier credit notes (medium)
for c in rng.sample(FRENCH[:50], 5):
    a = amount()
    add("medium", "credit_note", "match", inv(c["name"], vat=c["vat"], a=a, credit=True), fwd(c["id"]),
        transactions=[tx(a, side="credit", name=strip_accents(c["name"]).upper(), iban_value=c["iban"])])

# P15 malformed identifier but name and IBAN agree (medium)
for c in rng.sample([c for c in FRENCH[:50] if c["iban"] != FACTOR_IBAN and dir_has_iban(c)], 6):
    a = amount()
    add("medium", "malformed_identifier_with_iban", "match", inv(c["name"], vat=broken_vat(c["vat"]), iban_value=c["iban"], a=a),
        fwd(c["id"]))

# N1/N2 new counterparties with a valid identifier, against the directory and an empty one (easy)
new_cos = [company(n, f, "supplier", "new") for n, f in NEW_COMPANIES]
for i, c in enumerate(new_cos):
    a = amount()
    name = legal_variant(c["name"], c["form"])
    add("easy", "new_with_identifier", "new_counterparty",
        inv(name, vat=c["vat"] if i % 2 else None, tin=None if i % 2 else c["siret"], a=a),
        fwd("new"), directory_name="main" if i < 15 else "empty", transactions=distractors(rng.randint(0, 2)))
for n, f, country in NEW_FOREIGN:
    a = amount()
    add("medium", "new_foreign_vat", "new_counterparty", inv(n + " " + f, vat=foreign_vat(country), a=a), fwd("new"),
        directory_name=rng.choice(["main", "empty"]))

# N3 empty directory, the settling transaction names the same counterparty (medium)
for c in rng.sample(new_cos, 12):
    a = amount()
    tx_name = rng.choice([strip_accents(c["name"]).upper(), (c["name"] + " " + c["form"]).upper(), strip_accents(c["name"])])
    # Issue 11, rule 4: a new supplier needs a valid identifier, or an IBAN and a payment to that IBAN.
    add("medium", "empty_directory_transaction_name", "new_counterparty", inv(c["name"], a=a), HOLD,
        directory_name="empty", transactions=[tx(a, name=tx_name)] + distractors(2))

# N4 empty directory, invoice IBAN equals the transaction's (medium)
for c in rng.sample(new_cos, 6):
    a = amount()
    add("medium", "empty_directory_transaction_iban", "new_counterparty", inv(c["name"], iban_value=c["iban"], a=a), fwd("new"),
        directory_name="empty", transactions=[tx(a, iban_value=c["iban"], name=strip_accents(c["name"]).upper()[:18])] + distractors(1))

# N5 bare names, nothing else (medium): hold
for c in rng.sample(new_cos, 12):
    add("medium", "bare_name", "new_counterparty", inv(c["name"]), HOLD,
        directory_name=rng.choice(["main", "empty"]), transactions=distractors(rng.randint(0, 2)))

# N6 transaction card label truncated (hard): a human accepts amount + recognisable label
for c in rng.sample(new_cos, 6):
    a = amount()
    label = strip_accents(c["name"]).upper()[: max(8, int(len(c["name"]) * 0.7))]
    add("hard", "transaction_label_truncated", "new_counterparty", inv(c["name"], a=a), HOLD,  # issue 11, rule 4
        directory_name="empty", transactions=[tx(a, name=label)])

# X1 group entities: a sister company absent from the directory, with its own VAT (hard)
for n, f, country in [("Amazon EU", "S.à r.l.", "LU"), ("Amazon Digital Services Europe", "SARL", "LU")]:
    for _ in range(2):
        add("hard", "group_entity_with_vat", "non_match", inv(n + " " + f, vat=foreign_vat(country)), fwd("new"))
orange = company("Orange", "SA", "supplier", "new")
for _ in range(2):
    add("hard", "group_entity_with_vat", "non_match", inv("Orange SA", vat=orange["vat"]), fwd("new"))
# X2 group entities, bare names (hard)
for n in ["Amazon EU SARL", "Orange", "Google France SARL", "Amazon Payments Europe"]:
    add("hard", "group_entity_bare_name", "non_match", inv(n), HOLD)

# X3 franchise, a different store with its own SIREN (hard): names differ, identifiers differ → new
for store in ["Carrefour City Nation", "Carrefour City Montmartre", "Carrefour City Gambetta"]:
    other = company(store, "SAS", "supplier", "new")
    add("hard", "franchise_other_store", "non_match", inv(store + " SAS", vat=other["vat"]), fwd("new"))
    add("hard", "franchise_other_store", "non_match", inv(store), HOLD)

# X4 names one character apart, different valid SIREN (hard): the name points at an entry whose
# identifier conflicts → hold
for base, variant in [("Boulangerie Lefebvre", "Boulangerie Lefèvre"), ("Optique Guérin", "Optique Guerrin"),
                      ("Librairie Vidal", "Librairie Vital"), ("Taxis Rolland", "Taxis Roland"),
                      ("Scierie Boyer", "Scierie Boyet"), ("Garage Bonnet", "Garage Bonet")]:
    other = company(variant, "SARL", "supplier", "new")
    add("hard", "one_character_apart_other_siren", "non_match", inv(variant, vat=other["vat"]), HOLD)

# X5 same trade and surname, another city, no identifier, another IBAN (hard)
for name in ["Plomberie Dupont Martin", "Boucherie Marchand", "Chauffage Benoît", "Déménagements Picard", "Brasserie Gauthier"]:
    add("hard", "same_name_other_company_no_identifier", "non_match", inv(name, iban_value=fr_iban()), HOLD)

# X6 the token_set subset trap (hard)
for short in ["Martin Plomberie", "Dupont Plomberie", "Transports", "Garnier"]:
    add("hard", "subset_trap", "non_match", inv(short), HOLD)
for short in ["Martin Plomberie", "Dupont Martin", "Garnier Transports Express"]:
    other = company(short, "SARL", "supplier", "new")
    add("hard", "subset_trap", "non_match", inv(short + " SARL", vat=other["vat"]), fwd("new"))

# X7 shared factoring IBAN (hard)
perrin, boyer = by_name["Menuiserie Perrin"], by_name["Scierie Boyer"]
for c in (perrin, boyer):
    add("hard", "shared_factor_iban_with_identifier", "match", inv(c["name"], vat=c["vat"], iban_value=FACTOR_IBAN), fwd(c["id"]))
    # Exact name and an agreeing (if shared) IBAN: the policy's "IBAN agreement with an agreeing name".
    add("hard", "shared_factor_iban_name_only", "match", inv(c["name"], iban_value=FACTOR_IBAN), fwd(c["id"]))
for n in ["Charpente Lemoine", "Parquets Bailly"]:
    other = company(n, "SARL", "supplier", "new")
    # Issue 11, rule 4: a new counterparty whose IBAN is recorded on a known entry holds, naming it.
    add("hard", "shared_factor_iban_new_supplier", "non_match", inv(n, vat=other["vat"], iban_value=FACTOR_IBAN), HOLD)
    add("hard", "shared_factor_iban_new_supplier", "non_match", inv(n, iban_value=FACTOR_IBAN), HOLD)
# The IBAN of one supplier on an invoice naming another directory supplier (name → A, IBAN → B).
for a_c, b_c in [(by_name["Papeterie Moreau"], by_name["Agence Pixelis"]), (by_name["Librairie Vidal"], by_name["Taxis Rolland"])]:
    if b_c.get("iban"):
        add("hard", "name_and_iban_point_apart", "non_match", inv(a_c["name"], iban_value=b_c["iban"]), HOLD)

# X8 an old IBAN now used by someone else (hard)
for c in rng.sample([c for c in FRENCH[:50] if c["iban"] != FACTOR_IBAN], 4):
    other = rng.choice(NEW_COMPANIES)[0]
    add("hard", "old_iban_reused", "non_match", inv(other, iban_value=c["iban"]), HOLD)

# X9 two sole traders with the same surname (hard)
for n in ["Jeanne Martin", "Martin Jean-Paul", "J. Martin", "Martin"]:
    add("hard", "sole_traders_same_surname", "non_match", inv(n, iban_value=fr_iban()), HOLD)

# X10 the invoice's own identifiers conflict (hard)
for c in rng.sample(FRENCH[:50], 6):
    other = rng.choice(FRENCH)
    if other is c:
        continue
    add("hard", "conflicting_identifiers_on_invoice", "non_match", inv(c["name"], vat=c["vat"], tin=other["siren"]), HOLD)

# X11 the same supplier twice in the directory (hard): too close to call
for _ in range(4):
    add("hard", "duplicate_directory_entries", "match", inv("Nettoyage Industriel Carré", tin=dup["siren"]), HOLD)

# X12 no counterparty evidence (easy)
for i in range(8):
    a = amount()
    add("easy", "no_evidence", "no_evidence", inv(None, a=a, vat=rng.choice([None, "N/A", "FR00"]) if i % 2 else None),
        HOLD, directory_name=rng.choice(["main", "empty"]), transactions=[tx(a)] if i % 3 == 0 else [])

# X13 exact name with a malformed identifier and nothing else (medium): the name alone is no corroboration
for c in rng.sample(FRENCH[:50], 8):
    add("medium", "malformed_identifier_name_only", "match", inv(c["name"], vat=broken_vat(c["vat"])), HOLD)

# X14 the transaction of the same amount names someone else (medium)
for c in rng.sample(new_cos, 6):
    a = amount()
    add("medium", "transaction_name_disagrees", "new_counterparty", inv(c["name"], a=a), HOLD, directory_name="empty",
        transactions=[tx(a, name=rng.choice(CUSTOMERS)[0].upper())])

# X15 a foreign VAT number that conflicts with the named supplier's (hard)
for c in FOREIGN[:4]:
    add("hard", "foreign_vat_conflict", "non_match", inv(c["name"] + " " + c["form"], vat=foreign_vat(c["country"])), HOLD)

# X16 directory entry without identifiers (FEC), invoice with a valid VAT and the exact name (medium):
# the entry can neither agree nor conflict on an identifier, and the invoice's own valid VAT
# corroborates it as it would for a new counterparty, so the name resolves it → forward to that
# entry (which is what lets the FEC's ledger catch a duplicate). A name-only directory must not
# make a well-identified invoice less forwardable than an empty directory does.
for c in fec_only:
    add("medium", "directory_without_identifiers", "match", inv(c["name"], vat=c["vat"]), fwd(c["id"]))
# ... and the same entries with only a name on the invoice (no identifier, no transaction) → forward
# (issue 11, rule 2: a unique, distinctive name match with nothing against it forwards)
for c in fec_only:
    add("medium", "directory_without_identifiers_bare_name", "match", inv(c["name"]), fwd(c["id"]))
# ... and with the settling transaction's IBAN matching nothing in the directory either
# X17 transaction outside the date window (medium): no reconciliation, bare name → hold
for c in rng.sample(new_cos, 4):
    a = amount()
    add("medium", "transaction_outside_window", "new_counterparty", inv(c["name"], a=a), HOLD, directory_name="empty",
        transactions=[tx(a, name=strip_accents(c["name"]).upper(), offset=25)])

for e in DIRS["main"]:
    e.pop("form", None)
out = {"directories": DIRS, "cases": cases}
json.dump(out, sys.stdout, ensure_ascii=False, indent=1, sort_keys=True)
sys.stdout.write("\n")
print("cases: %d" % len(cases), file=sys.stderr)
