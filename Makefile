# Jiceng — two commands: `make run` and `make test`. Everything else is a step of those.
SHELL := /bin/bash
JOBS  ?= $(shell nproc)
DB    ?= sqlite:var/jiceng.db
LISTEN ?= 127.0.0.1:8080
# The server binary the black-box steps drive (test-cli, web-api, test-openapi, test-e2e),
# and the target that builds it ("" when it is built already: `make test` passes
# BIN=build-asan/jiceng BIN_BUILD=).
BIN ?= build/jiceng
BIN_BUILD ?= build
# The sanitizers' settings, for every run of an ASan+UBSan binary (harmless for the Release
# one). Freed memory waits in a 64 MB quarantine (the default is 256 MB) before reuse: a
# use after free is still caught within the last 64 MB freed, and the suites stop faulting
# in fresh pages for the quarantine (a quarter less time; docs/PERFORMANCE.md). Leaks inside
# Debian's libraries are listed, with their reasons, in tests/lsan.supp.
SAN_ENV := ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:quarantine_size_mb=64 \
  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# The test suites' private PostgreSQL keeps its data in memory when it can.
PG_TMPDIR ?= $(shell [ -d /dev/shm ] && [ -w /dev/shm ] && echo /dev/shm || echo /tmp)

WEB_SOURCES := $(shell find web/src web/index.html web/public web/vite.config.ts web/tsconfig.json web/package-lock.json -type f 2>/dev/null)

.PHONY: run test test-lane-server test-lane-node test-lane-asan test-lane-web deps deps-test deps-test-native deps-web deps-bench build build-asan build-asan-server web web-api test-cpp test-openapi test-asan test-cli test-web test-lint test-e2e bench bench-registry bench-geo bench-centers format format-check clean

## make run: install, build, seed demo data and serve on http://127.0.0.1:8080
run: deps build web
	@mkdir -p var
	@./build/jiceng demo --db $(DB) --meeting-years 2 --minutes-docs 5000
	@echo
	@echo "  Open http://$(LISTEN) and sign in with a demo account above."
	@echo "  (Passwords are shown only when an account is created; reset one with"
	@echo "   echo 'New-password-1' | ./build/jiceng user passwd --username admin --password-stdin --keep-password"
	@echo "   — without --keep-password the holder replaces it at the next login)"
	@echo
	@exec ./build/jiceng serve --db $(DB) --listen $(LISTEN)

## make test: install, build (ASan+UBSan), and run every test
# Every suite runs against the ASan+UBSan build: the C++ suites on both stores, and the
# server and CLI (`build-asan/jiceng`) as a black box — the CLI checks on both stores, the
# OpenAPI lint and the browser tests — so the sanitizers also watch the server the browser
# drives. Two steps of two lanes each, keeping both cores busy (docs/PERFORMANCE.md,
# "Test suite time"):
#   1. server lane: build-asan-server (the library, the demo and `jiceng`)
#      node lane:   deps-web → test-web → test-lint → format-check
#   2. asan lane:   build-asan (the test binary) → test-asan → test-openapi
#      web lane:    web (its API types first: web-api) → test-e2e → test-cli
# The test binary is compiled in step 2, beside the web bundle and the browser tests: it is
# one translation unit, and compiled in step 1 it would leave a core idle.
# The Release tree (`make build`, what `make run` serves) is not built here: CI (.ci/run)
# builds it after `make test` and runs the CLI checks and the browser tests against it;
# `make test-cpp` runs the C++ suites on it.
TEST_BIN := BIN=build-asan/jiceng BIN_BUILD=
test: deps-test-native
	@$(MAKE) --no-print-directory -j2 test-lane-server test-lane-node
	@$(MAKE) --no-print-directory -j2 test-lane-asan test-lane-web
	@echo "make test: all suites passed"

# One step at a time within a lane (each sub-make has one goal); each step's start is
# printed with the time, for the CI log's timeline. The `+` marks the loop as running make,
# which the expanded $(MAKE) alone does not (make would warn and drop its job server).
define lane
	+@for step in $(2); do \
	  echo "[$$(date +%T)] $(1) lane: $$step"; \
	  $(MAKE) --no-print-directory $$step $(TEST_BIN) || exit 1; done
	@echo "[$$(date +%T)] $(1) lane: done"
endef
test-lane-server:
	$(call lane,server,build-asan-server)
# The C++ suites read the demo's divisions from web/node_modules: deps-web comes first in
# step 1, and step 2 starts after it.
test-lane-node:
	$(call lane,node,deps-web test-web test-lint format-check)
test-lane-asan:
	$(call lane,asan,build-asan test-asan test-openapi)
test-lane-web:
	$(call lane,web,web test-e2e test-cli)

deps:
	@scripts/install-deps.sh build
deps-test:
	@scripts/install-deps.sh test
deps-test-native:
	@scripts/install-deps.sh test --no-web
# The lock lets two makes that both ask for it install once.
deps-web:
	@flock web/.deps.lock scripts/install-deps.sh web
deps-bench:
	@scripts/install-deps.sh bench

