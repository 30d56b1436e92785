output "kms_key_arn" {
  description = "ARN of the environment's customer-managed KMS key."
  value       = aws_kms_key.this.arn
}

output "kms_key_id" {
  description = "ID of the environment's customer-managed KMS key."
  value       = aws_kms_key.this.key_id
}

output "app_secret_arns" {
  description = "ARN of each application secret, by name."
  value       = { for k, s in aws_secretsmanager_secret.app : k => s.arn }
}
