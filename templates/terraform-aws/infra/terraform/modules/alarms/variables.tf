variable "name" {
  type        = string
  description = "Name prefix for every resource, e.g. `shop-production`."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}[a-z0-9]$", var.name))
    error_message = "name must be 3-32 lower-case letters, digits or hyphens, starting with a letter."
  }
}

variable "kms_key_arn" {
  type        = string
  description = "KMS key that encrypts the SNS topic (its policy must let cloudwatch.amazonaws.com use it)."

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN."
  }
}

variable "alarm_email" {
  type        = string
  description = "Address subscribed to the alarm topic (confirm the subscription mail); null for none."
  default     = null

  validation {
    condition     = var.alarm_email == null || can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", var.alarm_email))
    error_message = "alarm_email must be an e-mail address."
  }
}

variable "db_instance_identifier" {
  type        = string
  description = "RDS instance to watch; null when there is none."
  default     = null
}

variable "db_free_storage_threshold_bytes" {
  type        = number
  description = "Alarm when free RDS storage drops below this many bytes."
  default     = 5368709120
}

variable "cache_replication_group_id" {
  type        = string
  description = "ElastiCache replication group to watch; null when there is none."
  default     = null
}

variable "cache_node_count" {
  type        = number
  description = "Nodes in the replication group (member clusters are named <group>-001, -002, ...)."
  default     = 0

  validation {
    condition     = var.cache_node_count >= 0 && var.cache_node_count <= 6
    error_message = "cache_node_count must be between 0 and 6."
  }
}

variable "alb_arn_suffix" {
  type        = string
  description = "ARN suffix of the ALB; null when there is none."
  default     = null
}

variable "target_group_arn_suffixes" {
  type        = map(string)
  description = "Target group ARN suffix, by service."
  default     = {}
}

variable "ecs_cluster_name" {
  type        = string
  description = "ECS cluster name."
}

variable "ecs_service_names" {
  type        = map(string)
  description = "ECS service name, by service."
}

variable "cpu_threshold_percent" {
  type        = number
  description = "CPU utilisation (percent) that raises an alarm for RDS, ElastiCache and ECS."
  default     = 80

  validation {
    condition     = var.cpu_threshold_percent > 0 && var.cpu_threshold_percent <= 100
    error_message = "cpu_threshold_percent must be between 1 and 100."
  }
}

variable "alb_5xx_threshold" {
  type        = number
  description = "5xx responses per 5 minutes (from the ALB itself or from targets) that raise an alarm."
  default     = 10

  validation {
    condition     = var.alb_5xx_threshold >= 1
    error_message = "alb_5xx_threshold must be at least 1."
  }
}
