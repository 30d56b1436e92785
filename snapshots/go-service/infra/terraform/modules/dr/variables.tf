variable "name" {
  type        = string
  description = "Name prefix for every resource, e.g. `shop-production`."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}[a-z0-9]$", var.name))
    error_message = "name must be 3-32 lower-case letters, digits or hyphens, starting with a letter."
  }
}

variable "backup_retention_days" {
  type        = number
  description = "Days a replicated backup object is kept in the DR region."
  default     = 35

  validation {
    condition     = var.backup_retention_days >= 7
    error_message = "backup_retention_days must be at least 7."
  }
}

variable "replicate_db_backups" {
  type        = bool
  description = "Replicate the RDS automated backups (point-in-time recovery) into this region."
  default     = true
}

variable "source_db_instance_arn" {
  type        = string
  description = "ARN of the RDS instance whose automated backups are replicated (when replicate_db_backups)."
  default     = null
}

variable "db_backup_retention_days" {
  type        = number
  description = "Days of replicated RDS automated backups."
  default     = 7

  validation {
    condition     = var.db_backup_retention_days >= 1 && var.db_backup_retention_days <= 35
    error_message = "db_backup_retention_days must be between 1 and 35."
  }
}
