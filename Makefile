# The README's commands. Every target sets up what it needs: a fresh machine with
# Python 3 and make is enough (and, for `make package`, a Python 3.12 to byte-compile
# with: pyenv's, or python3.12 on PATH).
PYTHON ?= python3
VENV ?= .venv
SAM_VENV ?= .venv-sam
SERVE_VENV ?= .venv-serve
HOST ?= 127.0.0.1
PORT ?= 8000
BIN := $(VENV)/bin
SAM := SAM_CLI_TELEMETRY=0 $(abspath $(SAM_VENV))/bin/sam
# Re-installed whenever a lock or the project's metadata changes.
STAMP := $(VENV)/.installed-stamp
SAM_STAMP := $(SAM_VENV)/.installed-stamp
SERVE_STAMP := $(SERVE_VENV)/.installed-stamp
# The page's tools from npm, each from its lock: ESLint and Prettier (for lint), Lighthouse
# (for audit).
NODE_STAMP := node_modules/.installed-stamp
AUDIT_STAMP := tools/audit/node_modules/.installed-stamp
# The Lambda target: the template's runtime (python3.12) and architecture (arm64).
LAMBDA_PYTHON ?= $(firstword $(wildcard $(HOME)/.pyenv/versions/3.12*/bin/python3.12) $(shell command -v python3.12))
LAMBDA_PLATFORM ?= manylinux2014_aarch64
# An environment of infra/samconfig.toml (default, staging, production): its stack and
# region, read only by the targets that use them.
ENV ?= default
ENV_STACK = $(shell $(PYTHON) infra/environments.py $(ENV))
STACK ?= $(word 1,$(ENV_STACK))
REGION ?= $(word 2,$(ENV_STACK))

.PHONY: dev test lint audit bench mutation package deploy smoke refresh-time-data vendor-swagger-ui destroy scale cache-keys clean

$(STAMP): requirements/dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

$(NODE_STAMP): package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

$(AUDIT_STAMP): tools/audit/package-lock.json
	cd tools/audit && npm ci --no-audit --no-fund --silent
	touch $@

