#!/usr/bin/env bash
# The monitoring checks Launchpad's template contract tests also run: the SLO
# rules load, their unit tests pass (alerts fire on a failing series and stay
# quiet on a healthy one), and the dashboard is valid JSON with its panels.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v promtool >/dev/null; then
  version="${PROMETHEUS_VERSION:?set PROMETHEUS_VERSION or install promtool}"
  dir="$(mktemp -d)"
  curl -sSfL "https://github.com/prometheus/prometheus/releases/download/v${version}/prometheus-${version}.linux-amd64.tar.gz" |
    tar -xz -C "$dir" --strip-components=1 "prometheus-${version}.linux-amd64/promtool"
  PATH="$dir:$PATH"
fi

promtool check rules monitoring/slo-rules.yaml
(cd monitoring && promtool test rules slo-rules.test.yaml)
jq -e '.title and (.panels | length > 0) and (.annotations.list | length > 0)' monitoring/dashboard.json >/dev/null
echo "monitoring checks passed"
