#!/usr/bin/env bash
# terraform init + validate + plan for infra/shared and, per environment,
# infra/service. Plans are read-only: no state lock is taken.
#   ci/terraform.sh plan     (env: TF_STATE_BUCKET, AWS_REGION, SERVICE_NAME, ENVIRONMENTS)
set -euo pipefail
cd "$(dirname "$0")/../infra"
: "${TF_STATE_BUCKET:?}" "${AWS_REGION:?}" "${SERVICE_NAME:?}" "${ENVIRONMENTS:?}"
[ "${1:-}" = plan ] || { echo "usage: ci/terraform.sh plan" >&2; exit 2; }

init() {
  terraform -chdir="$1" init -input=false -reconfigure \
    -backend-config="bucket=$TF_STATE_BUCKET" \
    -backend-config="key=$2" \
    -backend-config="region=$AWS_REGION"
  terraform -chdir="$1" validate
}

init shared "$SERVICE_NAME/shared.tfstate"
TF_VAR_state_bucket="$TF_STATE_BUCKET" terraform -chdir=shared plan -input=false -lock=false -var-file=shared.tfvars

for environment in $ENVIRONMENTS; do
  init service "$SERVICE_NAME/$environment.tfstate"
  terraform -chdir=service plan -input=false -lock=false -var-file=service.tfvars \
    -var="environment=$environment" -var="cluster_name=$environment"
done