# The SAM CLI and cfn-lint live apart so that they pin nothing of the app's.
$(SAM_STAMP): requirements/sam.txt
	$(PYTHON) -m venv $(SAM_VENV)
	$(SAM_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements/sam.txt
	touch $@

# `make dev` serves from a virtualenv of its own holding only what serving needs (PyEphem,
# orjson, aiohttp, from their lock), and runs the package from the checkout: no build.
$(SERVE_STAMP): requirements/serve.txt
	$(PYTHON) -m venv $(SERVE_VENV)
	$(SERVE_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements/serve.txt
	touch $@

dev: $(SERVE_STAMP)
	@PYTHONPATH=functions $(SERVE_VENV)/bin/python -m planettracker.doors.devserver --host $(HOST) --port $(PORT)

test: $(STAMP) $(SAM_STAMP) $(SERVE_STAMP)
	LAMBDA_PYTHON=$(LAMBDA_PYTHON) $(BIN)/python -m pytest

lint: $(STAMP) $(SAM_STAMP) $(NODE_STAMP)
	$(BIN)/ruff check functions tests infra tools
	$(BIN)/ruff format --check functions tests infra tools
	npm run --silent lint
	npm run --silent format-check
	$(BIN)/mypy
	$(SAM_VENV)/bin/cfn-lint infra/template.yaml infra/deploy-role.yaml
	$(SAM_VENV)/bin/actionlint .github/workflows/*.yml

# Lighthouse on the page, desktop and mobile (slow, so not in `make test`): prints the
# scores, writes build/lighthouse/, fails under 95. Uses Debian's chromium (CHROME_PATH).
audit: $(STAMP) $(AUDIT_STAMP)
	$(BIN)/python tools/audit/audit.py

# A benchmark, not a test: prints a table and writes build/bench.json. Needs wrk.
bench: $(STAMP)
	@command -v wrk >/dev/null || { echo "make bench needs wrk (apt-get install wrk)"; exit 2; }
	LAMBDA_PYTHON=$(LAMBDA_PYTHON) $(BIN)/python tests/bench/bench.py
	$(BIN)/python tests/bench/hostile.py
	$(BIN)/python tests/bench/places.py

# Mutation testing, not part of `make test` (its duration and last scores: docs/tests.md):
# mutmut over the core and the parameter layer against the fast tests, each mutant in a
# fresh process; prints module | mutants | killed | score, writes build/mutation.json,
# fails under 90% or on a survivor not explained in tests/mutation/equivalent.toml.
# MODULES="core/events.py" runs some only.
mutation: $(STAMP)
	$(BIN)/python tests/mutation/run.py $(MODULES)

package: $(STAMP)
	@test -n "$(LAMBDA_PYTHON)" || { echo "make package needs Python 3.12 (pyenv install 3.12, or LAMBDA_PYTHON=...)"; exit 2; }
	$(BIN)/python infra/package.py --python $(LAMBDA_PYTHON) --platform $(LAMBDA_PLATFORM)

# A stack's first run from a terminal is guided (asks for the parameters; saves them to
# the environment in infra/samconfig.toml); later runs, and CI, deploy the saved answers.
# CI: no prompt, and CFN_ROLE, the role CloudFormation acts as (infra/deploy-role.yaml).
deploy: package $(SAM_STAMP)
	cd infra && PATH=$(dir $(LAMBDA_PYTHON)):$$PATH $(SAM) build
	cd infra && $(SAM) deploy --config-env $(ENV) --stack-name $(STACK) --region $(REGION) \
	  $(if $(or $(wildcard infra/.deployed-$(STACK)),$(CI)),,--guided) \
	  $(if $(CI),--no-confirm-changeset) $(if $(CFN_ROLE),--role-arn $(CFN_ROLE))
	touch infra/.deployed-$(STACK)
	$(SAM_VENV)/bin/python infra/publish_site.py --stack $(STACK) --region $(REGION)

# Empties the versioned site bucket, then deletes the stack (asks for its name; YES=1 doesn't).
destroy: $(SAM_STAMP)
	$(SAM_VENV)/bin/python infra/destroy.py --stack $(STACK) --region $(REGION) $(if $(YES),--yes)

# The capacity and cost model (docs/scale.md), from make bench's build/bench.json.
scale: $(STAMP)
	$(BIN)/python infra/scale.py

# Against URL, or else the SiteUrl of ENV's stack.
smoke: $(STAMP) $(if $(URL),,$(SAM_STAMP))
	$(BIN)/python infra/smoke.py $(or $(URL),"$$($(SAM_VENV)/bin/python infra/environments.py $(ENV) --output SiteUrl)")

# The template's CloudFront cache policies and behaviours, from the route table.
cache-keys: $(STAMP)
	$(BIN)/python infra/cache_keys.py

# Take in new IERS bulletins: upgrade astropy-iers-data in the lock, then run this.
refresh-time-data: $(STAMP)
	$(BIN)/python infra/refresh_time_data.py

# Swagger UI for /docs, vendored into site/ so /docs works offline and under the site's
# CSP: this refreshes it from npm (which checks the tarball's integrity) at a pinned version.
SWAGGER_UI ?= 5.35.0
vendor-swagger-ui:
	rm -rf build/swagger-ui && mkdir -p build/swagger-ui
	cd build/swagger-ui && npm pack --silent swagger-ui-dist@$(SWAGGER_UI) && tar xzf swagger-ui-dist-$(SWAGGER_UI).tgz
	cd build/swagger-ui/package && cp swagger-ui-bundle.js swagger-ui-bundle.js.LICENSE.txt \
	  swagger-ui.css LICENSE NOTICE package.json $(CURDIR)/site/vendor/swagger-ui-dist/

clean:
	rm -rf $(VENV) $(SAM_VENV) $(SERVE_VENV) build .pytest_cache .mypy_cache .ruff_cache test-artifacts \
	  node_modules tools/audit/node_modules
