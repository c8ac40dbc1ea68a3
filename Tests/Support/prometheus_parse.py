"""Parses a Prometheus text exposition (the file named, or stdin) with Prometheus's own Python client parser.

Prints one line per sample, `name label=value,label=value value`, labels sorted, samples sorted;
exits 1 with the parser's error on stderr when the text does not parse.
"""
import sys

from prometheus_client.parser import text_string_to_metric_families


def main() -> int:
    if len(sys.argv) > 1:
        with open(sys.argv[1], encoding="utf-8") as handle:
            text = handle.read()
    else:
        text = sys.stdin.read()
    try:
        lines = []
        for family in text_string_to_metric_families(text):
            for sample in family.samples:
                labels = ",".join(f"{key}={value}" for key, value in sorted(sample.labels.items()))
                lines.append(f"{family.type} {sample.name} {labels} {sample.value:g}")
    except Exception as error:  # the parser raises ValueError and friends
        print(f"does not parse: {error}", file=sys.stderr)
        return 1
    print("\n".join(sorted(lines)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
