variable "service_name" {
  description = "Name of the service, its ECR repository and ECS service."
  type        = string
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,61}[a-z0-9]$", var.service_name))
    error_message = "service_name must be 3 to 63 lowercase letters, digits and dashes, starting with a letter."
  }
}

variable "environment" {
  description = "Environment name; also the GitHub environment whose workflows may deploy."
  type        = string
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,30}$", var.environment))
    error_message = "environment must be lowercase letters, digits and dashes, starting with a letter."
  }
}

variable "owner" {
  description = "Owning team, as a tag on every resource."
  type        = string
  validation {
    condition     = length(var.owner) > 0
    error_message = "owner must not be empty."
  }
}

variable "github_repository" {
  description = "owner/repo of the GitHub repository whose environment may deploy."
  type        = string
  validation {
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+$", var.github_repository))
    error_message = "github_repository must look like owner/repo, without wildcards."
  }
}

variable "aws_region" {
  description = "AWS region of the service."
  type        = string
  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.aws_region))
    error_message = "aws_region must be a region name such as eu-west-1."
  }
}

variable "cluster_name" {
  description = "Existing ECS cluster to run in (by convention named after the environment)."
  type        = string
  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,255}$", var.cluster_name))
    error_message = "cluster_name must be 1 to 255 letters, digits, dashes and underscores."
  }
}

variable "vpc_name" {
  description = "Name tag of the VPC; its subnets tagged tier=private run the tasks."
  type        = string
  validation {
    condition     = length(var.vpc_name) > 0
    error_message = "vpc_name must not be empty."
  }
}

variable "image_tag" {
  description = "Image tag of the first deployment; later ones come from CI (ci/deploy.sh)."
  type        = string
  default     = "latest"
  validation {
    condition     = can(regex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", var.image_tag))
    error_message = "image_tag must be a valid Docker tag."
  }
}

variable "container_port" {
  description = "Port the container serves HTTP (health, readiness, metrics) on."
  type        = number
  default     = 8080
  validation {
    condition     = var.container_port >= 1024 && var.container_port <= 65535
    error_message = "container_port must be between 1024 and 65535 (the container runs as non-root)."
  }
}

variable "health_check_command" {
  description = "Container health check (ECS CMD-SHELL form)."
  type        = list(string)
  validation {
    condition     = length(var.health_check_command) >= 2
    error_message = "health_check_command must be a command list such as [\"CMD-SHELL\", \"...\"]."
  }
}

variable "cpu" {
  description = "Fargate CPU units of a task."
  type        = number
  default     = 256
  validation {
    condition     = contains([256, 512, 1024, 2048, 4096], var.cpu)
    error_message = "cpu must be one of 256, 512, 1024, 2048, 4096."
  }
}

variable "memory" {
  description = "Memory of a task in MiB (must fit the CPU size, see the Fargate table)."
  type        = number
  default     = 512
  validation {
    condition     = var.memory >= 512 && var.memory <= 30720
    error_message = "memory must be between 512 and 30720 MiB."
  }
}

variable "desired_count" {
  description = "Number of tasks."
  type        = number
  default     = 2
  validation {
    condition     = var.desired_count >= 1 && var.desired_count <= 50
    error_message = "desired_count must be between 1 and 50."
  }
}

variable "log_retention_days" {
  description = "Days CloudWatch keeps the service's logs."
  type        = number
  default     = 30
  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365], var.log_retention_days)
    error_message = "log_retention_days must be a retention CloudWatch offers (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365)."
  }
}
