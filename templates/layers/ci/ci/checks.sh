#!/usr/bin/env bash
# The repository's own checks, the same locally and in CI:
#   ci/checks.sh install | lint | test | build
set -euo pipefail
cd "$(dirname "$0")/.."

case "${1:-}" in
{%- if values.language == 'python' %}
  install) python3 -m pip install -r requirements.txt -r requirements-dev.txt ;;
  lint) python3 -m ruff check . && python3 -m ruff format --check . ;;
  test) python3 -m pytest -q ;;
  build) python3 -m compileall -q app ;;
{%- else %}
  # npm ci needs the lockfile; commit package-lock.json after the first install.
  install) if [ -f package-lock.json ]; then npm ci; else npm install; fi ;;
  lint) npm run lint ;;
  test) npm test ;;
  build) npm run build ;;
{%- endif %}
  *)
    echo "usage: ci/checks.sh install | lint | test | build" >&2
    exit 2
    ;;
esac
