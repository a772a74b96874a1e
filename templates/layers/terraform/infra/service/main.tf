# ${{ values.name }} in one environment (one state per environment, see
# environments/*.tfvars): the ECS Fargate service and its log group, the task
# roles, and the role GitHub Actions assumes to deploy, trusted only by this
# repository's GitHub environment of the same name.

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
      service     = var.service_name
      environment = var.environment
      owner       = var.owner
      managed-by  = "terraform"
    }
  }
}

data "aws_caller_identity" "current" {}

data "aws_ecr_repository" "service" {
  name = var.service_name
}

data "aws_ecs_cluster" "this" {
  cluster_name = var.cluster_name
}

data "aws_vpc" "this" {
  tags = { Name = var.vpc_name }
}

data "aws_subnets" "private" {
  filter {
    name   = "vpc-id"
    values = [data.aws_vpc.this.id]
  }
  tags = { tier = "private" }
}

locals {
  family    = "${var.service_name}-${var.environment}"
  log_group = "/ecs/${var.service_name}/${var.environment}"
}

resource "aws_cloudwatch_log_group" "service" {
  name              = local.log_group
  retention_in_days = var.log_retention_days
}

data "aws_iam_policy_document" "ecs_tasks_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

# Pulls the image and writes logs.
resource "aws_iam_role" "execution" {
  name               = "${local.family}-execution"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_trust.json
}

data "aws_iam_policy_document" "execution" {
  statement {
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"] # this action has no resource-level permissions
  }
  statement {
    actions = [
      "ecr:BatchCheckLayerAvailability",
      "ecr:GetDownloadUrlForLayer",
      "ecr:BatchGetImage",
    ]
    resources = [data.aws_ecr_repository.service.arn]
  }
  statement {
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.service.arn}:*"]
  }
}

resource "aws_iam_role_policy" "execution" {
  name   = "pull-image-write-logs"
  role   = aws_iam_role.execution.id
  policy = data.aws_iam_policy_document.execution.json
}

# The application's own identity: no permissions until the service needs some.
resource "aws_iam_role" "task" {
  name               = "${local.family}-task"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_trust.json
}

resource "aws_security_group" "service" {
  name        = local.family
  description = "${var.service_name} in ${var.environment}"
  vpc_id      = data.aws_vpc.this.id

  ingress {
    description = "HTTP from inside the VPC"
    from_port   = var.container_port
    to_port     = var.container_port
    protocol    = "tcp"
    cidr_blocks = [data.aws_vpc.this.cidr_block]
  }

  egress {
    description = "Outbound HTTPS (ECR, telemetry)"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_ecs_task_definition" "service" {
  family                   = local.family
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.cpu
  memory                   = var.memory
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn
  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  container_definitions = jsonencode([{
    name         = var.service_name
    image        = "${data.aws_ecr_repository.service.repository_url}:${var.image_tag}"
    essential    = true
    portMappings = [{ containerPort = var.container_port, protocol = "tcp" }]
    environment = [
      { name = "PORT", value = tostring(var.container_port) },
      { name = "SERVICE_NAME", value = var.service_name },
      { name = "DEPLOY_ENVIRONMENT", value = var.environment },
    ]
    healthCheck = {
      command  = var.health_check_command
      interval = 15
      timeout  = 5
      retries  = 3
    }
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.service.name
        awslogs-region        = var.aws_region
        awslogs-stream-prefix = "app"
      }
    }
  }])
}

resource "aws_ecs_service" "service" {
  name                   = var.service_name
  cluster                = data.aws_ecs_cluster.this.arn
  task_definition        = aws_ecs_task_definition.service.arn
  desired_count          = var.desired_count
  launch_type            = "FARGATE"
  enable_execute_command = false

  network_configuration {
    subnets          = data.aws_subnets.private.ids
    security_groups  = [aws_security_group.service.id]
    assign_public_ip = false
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  lifecycle {
    # CI registers new task definition revisions (ci/deploy.sh); Terraform owns the rest.
    ignore_changes = [task_definition]
  }
}

# Deploys new images, from this repository's GitHub environment only.
module "deploy_role" {
  source            = "../modules/github-oidc-role"
  name              = "${var.service_name}-deploy-${var.environment}"
  github_repository = var.github_repository
  subject           = "environment:${var.environment}"
}

data "aws_iam_policy_document" "deploy" {
  statement {
    sid = "TaskDefinitions"
    # These two actions have no resource-level permissions.
    actions   = ["ecs:DescribeTaskDefinition", "ecs:RegisterTaskDefinition"]
    resources = ["*"]
  }
  statement {
    sid       = "ThisServiceOnly"
    actions   = ["ecs:UpdateService", "ecs:DescribeServices"]
    resources = [aws_ecs_service.service.id]
  }
  statement {
    sid       = "HandTheTaskItsRoles"
    actions   = ["iam:PassRole"]
    resources = [aws_iam_role.execution.arn, aws_iam_role.task.arn]
    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["ecs-tasks.amazonaws.com"]
    }
  }
}

resource "aws_iam_role_policy" "deploy" {
  name   = "deploy-service"
  role   = module.deploy_role.name
  policy = data.aws_iam_policy_document.deploy.json
}
