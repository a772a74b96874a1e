#!/usr/bin/env bash
# Reports this deployment to Launchpad's delivery events API
# (POST /api/delivery/events/deployments). Sending the same externalId again
# with the final status completes the record.
#   ci/report-deployment.sh STATUS   (queued | in_progress | success | failure | cancelled)
# env: LAUNCHPAD_URL, LAUNCHPAD_TOKEN, ENVIRONMENT and GitHub's own variables.
set -euo pipefail

status="${1:?usage: ci/report-deployment.sh STATUS}"
if [ -z "${LAUNCHPAD_URL:-}" ] || [ -z "${LAUNCHPAD_TOKEN:-}" ]; then
  echo "LAUNCHPAD_URL or LAUNCHPAD_DELIVERY_TOKEN is not set: deployment not reported" >&2
  exit 0
fi

now="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
body="$(jq -n \
  --arg externalId "gha-${GITHUB_RUN_ID}-${GITHUB_RUN_ATTEMPT}-${ENVIRONMENT}" \
  --arg repository "$GITHUB_REPOSITORY" \
  --arg environment "$ENVIRONMENT" \
  --arg sha "$GITHUB_SHA" \
  --arg ref "$GITHUB_REF_NAME" \
  --arg status "$status" \
  --arg now "$now" \
  --arg workflow "$GITHUB_WORKFLOW" \
  --arg url "${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}" \
  '{externalId: $externalId, repository: $repository, environment: $environment,
    sha: $sha, ref: $ref, status: $status, workflow: $workflow, url: $url}
   + (if $status == "in_progress" or $status == "queued"
      then {startedAt: $now} else {finishedAt: $now} end)')"

curl -sS --fail-with-body --max-time 30 -X POST \
  "${LAUNCHPAD_URL%/}/api/delivery/events/deployments" \
  -H "Authorization: Bearer $LAUNCHPAD_TOKEN" \
  -H 'Content-Type: application/json' \
  -d "$body"
echo
