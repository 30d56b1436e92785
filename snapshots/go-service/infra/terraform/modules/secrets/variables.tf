variable "name" {
  type        = string
  description = "Name prefix for every resource, e.g. `shop-production`."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}[a-z0-9]$", var.name))
    error_message = "name must be 3-32 lower-case letters, digits or hyphens, starting with a letter."
  }
}

variable "app_secret_names" {
  type        = set(string)
  description = "One Secrets Manager secret per entry (`<name>/<entry>`), usually one per service. Values are set out of band, never in Terraform."

  validation {
    condition     = alltrue([for s in var.app_secret_names : can(regex("^[a-z][a-z0-9-]*$", s))])
    error_message = "Secret names must be lower-case identifiers."
  }
}

variable "key_deletion_window_days" {
  type        = number
  description = "Waiting period before the KMS key is deleted after `terraform destroy`."
  default     = 30

  validation {
    condition     = var.key_deletion_window_days >= 7 && var.key_deletion_window_days <= 30
    error_message = "key_deletion_window_days must be between 7 and 30."
  }
}

variable "secret_recovery_window_days" {
  type        = number
  description = "Days a deleted secret can still be restored."
  default     = 30

  validation {
    condition     = var.secret_recovery_window_days >= 7 && var.secret_recovery_window_days <= 30
    error_message = "secret_recovery_window_days must be between 7 and 30."
  }
}
