# recon's everyday recipes. `just --list` shows them.

# Build recon into build/
build:
    bash scripts/build build

# Every test, with sanitizers, on a throwaway PostgreSQL (the README's test command)
test:
    bash scripts/test

# Unit tests only (no database, no sanitizers): seconds once build/ exists
test-unit:
    #!/usr/bin/env bash
    set -euo pipefail
    [ -f build/build.ninja ] || meson setup build
    meson configure build -Dtests=true
    meson compile -C build tests/unit_tests
    build/tests/unit_tests

# Some integration test files by name (hostile_input apply online ...; all when none) on the
# sanitizer build of `just test`
test-integration *groups:
    meson test -C build-test --print-errorlogs {{groups}}

# The README's two commands on a minimal Debian bookworm made with debootstrap (root; both set-ups)
fresh-machine-check *setups:
    bash scripts/fresh-machine-check {{setups}}

# Plan and apply the example projects on a local throwaway database (the README's demo)
demo:
    bash scripts/demo

# Start a database: docker compose when an engine answers, else a local throwaway cluster
db-up:
    #!/usr/bin/env bash
    set -euo pipefail
    if docker info >/dev/null 2>&1; then
      docker compose up -d --wait
      echo "postgresql://${POSTGRES_USER:-recon}:***@localhost:${POSTGRES_PORT:-5432}/${POSTGRES_DB:-workshop_db}"
    else
      bash scripts/local-db up
    fi

# Stop the database started by db-up
db-down:
    #!/usr/bin/env bash
    if docker info >/dev/null 2>&1; then docker compose down; else bash scripts/local-db down; fi

# The benchmark of issue 7: recon against pg_dump, apgdiff, migra and Alembic on a throwaway PostgreSQL (set-up included; knobs BENCH_SIZES, BENCH_RUNS, BENCH_PEERS, BENCH_TIMEOUT; docs/performance.md)
bench:
    bash scripts/bench

# Fuzz the declaration loader and the revision file parser with libFuzzer (clang), FUZZ_SECONDS each (default 600); docs/fuzzing.md
fuzz *targets:
    bash scripts/fuzz {{targets}}

# Format the C++ sources with clang-format
fmt:
    find src tests bench -name '*.cpp' -o -name '*.hpp' | xargs clang-format -i
