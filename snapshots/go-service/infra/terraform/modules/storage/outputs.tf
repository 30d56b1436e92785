output "logs_bucket_id" {
  description = "Name of the access-log bucket (ALB logs under `alb/`, S3 access logs under `s3/`)."
  value       = aws_s3_bucket.logs.id
}

output "backups_bucket_id" {
  description = "Name of the backups bucket."
  value       = module.backups.id
}

output "backups_bucket_arn" {
  description = "ARN of the backups bucket."
  value       = module.backups.arn
}
