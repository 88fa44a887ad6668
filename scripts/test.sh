#!/usr/bin/env bash
# `npm test`: everything CI runs — lint, types, unit and route tests, the production build,
# the old-phone JS check, and the end-to-end suite in a real Chromium against the simulator.
# Set TEST_DATABASE_URL=postgresql://… to run the database-backed tests on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
started=$(date +%s)
step() { printf '\n=== %s (%ss)\n' "$1" "$(( $(date +%s) - started ))"; }

step "Chromium"
source scripts/find-chromium.sh

# Lint and the type check read files only: they run beside vitest, whose tests spend much of
# their time waiting on child processes and databases. Their output is shown after it.
static_log=$(mktemp)
( set +e; npm run --silent lint; lint=$?; npm run --silent typecheck; types=$?; exit $(( lint || types )) ) >"$static_log" 2>&1 &
static_pid=$!
step "Unit and route tests (vitest), with lint and the type check beside it"
npx vitest run
step "Lint and typecheck (ran beside vitest)"
if wait "$static_pid"; then
  cat "$static_log"
else
  cat "$static_log"
  echo "Lint or the type check failed (above)." >&2
  exit 1
fi
step "Production build (Next, then the self-hosted fast entry's bundle)"
npx next build
node scripts/build-server.mjs
step "Client JS parses as ES2020 (iOS 15 / old Android WeChat)"
node scripts/check-client-es2020.mjs
# Two complete stacks side by side (scripts/e2e-stacks.mjs), then the webhook suites again through
# the fast entry (npm start) on SQLite. E2E_STACKS=1 runs it all on one.
step "End-to-end (Playwright + simulator, two stacks), and the webhook suites through the fast entry"
node scripts/e2e-stacks.mjs
step "All tests passed"
