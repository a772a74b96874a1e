output "ecr_repository_url" {
  description = "Where CI pushes the images."
  value       = aws_ecr_repository.service.repository_url
}

output "github_push_role_arn" {
  description = "Role the main branch's workflow assumes to push images."
  value       = module.github_push.arn
}

output "github_plan_role_arn" {
  description = "Role pull-request workflows assume to plan Terraform read-only."
  value       = module.github_plan.arn
}

output "account_id" {
  description = "Account the resources live in (read from the credentials, never hard-coded)."
  value       = data.aws_caller_identity.current.account_id
}
