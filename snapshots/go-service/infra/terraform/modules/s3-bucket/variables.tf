variable "bucket" {
  type        = string
  description = "Bucket name (globally unique; callers append the account ID)."

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$", var.bucket))
    error_message = "bucket must be 3-63 lower-case letters, digits or hyphens."
  }
}

variable "kms_key_arn" {
  type        = string
  description = "KMS key for SSE-KMS (with an S3 bucket key); null for SSE-S3 (AES256), which ALB and S3 access-log delivery require."
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN or null."
  }
}

variable "lifecycle_rule" {
  type = object({
    id                    = string
    noncurrent_days       = number
    expiration_days       = optional(number)
    transition_to_ia_days = optional(number)
  })
  description = "The bucket's lifecycle rule: days an overwritten/deleted version is kept, optional expiry of current objects and optional move to STANDARD_IA. Incomplete multipart uploads are always aborted after 7 days."

  validation {
    condition     = var.lifecycle_rule.noncurrent_days >= 1 && try(var.lifecycle_rule.expiration_days >= 1, var.lifecycle_rule.expiration_days == null)
    error_message = "lifecycle_rule.noncurrent_days and expiration_days must be at least 1."
  }
}

variable "extra_policy_statements" {
  type        = any
  description = "IAM policy statements appended to the bucket policy after the two deny-insecure-transport statements (e.g. log delivery grants)."
  default     = []
}

variable "eventbridge_notifications" {
  type        = bool
  description = "Send object events (e.g. deletions) to EventBridge."
  default     = true
}

variable "access_log" {
  type = object({
    bucket = string
    prefix = string
  })
  description = "S3 server access logging: target bucket and key prefix; null for none (e.g. on the access-log bucket itself)."
  default     = null
}

variable "replication" {
  type = object({
    rule_id                   = string
    role_arn                  = string
    destination_bucket_arn    = string
    destination_kms_key_arn   = string
    destination_storage_class = string
    replicate_delete_markers  = bool
  })
  description = "Cross-region replication of all objects (the IAM role S3 assumes, destination bucket and its KMS key); null for none."
  default     = null
}
