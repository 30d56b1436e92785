variable "region" {
  type        = string
  description = "AWS region of the production environment."

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.region))
    error_message = "region must be an AWS region name such as eu-central-1."
  }
}

variable "dr_region" {
  type        = string
  description = "Second region for disaster-recovery copies of backups and RDS automated backups."

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.dr_region)) && var.dr_region != var.region
    error_message = "dr_region must be an AWS region name different from region."
  }
}

variable "aws_account_id" {
  type        = string
  description = "The only AWS account this environment may touch (guards against applying with the wrong profile)."

  validation {
    condition     = can(regex("^[0-9]{12}$", var.aws_account_id))
    error_message = "aws_account_id must be 12 digits."
  }
}

variable "image_tag" {
  type        = string
  description = "Image tag of the first task-definition revision (a git SHA); CI deploys later tags."

  validation {
    condition     = var.image_tag != "latest" && can(regex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", var.image_tag))
    error_message = "image_tag must be an immutable tag other than latest."
  }
}

variable "vpc_cidr" {
  type        = string
  description = "IPv4 CIDR of the VPC (do not overlap with other environments you may peer with)."
  default     = "10.20.0.0/16"

  validation {
    condition     = can(cidrhost(var.vpc_cidr, 0))
    error_message = "vpc_cidr must be a valid IPv4 CIDR."
  }
}

variable "az_count" {
  type        = number
  description = "Availability zones to use: <region>a, <region>b and (with 3) <region>c."
  default     = 3

  validation {
    condition     = var.az_count >= 2 && var.az_count <= 3
    error_message = "az_count must be 2 or 3."
  }
}

variable "single_nat_gateway" {
  type        = bool
  description = "One shared NAT gateway (cheaper, but an AZ outage cuts egress for all AZs) instead of one per AZ."
  default     = false
}

variable "log_retention_days" {
  type        = number
  description = "Retention of every CloudWatch log group (flow logs, tasks, RDS, Redis, WAF), in days."
  default     = 365

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a retention value CloudWatch Logs accepts."
  }
}

variable "task_cpu" {
  type        = number
  description = "Fargate CPU units per task (256 = 0.25 vCPU)."
  default     = 512

  validation {
    condition     = contains([256, 512, 1024, 2048, 4096, 8192, 16384], var.task_cpu)
    error_message = "task_cpu must be a Fargate CPU size."
  }
}

variable "task_memory" {
  type        = number
  description = "Fargate memory per task in MiB (must fit the CPU size)."
  default     = 1024

  validation {
    condition     = var.task_memory >= 512 && var.task_memory <= 122880
    error_message = "task_memory must be between 512 and 122880 MiB."
  }
}

variable "desired_count" {
  type        = number
  description = "Tasks per service (two or more spread over AZs survive a task or AZ failure)."
  default     = 2

  validation {
    condition     = var.desired_count >= 1
    error_message = "desired_count must be at least 1."
  }
}

variable "autoscaling_max_count" {
  type        = number
  description = "Most tasks per service under CPU autoscaling (desired_count is the floor); not above desired_count disables it."
  default     = 6

  validation {
    condition     = var.autoscaling_max_count >= 0
    error_message = "autoscaling_max_count must not be negative."
  }
}

variable "cpu_architecture" {
  type        = string
  description = "CPU architecture the images are built for."
  default     = "X86_64"

  validation {
    condition     = contains(["X86_64", "ARM64"], var.cpu_architecture)
    error_message = "cpu_architecture must be X86_64 or ARM64."
  }
}

variable "db_instance_class" {
  type        = string
  description = "RDS instance class."
  default     = "db.m7g.large"

  validation {
    condition     = startswith(var.db_instance_class, "db.")
    error_message = "db_instance_class must be an RDS instance class."
  }
}

variable "db_allocated_storage" {
  type        = number
  description = "Initial RDS storage in GiB (autoscales up to four times this)."
  default     = 50

  validation {
    condition     = var.db_allocated_storage >= 20
    error_message = "db_allocated_storage must be at least 20 GiB."
  }
}

variable "db_multi_az" {
  type        = bool
  description = "RDS standby in a second AZ with automatic failover."
  default     = true
}

variable "db_backup_retention_days" {
  type        = number
  description = "Days of RDS automated backups / point-in-time recovery."
  default     = 14

  validation {
    condition     = var.db_backup_retention_days >= 7 && var.db_backup_retention_days <= 35
    error_message = "db_backup_retention_days must be between 7 and 35."
  }
}

variable "db_credentials_version" {
  type        = number
  description = "Raise it to give the app and migrator roles new passwords; then run the db-roles task (output db_roles_command) and redeploy."
  default     = 1
}

variable "route53_zone_id" {
  type        = string
  description = "Route 53 hosted zone of the domain, for automatic ACM validation; null to create the validation records by hand."
  default     = null
}

variable "enable_waf" {
  type        = bool
  description = "Attach the WAFv2 web ACL to the ALB."
  default     = true
}

variable "alarm_email" {
  type        = string
  description = "Address that receives CloudWatch alarms; null for none."
  default     = "ops@example.com"
}

variable "github_repository" {
  type        = string
  description = "GitHub owner/repo whose `production` environment may assume the deploy role."

  validation {
    condition     = can(regex("^[A-Za-z0-9-]+/[A-Za-z0-9._-]+$", var.github_repository))
    error_message = "github_repository must look like owner/repo."
  }
}

variable "create_oidc_provider" {
  type        = bool
  description = "Create the CI OIDC provider; set false for the second environment when staging and production share one AWS account."
  default     = true
}
