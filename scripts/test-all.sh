#!/usr/bin/env bash
# Every check Launchpad has, in order: type check, lint, formatting, unit and integration
# tests of every package (SQLite always, PostgreSQL when
# BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is set), then the
# browser tests. Each step runs even when an earlier one failed, so one run
# reports everything; the exit code is non-zero if any step failed.
set -u
cd "$(dirname "$0")/.."
rm -rf test-results
mkdir -p test-results
status=0

step() {
  echo "==> $*"
  "$@" || { echo "==> FAILED: $*"; status=1; }
}

step yarn tsc
step yarn backstage-cli repo lint
step yarn prettier --check plugins packages test scripts playwright.config.ts
step env CI=true yarn backstage-cli repo test --json --outputFile="$PWD/test-results/jest.json"
step yarn playwright test
node scripts/test-summary.js || status=1
exit $status
