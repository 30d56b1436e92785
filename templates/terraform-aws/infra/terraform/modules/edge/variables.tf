variable "name" {
  type        = string
  description = "Name prefix for every resource, e.g. `shop-production` (ALB names allow at most 32 characters)."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,24}[a-z0-9]$", var.name))
    error_message = "name must be 3-26 lower-case letters, digits or hyphens, starting with a letter."
  }
}

variable "vpc_id" {
  type        = string
  description = "VPC of the load balancer and its target groups."
}

variable "public_subnet_ids" {
  type        = list(string)
  description = "Public subnets of the ALB, at least two AZs."

  validation {
    condition     = length(var.public_subnet_ids) >= 2
    error_message = "An ALB needs subnets in at least two availability zones."
  }
}

variable "app_security_group_id" {
  type        = string
  description = "Security group of the application tasks: gets ingress from the ALB on the service ports."
}

variable "kms_key_arn" {
  type        = string
  description = "KMS key for the WAF log group."

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN."
  }
}

variable "domain_name" {
  type        = string
  description = "Primary host name served by the ALB (the ACM certificate's subject)."
}

variable "subject_alternative_names" {
  type        = list(string)
  description = "Further host names on the certificate."
  default     = []
}

variable "redirect_www" {
  type        = bool
  description = "Redirect www.<domain_name> to <domain_name> (www must be in subject_alternative_names)."
  default     = false
}

variable "route53_zone_id" {
  type        = string
  description = "Route 53 hosted zone for DNS validation of the certificate; null to create the validation records elsewhere (see the certificate_validation_records output)."
  default     = null
}

variable "ssl_policy" {
  type        = string
  description = "ELB security policy of the HTTPS listener (TLS 1.3 policies only)."
  default     = "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09"

  validation {
    condition     = startswith(var.ssl_policy, "ELBSecurityPolicy-TLS13-")
    error_message = "ssl_policy must be one of the ELBSecurityPolicy-TLS13-* policies."
  }
}

variable "idle_timeout" {
  type        = number
  description = "Seconds an idle connection stays open; raise it above 60 for WebSockets."
  default     = 60

  validation {
    condition     = var.idle_timeout >= 1 && var.idle_timeout <= 4000
    error_message = "idle_timeout must be between 1 and 4000 seconds."
  }
}

variable "deletion_protection" {
  type        = bool
  description = "Refuse to delete the ALB until this is turned off in a separate, reviewed change."
  default     = true
}

variable "access_logs_bucket" {
  type        = string
  description = "S3 bucket (SSE-S3) that receives the access logs under the `alb/` prefix."
}

variable "services" {
  type = map(object({
    port              = number
    path              = string
    health_check_path = string
  }))
  description = "Public services: one target group each, routed by path prefix (`/` = the default action)."

  validation {
    condition     = length(var.services) >= 1
    error_message = "At least one public service is needed behind the ALB."
  }

  validation {
    condition     = alltrue([for s in values(var.services) : startswith(s.path, "/") && startswith(s.health_check_path, "/")])
    error_message = "path and health_check_path must start with /."
  }
}

variable "default_service" {
  type        = string
  description = "Service that receives requests no path rule matches."
}

variable "enable_waf" {
  type        = bool
  description = "Attach a WAFv2 web ACL (AWS managed common, known-bad-inputs incl. Log4j, IP-reputation and anonymous-IP rules plus a per-IP rate limit)."
  default     = true
}

variable "rate_limited_paths" {
  type        = list(string)
  description = "Path prefixes (logins, password resets) limited per client address by their own WAF rule."
  default     = []

  validation {
    condition     = alltrue([for p in var.rate_limited_paths : startswith(p, "/")])
    error_message = "Each rate-limited path must start with /."
  }
}

variable "waf_path_rate_limit" {
  type        = number
  description = "Requests per minute one client address may send to each of rate_limited_paths."
  default     = 30

  validation {
    condition     = var.waf_path_rate_limit >= 10
    error_message = "waf_path_rate_limit must be at least 10 (the WAF minimum)."
  }
}

variable "waf_rate_limit" {
  type        = number
  description = "Requests per 5 minutes from one IP before WAF blocks it."
  default     = 2000

  validation {
    condition     = var.waf_rate_limit >= 100
    error_message = "waf_rate_limit must be at least 100."
  }
}

variable "waf_log_retention_days" {
  type        = number
  description = "Retention of the WAF log group, in days."
  default     = 365

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.waf_log_retention_days)
    error_message = "waf_log_retention_days must be a retention value CloudWatch Logs accepts."
  }
}
