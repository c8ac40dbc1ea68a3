# Facteur — the two commands a fresh machine needs: `make demo` and `make test`.
# Both install the missing system packages themselves (Debian; run as root or with sudo).

SWIFT ?= swift
PYTHON ?= python3
APT_PACKAGES := libcurl4-openssl-dev libssl-dev libsqlite3-dev sqlite3 openssl ca-certificates curl
# Only the tests need these: the headless browser that checks the status page renders.
TEST_APT_PACKAGES := chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all build test demo deps test-deps python-deps certs clean

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

# The real SMTP server the tests talk to (aiosmtpd, from PyPI, for the python3 on PATH).
python-deps:
	@$(PYTHON) -c 'import aiosmtpd' 2>/dev/null || $(PYTHON) -m pip install --quiet --disable-pip-version-check 'aiosmtpd>=1.4,<2'

# Throw-away TLS material for the loopback servers (certs/test/, git-ignored).
certs:
	@bash certs/make-test-certs.sh

build: deps
	$(SWIFT) build

test: deps test-deps python-deps certs
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

demo: deps
	$(SWIFT) build
	@bash scripts/demo.sh

clean:
	rm -rf .build demo
