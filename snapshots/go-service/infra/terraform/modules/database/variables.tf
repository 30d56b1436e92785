variable "name" {
  type        = string
  description = "Name prefix for every resource, e.g. `shop-production`."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}[a-z0-9]$", var.name))
    error_message = "name must be 3-32 lower-case letters, digits or hyphens, starting with a letter."
  }
}

variable "vpc_id" {
  type        = string
  description = "VPC the database lives in."
}

variable "subnet_ids" {
  type        = list(string)
  description = "Database subnets (no internet route), at least two AZs."

  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "RDS needs subnets in at least two availability zones."
  }
}

variable "app_security_group_id" {
  type        = string
  description = "Security group of the application: the only source allowed to reach PostgreSQL."
}

variable "kms_key_arn" {
  type        = string
  description = "KMS key for storage, Performance Insights, the master-password secret and log groups."

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN."
  }
}

variable "engine_version" {
  type        = string
  description = "PostgreSQL major version (e.g. `17`); minor versions are applied by auto_minor_version_upgrade."

  validation {
    condition     = can(regex("^[0-9]{2}$", var.engine_version))
    error_message = "engine_version must be a PostgreSQL major version such as 16 or 17."
  }
}

variable "instance_class" {
  type        = string
  description = "RDS instance class."
  default     = "db.t4g.medium"

  validation {
    condition     = startswith(var.instance_class, "db.")
    error_message = "instance_class must be an RDS class such as db.t4g.medium."
  }
}

variable "allocated_storage" {
  type        = number
  description = "Initial storage in GiB."
  default     = 20

  validation {
    condition     = var.allocated_storage >= 20
    error_message = "allocated_storage must be at least 20 GiB for gp3."
  }
}

variable "max_allocated_storage" {
  type        = number
  description = "Upper bound for storage autoscaling in GiB (must exceed allocated_storage)."
  default     = 100
}

variable "multi_az" {
  type        = bool
  description = "Synchronous standby in a second AZ with automatic failover. true for production."
  default     = true
}

variable "backup_retention_period" {
  type        = number
  description = "Days of automated backups and point-in-time recovery."
  default     = 14

  validation {
    condition     = var.backup_retention_period >= 7 && var.backup_retention_period <= 35
    error_message = "backup_retention_period must be between 7 and 35 days."
  }
}

variable "deletion_protection" {
  type        = bool
  description = "Refuse to delete the instance until this is turned off in a separate, reviewed change."
  default     = true
}

variable "database_name" {
  type        = string
  description = "Name of the database created on the instance."

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,62}$", var.database_name))
    error_message = "database_name must be a lower-case PostgreSQL identifier."
  }
}

variable "master_username" {
  type        = string
  description = "Master user name. Its password is generated and kept in Secrets Manager by RDS; the application should use its own, less privileged role."
  default     = "postgres_admin"

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,62}$", var.master_username)) && var.master_username != "postgres"
    error_message = "master_username must be a lower-case identifier other than the reserved `postgres`."
  }
}

variable "log_min_duration_statement_ms" {
  type        = number
  description = "Log statements slower than this many milliseconds (-1 disables)."
  default     = 1000

  validation {
    condition     = var.log_min_duration_statement_ms >= -1
    error_message = "log_min_duration_statement_ms must be -1 or more."
  }
}

variable "log_retention_days" {
  type        = number
  description = "Retention of the exported PostgreSQL log groups, in days."
  default     = 365

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a retention value CloudWatch Logs accepts."
  }
}

variable "monitoring_interval" {
  type        = number
  description = "Enhanced Monitoring interval in seconds."
  default     = 60

  validation {
    condition     = contains([1, 5, 10, 15, 30, 60], var.monitoring_interval)
    error_message = "monitoring_interval must be one of 1, 5, 10, 15, 30, 60."
  }
}

variable "performance_insights_retention_period" {
  type        = number
  description = "Performance Insights retention in days (7 is free; 731 or a multiple of 31 otherwise)."
  default     = 7

  validation {
    condition     = var.performance_insights_retention_period == 7 || var.performance_insights_retention_period == 731 || var.performance_insights_retention_period % 31 == 0
    error_message = "performance_insights_retention_period must be 7, 731 or a multiple of 31."
  }
}

variable "app_username" {
  type        = string
  description = "The application's role: rows only (SELECT, INSERT, UPDATE, DELETE)."

  validation {
    condition     = can(regex("^[a-z_][a-z0-9_]{0,62}$", var.app_username))
    error_message = "app_username must be a lower-case PostgreSQL identifier of at most 63 characters."
  }
}

variable "migrator_username" {
  type        = string
  description = "The role that owns the schema and runs the migrations."

  validation {
    condition     = can(regex("^[a-z_][a-z0-9_]{0,62}$", var.migrator_username))
    error_message = "migrator_username must be a lower-case PostgreSQL identifier of at most 63 characters."
  }
}

variable "url_parameters" {
  type        = string
  description = "Query string of the DATABASE_URL in the role secrets: the TLS settings the application's driver understands."
  default     = "sslmode=verify-full"
}

variable "credentials_version" {
  type        = number
  description = "Raise it to generate new passwords for the app and migrator roles (then run the db-roles task)."
  default     = 1

  validation {
    condition     = var.credentials_version >= 1 && floor(var.credentials_version) == var.credentials_version
    error_message = "credentials_version must be a whole number from 1."
  }
}

