#!/usr/bin/env bash
# Rolls a new image out to the ECS service of one environment: registers a new
# revision of the task definition Terraform created (only the image changes),
# points the service at it and waits until ECS reports the service stable.
# The ECS cluster is named after the environment, as infra/service assumes.
#   ci/deploy.sh IMAGE      (env: SERVICE_NAME, ENVIRONMENT)
set -euo pipefail

image="${1:?usage: ci/deploy.sh IMAGE}"
: "${SERVICE_NAME:?}" "${ENVIRONMENT:?}"
cluster="$ENVIRONMENT"
family="$SERVICE_NAME-$ENVIRONMENT"

current="$(aws ecs describe-task-definition --task-definition "$family" --query taskDefinition --output json)"
next="$(jq --arg image "$image" '
  .containerDefinitions[0].image = $image
  | del(.taskDefinitionArn, .revision, .status, .requiresAttributes,
        .compatibilities, .registeredAt, .registeredBy)' <<<"$current")"
arn="$(aws ecs register-task-definition --cli-input-json "$next" \
  --query taskDefinition.taskDefinitionArn --output text)"
echo "registered $arn"

aws ecs update-service --cluster "$cluster" --service "$SERVICE_NAME" \
  --task-definition "$arn" --query service.serviceArn --output text
aws ecs wait services-stable --cluster "$cluster" --services "$SERVICE_NAME"
echo "$SERVICE_NAME runs $image in $ENVIRONMENT"
