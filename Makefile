# Facteur — the two commands a fresh machine needs: `make demo` and `make test`.
# Both install the missing system packages themselves (Debian; run as root or with sudo).

SWIFT ?= swift
PYTHON ?= python3
APT_PACKAGES := libcurl4-openssl-dev libssl-dev libsqlite3-dev sqlite3 openssl ca-certificates curl
# Only the tests need these: the headless browser that checks the status page renders, and
# PostgreSQL 15 (its programs only: each test starts its own server in a temporary directory).
TEST_APT_PACKAGES := chromium postgresql-15
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all build test demo soak soak-postgres bench bench-matching deps test-deps python-deps certs clean

all: build

# System libraries the package links (libcurl, OpenSSL, SQLite) and the tools tests use.
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

test-deps: deps
	@missing=""; for p in $(TEST_APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

# The real SMTP server the tests talk to (aiosmtpd, from PyPI, for the python3 on PATH), and
# Prometheus's own text-format parser, which reads /metrics in the web tests.
python-deps:
	@$(PYTHON) -c 'import aiosmtpd' 2>/dev/null || $(PYTHON) -m pip install --quiet --disable-pip-version-check 'aiosmtpd>=1.4,<2'
	@$(PYTHON) -c 'import prometheus_client' 2>/dev/null || $(PYTHON) -m pip install --quiet --disable-pip-version-check 'prometheus-client>=0.16,<1'

# Throw-away TLS material for the loopback servers (certs/test/, git-ignored).
certs:
	@bash certs/make-test-certs.sh

build: deps
	$(SWIFT) build

test: deps test-deps python-deps certs
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# One full window on the bundled Qonto sandbox into ./demo/mail (a Maildir); re-run: nothing new.
demo: deps
	@echo "building facteur (swift build; the first build takes a few minutes)"
	@$(SWIFT) build --quiet
	@FACTEUR_BIN=$(CURDIR)/.build/debug/facteur bash scripts/demo.sh

# Precision and recall of automatic forwarding on the labelled sets of invented cases (issue: matching):
# the original set, then the set by family written from issue 11's rules (per-family figures).
bench-matching: deps
	@$(SWIFT) build --quiet --product facteur
	@echo "== matching-evaluation.json (original set)"
	@.build/debug/facteur bench-matching Tests/FacteurCoreTests/Fixtures/matching-evaluation.json
	@echo
	@echo "== matching-families.json (by family, issue 11)"
	@.build/debug/facteur bench-matching Tests/FacteurCoreTests/Fixtures/matching-families.json

# Chaos run, at most ~10 minutes (not part of `make test`): `facteur run` SIGKILLed 60 times amid
# Qonto and SMTP faults, then a clean drain and the checks. Work files and logs in ./soak/.
# SOAK_ARGS="--seed 7 --kills 100" varies the run; SOAK_SCRATCH=.build-x builds elsewhere.
SOAK_ARGS ?=
SOAK_SCRATCH ?= .build
soak: deps python-deps certs
	$(SWIFT) build --scratch-path $(SOAK_SCRATCH)
	$(PYTHON) scripts/soak.py --facteur $(abspath $(SOAK_SCRATCH))/debug/facteur $(SOAK_ARGS)

# The same chaos with three gateways on one PostgreSQL (issue 15): 100 SIGKILLs of one of them at a
# time, and one PostgreSQL restart halfway. Needs postgresql-15 (installed here when missing).
soak-postgres: deps test-deps python-deps certs
	$(SWIFT) build --scratch-path $(SOAK_SCRATCH)
	$(PYTHON) scripts/soak.py --store postgres --processes 3 --kills 100 --facteur $(abspath $(SOAK_SCRATCH))/debug/facteur $(SOAK_ARGS)

# Benchmark (not part of `make test`, ~20 minutes, uses the whole machine): Facteur against Python
# smtplib and the curl CLI through a real Postfix on 127.0.0.1 (installed and started here, stopped
# after), composition against openssl base64, a 30 000-invoice backfill, an idle poll and 1 000 000
# outbox rows, 200 workspaces in one `facteur run` (bench/workspaces.py), and the PostgreSQL store:
# delivery with 1 and 3 processes, claim-to-send latency with and without NOTIFY (bench/postgres.py,
# on a throw-away PostgreSQL 15 installed here when missing). Prints a table; JSON in
# bench-results/. See bench/README.md.
BENCH_APT_PACKAGES := postfix sasl2-bin libsasl2-modules time gcc postgresql-15
BENCH_ARGS ?=
bench: deps python-deps certs
	@missing=""; for p in $(BENCH_APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
	$(SWIFT) build -c release --product facteur --scratch-path .build-bench
	$(SUDO) $(PYTHON) bench/run.py --facteur $(CURDIR)/.build-bench/release/facteur $(BENCH_ARGS)

clean:
	rm -rf .build demo soak