# The server and CLI only; the Release tree's test binary is built by test-cpp.
build:
	@cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release > /dev/null
	@ninja -C build -j $(JOBS) jiceng

# Unity batches of 50 files: the library in two translation units, the tests, the demo and
# the server in one each — far less CPU than batches of 16 (the sanitizers' instrumentation
# makes this build the largest cost of `make test`), and still two jobs for two cores. -Og
# rather than -O1: a third less compile time, for 2–6 % more run time in the heaviest suites
# (docs/PERFORMANCE.md, "Fifth round"). The server (`jiceng`) is built too: `make test`
# drives it as a black box. build-asan-server builds the server alone (make test's first
# step).
ASAN_CMAKE = cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-Og -g1" \
  -DJICENG_SANITIZE=ON -DJICENG_UNITY_BATCH=50 > /dev/null
build-asan:
	@$(ASAN_CMAKE)
	@ninja -C build-asan -j $(JOBS) jiceng_tests jiceng
build-asan-server:
	@$(ASAN_CMAKE)
	@ninja -C build-asan -j $(JOBS) jiceng

# The web's request and response types are generated from the server's OpenAPI document:
# web/src/api/openapi.json and schema.d.ts (both git-ignored) are rewritten only when they
# change, so an unchanged API does not rebuild the bundle.
web: $(BIN_BUILD) web-api
	@$(MAKE) --no-print-directory web/dist/index.html
web-api:
	@$(SAN_ENV) $(BIN) openapi > web/src/api/openapi.json.tmp
	@cmp -s web/src/api/openapi.json.tmp web/src/api/openapi.json && rm web/src/api/openapi.json.tmp \
	  || mv web/src/api/openapi.json.tmp web/src/api/openapi.json
	@cd web && npx --no-install openapi-typescript src/api/openapi.json -o src/api/schema.d.ts.tmp \
	  --silent && (cmp -s src/api/schema.d.ts.tmp src/api/schema.d.ts && rm src/api/schema.d.ts.tmp \
	  || mv src/api/schema.d.ts.tmp src/api/schema.d.ts)
web/dist/index.html: $(WEB_SOURCES)
	@cd web && npm run build

# C++ unit and API tests on the Release tree, on SQLite and on a private PostgreSQL
# (not part of `make test`, which runs the same suites under the sanitizers).
test-cpp: build
	@ninja -C build -j $(JOBS) jiceng_tests
	@JICENG_REQUIRE_PG=1 PG_TMPDIR=$(PG_TMPDIR) scripts/with-postgres.sh ctest --test-dir build --output-on-failure -j $(JOBS)

# The same suites under AddressSanitizer and UndefinedBehaviorSanitizer.
test-asan:
	@$(SAN_ENV) JICENG_REQUIRE_PG=1 PG_TMPDIR=$(PG_TMPDIR) scripts/with-postgres.sh ctest --test-dir build-asan --output-on-failure -j $(JOBS)

# The CLI as a black box: migrate, init, user add, audit verify, backup, serve + SIGTERM.
test-cli:
	@$(SAN_ENV) JICENG_BIN=$(BIN) PG_TMPDIR=$(PG_TMPDIR) scripts/with-postgres.sh tests/cli_test.sh

# The OpenAPI document `jiceng openapi` prints, linted by @redocly/cli (recommended rules,
# see redocly.yaml); offline: no telemetry, no update check.
test-openapi: $(BIN_BUILD)
	@$(SAN_ENV) $(BIN) openapi > $(dir $(BIN))openapi.json
	@cd web && REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true \
	  timeout 120 npx --no-install redocly lint --config ../redocly.yaml ../$(dir $(BIN))openapi.json

test-web:
	@cd web && npx vitest run

# The web's lint (ESLint: TypeScript + Vue, web/eslint.config.js) and format (Prettier, web/.prettierrc).
test-lint:
	@cd web && npx eslint --max-warnings 0 . && npx prettier --check . && echo "test-lint: clean"

test-e2e:
	@cd web && $(SAN_ENV) JICENG_BIN=../$(BIN) npx vitest run --config vitest.e2e.config.ts

bench: deps-bench build
	@bench/http.sh

# The registry at city scale (1M members) against recursive CTEs in SQLite and PostgreSQL.
bench-registry: deps-bench build
	@scripts/with-postgres.sh bench/registry.sh

# The nearest-center index (platform/geo_index.h) against measuring every center.
bench-centers: deps-bench build
	@ninja -C build jiceng_bench_geo
	@scripts/with-postgres.sh bench/centers.sh

bench-geo: deps
	@cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release > /dev/null
	@ninja -C build jiceng_bench_geo
	@./build/jiceng_bench_geo

format:
	@clang-format -i $$(git ls-files 'src/*.cpp' 'src/*.h' 'tests/*.cpp' 'tests/*.h')
format-check:
	@clang-format --dry-run --Werror $$(git ls-files 'src/*.cpp' 'src/*.h' 'tests/*.cpp' 'tests/*.h') \
	  && echo "format-check: clean"

clean:
	rm -rf build build-asan web/dist
