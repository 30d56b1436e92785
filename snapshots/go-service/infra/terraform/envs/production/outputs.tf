output "alb_dns_name" {
  description = "Point ledger.example.com (ALIAS or CNAME) at this name."
  value       = module.edge.alb_dns_name
}

output "certificate_validation_records" {
  description = "DNS records that validate the ACM certificate (create them unless route53_zone_id is set)."
  value       = module.edge.certificate_validation_records
}

output "ecr_repository_urls" {
  description = "Push images here (tags are immutable: use the git SHA)."
  value       = module.compute.ecr_repository_urls
}

output "ecs_cluster_name" {
  description = "ECS cluster of the production environment."
  value       = module.compute.cluster_name
}

output "ecs_service_names" {
  description = "ECS service name, by service."
  value       = module.compute.service_names
}

output "app_secret_arns" {
  description = "Secrets to fill with `aws secretsmanager put-secret-value` before the first deploy."
  value       = module.secrets.app_secret_arns
}

output "database_address" {
  description = "PostgreSQL host name."
  value       = module.database.address
}

output "database_master_user_secret_arn" {
  description = "Secret with the RDS-managed master password (used only by the db-roles task)."
  value       = module.database.master_user_secret_arn
}

output "database_role_secret_arns" {
  description = "Secrets of the app and migrator roles (username, password, DATABASE_URL), generated write-only."
  value       = module.database.role_secret_arns
}

output "db_roles_command" {
  description = "Creates or updates the database roles (postgres/initdb/10-roles.sh as the master user): after the first apply and after raising db_credentials_version."
  value = join(" ", [
    "aws ecs run-task --launch-type FARGATE",
    "--cluster ${module.compute.cluster_name}",
    "--task-definition ${module.compute.task_families["db-roles"]}",
    "--network-configuration 'awsvpcConfiguration={subnets=[${join(",", module.network.private_subnet_ids)}],securityGroups=[${module.compute.app_security_group_id}],assignPublicIp=DISABLED}'",
  ])
}

output "backups_bucket" {
  description = "S3 bucket for database dumps and other backups."
  value       = module.storage.backups_bucket_id
}

output "alarm_topic_arn" {
  description = "SNS topic of the CloudWatch alarms."
  value       = module.alarms.sns_topic_arn
}

output "nat_public_ips" {
  description = "Egress IPs of the environment."
  value       = module.network.nat_public_ips
}

output "ci_deploy_role_arn" {
  description = "Role for github CI's approved deploy job to assume through OIDC (AWS_ROLE_ARN; not a secret)."
  value       = module.ci_identity.role_arn
}

output "ci_push_role_arn" {
  description = "Role for github CI's image job to push scanned images through OIDC (AWS_PUSH_ROLE_ARN; not a secret)."
  value       = module.ci_identity.push_role_arn
}
