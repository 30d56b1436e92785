output "state_bucket" {
  description = "Name of the state bucket: `bucket` in each environment's backend.hcl."
  value       = aws_s3_bucket.state.id
}

output "state_kms_key_arn" {
  description = "KMS key of the state bucket: `kms_key_id` in each environment's backend.hcl."
  value       = aws_kms_key.state.arn
}

output "region" {
  description = "Region of the state bucket: `region` in each environment's backend.hcl."
  value       = var.region
}
