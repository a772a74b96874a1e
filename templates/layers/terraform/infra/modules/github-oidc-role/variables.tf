variable "name" {
  description = "Name of the role."
  type        = string
  validation {
    condition     = can(regex("^[A-Za-z0-9+=,.@_-]{1,64}$", var.name))
    error_message = "name must be an IAM role name (1 to 64 letters, digits and +=,.@_-)."
  }
}

variable "github_repository" {
  description = "owner/repo of the GitHub repository whose workflows may assume the role."
  type        = string
  validation {
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+$", var.github_repository))
    error_message = "github_repository must look like owner/repo, without wildcards."
  }
}

variable "subject" {
  description = "The token subject after repo:<owner>/<repo>: ref:refs/heads/<branch>, pull_request or environment:<name>."
  type        = string
  validation {
    condition     = can(regex("^(ref:refs/heads/[A-Za-z0-9._/-]+|pull_request|environment:[A-Za-z0-9._-]+)$", var.subject))
    error_message = "subject must be ref:refs/heads/<branch>, pull_request or environment:<name>, without wildcards."
  }
}
