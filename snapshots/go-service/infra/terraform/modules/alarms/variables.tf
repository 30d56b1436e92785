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

variable "database" {
  type = object({
    identifier                   = string
    free_storage_threshold_bytes = optional(number, 5368709120)
  })
  description = "RDS instance to watch (identifier, alarm below this many free bytes); null when there is none."
  default     = null
}

variable "cache" {
  type = object({
    replication_group_id = string
    node_count           = number
  })
  description = "ElastiCache replication group to watch and its node count (member clusters are <group>-001, -002, ...); null when there is none."
  default     = null

  validation {
    condition     = var.cache == null || try(var.cache.node_count >= 1 && var.cache.node_count <= 6, false)
    error_message = "cache.node_count must be between 1 and 6."
  }
}

variable "alb" {
  type = object({
    arn_suffix                = string
    target_group_arn_suffixes = map(string)
  })
  description = "ALB to watch (ARN suffix) and its target groups (ARN suffix by service); null when there is none."
  default     = null
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
