# Resources of ${{ values.name }} shared by every environment: the ECR
# repository (Launchpad created it; the import block adopts it into this
# state) and the roles GitHub Actions assumes through OIDC.

terraform {
  required_version = ">= 1.10.0"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.80"
    }
  }
  # bucket, key and region come from `terraform init -backend-config=...` (see ci/terraform.sh).
  backend "s3" {
    use_lockfile = true
    encrypt      = true
  }
}

provider "aws" {
  region = var.aws_region
  default_tags {
    tags = {
      service    = var.service_name
      owner      = var.owner
      managed-by = "terraform"
    }
  }
}

data "aws_caller_identity" "current" {}

import {
  to = aws_ecr_repository.service
  id = var.service_name
}

resource "aws_ecr_repository" "service" {
  name                 = var.service_name
  image_tag_mutability = "IMMUTABLE"
  image_scanning_configuration {
    scan_on_push = true
  }
  encryption_configuration {
    encryption_type = "AES256"
  }
}

resource "aws_ecr_lifecycle_policy" "service" {
  repository = aws_ecr_repository.service.name
  policy = jsonencode({
    rules = [{
      rulePriority = 1
      description  = "Keep the last ${var.images_to_keep} images"
      selection = {
        tagStatus   = "any"
        countType   = "imageCountMoreThan"
        countNumber = var.images_to_keep
      }
      action = { type = "expire" }
    }]
  })
}

# Pushes images, from workflow runs on the main branch only.
module "github_push" {
  source            = "../modules/github-oidc-role"
  name              = "${var.service_name}-github-push"
  github_repository = var.github_repository
  subject           = "ref:refs/heads/main"
}

data "aws_iam_policy_document" "push" {
  statement {
    sid       = "EcrLogin"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"] # this action has no resource-level permissions
  }
  statement {
    sid = "PushThisRepositoryOnly"
    actions = [
      "ecr:BatchCheckLayerAvailability",
      "ecr:InitiateLayerUpload",
      "ecr:UploadLayerPart",
      "ecr:CompleteLayerUpload",
      "ecr:PutImage",
      "ecr:BatchGetImage",
    ]
    resources = [aws_ecr_repository.service.arn]
  }
}

resource "aws_iam_role_policy" "github_push" {
  name   = "push-images"
  role   = module.github_push.name
  policy = data.aws_iam_policy_document.push.json
}

# Plans pull requests: reads the state and the account, changes nothing.
module "github_plan" {
  source            = "../modules/github-oidc-role"
  name              = "${var.service_name}-github-plan"
  github_repository = var.github_repository
  subject           = "pull_request"
}

resource "aws_iam_role_policy_attachment" "plan_read_only" {
  role       = module.github_plan.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

data "aws_iam_policy_document" "plan_state" {
  statement {
    sid       = "ReadThisServiceState"
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::${var.state_bucket}/${var.service_name}/*"]
  }
  statement {
    sid       = "ListThisServiceState"
    actions   = ["s3:ListBucket"]
    resources = ["arn:aws:s3:::${var.state_bucket}"]
    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["${var.service_name}/*"]
    }
  }
}

resource "aws_iam_role_policy" "plan_state" {
  name   = "read-terraform-state"
  role   = module.github_plan.name
  policy = data.aws_iam_policy_document.plan_state.json
}
