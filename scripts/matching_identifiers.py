"""Check digits shared by the labelled-set generators (make-matching-fixture.py and
make-matching-families.py): SIREN Luhn key and French VAT key. Pure: no randomness here, so both
sets stay byte-identical whichever script imports them."""


def luhn_ok(digits):
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def luhn_complete(prefix):
    for d in "0123456789":
        if luhn_ok(prefix + d):
            return prefix + d
    raise AssertionError


def fr_vat(siren):
    return "FR%02d%s" % ((12 + 3 * (int(siren) % 97)) % 97, siren)
