output "replica_bucket_arn" {
  description = "ARN of the DR-region bucket that receives the backups."
  value       = module.replica.arn
}

output "kms_key_arn" {
  description = "ARN of the DR-region KMS key."
  value       = aws_kms_key.this.arn
}
