variable "service_name" {
  description = "Name of the service; also the ECR repository name and the prefix of its IAM roles."
  type        = string
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,61}[a-z0-9]$", var.service_name))
    error_message = "service_name must be 3 to 63 lowercase letters, digits and dashes, starting with a letter."
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
  description = "owner/repo of the GitHub repository whose workflows may assume the roles."
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

variable "state_bucket" {
  description = "S3 bucket holding the Terraform state (the pull-request role may read this service's states)."
  type        = string
  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.state_bucket))
    error_message = "state_bucket must be an S3 bucket name."
  }
}

variable "images_to_keep" {
  description = "How many images ECR keeps before expiring the oldest."
  type        = number
  default     = 50
  validation {
    condition     = var.images_to_keep >= 5 && var.images_to_keep <= 1000
    error_message = "images_to_keep must be between 5 and 1000."
  }
}
