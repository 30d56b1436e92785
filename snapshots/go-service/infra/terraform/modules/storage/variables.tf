variable "name" {
  type        = string
  description = "Name prefix for every resource, e.g. `shop-production`; bucket names get the account ID appended."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}[a-z0-9]$", var.name))
    error_message = "name must be 3-32 lower-case letters, digits or hyphens, starting with a letter."
  }
}

variable "kms_key_arn" {
  type        = string
  description = "KMS key for SSE-KMS on the backups bucket."

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN."
  }
}

variable "backup_retention_days" {
  type        = number
  description = "Days a backup object is kept before it expires."
  default     = 35

  validation {
    condition     = var.backup_retention_days >= 7
    error_message = "backup_retention_days must be at least 7."
  }
}

variable "noncurrent_version_retention_days" {
  type        = number
  description = "Days an overwritten or deleted object version is kept (protects against accidental or malicious deletes)."
  default     = 30

  validation {
    condition     = var.noncurrent_version_retention_days >= 1
    error_message = "noncurrent_version_retention_days must be at least 1."
  }
}

variable "access_log_retention_days" {
  type        = number
  description = "Days ALB and S3 access logs are kept in the logs bucket."
  default     = 365

  validation {
    condition     = var.access_log_retention_days >= 1
    error_message = "access_log_retention_days must be at least 1."
  }
}

variable "replication" {
  type = object({
    destination_bucket_arn    = string
    destination_kms_key_arn   = string
    replicate_delete_markers  = optional(bool, false)
    destination_storage_class = optional(string, "STANDARD_IA")
  })
  description = "Cross-region replication of the backups bucket (destination from the dr module); null for none. Deletions are not replicated by default, so the DR copy survives a deleted or tampered source."
  default     = null
}
