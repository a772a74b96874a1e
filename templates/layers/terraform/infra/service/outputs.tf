output "ecs_service_name" {
  description = "ECS service CI deploys to."
  value       = aws_ecs_service.service.name
}

output "task_definition_family" {
  description = "Task definition family CI registers new revisions of."
  value       = aws_ecs_task_definition.service.family
}

output "log_group" {
  description = "CloudWatch log group of the service's JSON logs."
  value       = aws_cloudwatch_log_group.service.name
}

output "deploy_role_arn" {
  description = "Role this environment's deploy job assumes."
  value       = module.deploy_role.arn
}
