output "app_security_group_id" {
  description = "Security group of the application tasks."
  value       = aws_security_group.app.id
}

output "cluster_name" {
  description = "Name of the ECS cluster."
  value       = aws_ecs_cluster.this.name
}

output "cluster_arn" {
  description = "ARN of the ECS cluster."
  value       = aws_ecs_cluster.this.arn
}

output "service_names" {
  description = "ECS service name, by service."
  value       = { for k, s in aws_ecs_service.this : k => s.name }
}

output "service_arns" {
  description = "ECS service ARN, by service."
  value       = { for k, s in aws_ecs_service.this : k => s.id }
}

output "task_definition_families" {
  description = "Task-definition family, by service (CI registers new revisions of these)."
  value       = { for k, t in aws_ecs_task_definition.this : k => t.family }
}

output "ecr_repository_urls" {
  description = "ECR repository URL, by service."
  value       = { for k, r in aws_ecr_repository.this : k => r.repository_url }
}

output "ecr_repository_arns" {
  description = "ECR repository ARN, by service."
  value       = { for k, r in aws_ecr_repository.this : k => r.arn }
}

output "execution_role_arn" {
  description = "ARN of the task execution role."
  value       = aws_iam_role.execution.arn
}

output "task_role_arns" {
  description = "Task role ARN, by service."
  value       = { for k, r in aws_iam_role.task : k => r.arn }
}

output "task_families" {
  description = "Task-definition family, by one-off task."
  value       = { for k, t in aws_ecs_task_definition.task : k => t.family }
}
