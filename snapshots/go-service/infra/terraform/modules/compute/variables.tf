variable "name" {
  type        = string
  description = "Name prefix for every resource, e.g. `shop-production`."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}[a-z0-9]$", var.name))
    error_message = "name must be 3-32 lower-case letters, digits or hyphens, starting with a letter."
  }
}

variable "ecr_repository_prefix" {
  type        = string
  description = "ECR repositories are named `<prefix>-<service>` (shared by all environments of one account when equal)."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]*$", var.ecr_repository_prefix))
    error_message = "ecr_repository_prefix must be lower-case letters, digits and hyphens."
  }
}

variable "vpc_id" {
  type        = string
  description = "VPC of the tasks (for their security group)."
}

variable "private_subnet_ids" {
  type        = list(string)
  description = "Private subnets the tasks run in (no public IPs)."

  validation {
    condition     = length(var.private_subnet_ids) >= 2
    error_message = "Use private subnets in at least two availability zones."
  }
}

variable "kms_key_arn" {
  type        = string
  description = "KMS key for ECR, log groups, ECS Exec sessions and the secrets the tasks read."

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN."
  }
}

variable "image_tag" {
  type        = string
  description = "Image tag the task definitions start with (CI registers new revisions afterwards). Never `latest`: tags are immutable."

  validation {
    condition     = var.image_tag != "latest" && can(regex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", var.image_tag))
    error_message = "image_tag must be a valid, immutable tag other than latest (e.g. a git SHA)."
  }
}

variable "cpu_architecture" {
  type        = string
  description = "CPU architecture of the images."
  default     = "X86_64"

  validation {
    condition     = contains(["X86_64", "ARM64"], var.cpu_architecture)
    error_message = "cpu_architecture must be X86_64 or ARM64."
  }
}

variable "services" {
  type = map(object({
    port                 = number
    cpu                  = number
    memory               = number
    desired_count        = number
    user                 = string
    health_check_command = list(string)
    writable_paths       = optional(list(string), ["/tmp"])
    environment          = map(string)
    secrets              = map(string)
    target_group_arn     = optional(string)
  }))
  description = <<-EOT
    One ECS service, task definition and ECR repository per entry. `user` is the numeric uid:gid
    of the image's non-root user; `writable_paths` get task-local scratch volumes (the root
    filesystem is read-only); `secrets` maps environment variable names to Secrets Manager
    `valueFrom` references (ARN or ARN:json-key::); `target_group_arn` is set for services behind the ALB.
  EOT

  validation {
    condition     = alltrue([for s in values(var.services) : can(regex("^[1-9][0-9]*(:[0-9]+)?$", s.user))])
    error_message = "Every service must run as a numeric non-root user (uid or uid:gid, uid > 0)."
  }

  validation {
    condition     = alltrue([for s in values(var.services) : s.port > 0 && s.port < 65536 && s.desired_count >= 0])
    error_message = "port must be 1-65535 and desired_count must not be negative."
  }

  validation {
    condition     = alltrue([for s in values(var.services) : contains(["CMD", "CMD-SHELL"], s.health_check_command[0])])
    error_message = "health_check_command must start with CMD or CMD-SHELL."
  }
}

variable "tasks" {
  type = map(object({
    ecr_service = optional(string)
    tag         = optional(string)
    image       = optional(string)
    entry_point = optional(list(string))
    command     = optional(list(string))
    user        = string
    cpu         = optional(number, 256)
    memory      = optional(number, 512)
    environment = map(string)
    secrets     = map(string)
  }))
  description = <<-EOT
    One-off task definitions (`<name>-<key>`, no service), such as the migrations. The image is a
    tag of a service's ECR repository (`ecr_service`, `tag`) or a full reference (`image`).
  EOT
  default     = {}

  validation {
    condition     = alltrue([for t in values(var.tasks) : (t.ecr_service != null && t.tag != null) != (t.image != null)])
    error_message = "Each task needs either ecr_service and tag, or image."
  }

  validation {
    condition     = length(setintersection(keys(var.tasks), keys(var.services))) == 0
    error_message = "A task may not have the name of a service: they share the family and log group names."
  }

  validation {
    condition     = alltrue([for t in values(var.tasks) : can(regex("^[1-9][0-9]*(:[0-9]+)?$", t.user))])
    error_message = "Every task must run as a numeric non-root user (uid or uid:gid, uid > 0)."
  }
}

variable "secret_arns" {
  type        = list(string)
  description = "ARNs of the Secrets Manager secrets the tasks read at start-up (granted to the execution role only)."
  default     = []
}

variable "log_retention_days" {
  type        = number
  description = "Retention of the task log groups, in days."
  default     = 365

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a retention value CloudWatch Logs accepts."
  }
}

variable "untagged_image_expiry_days" {
  type        = number
  description = "Days after which untagged images are removed from ECR."
  default     = 14

  validation {
    condition     = var.untagged_image_expiry_days >= 1
    error_message = "untagged_image_expiry_days must be at least 1."
  }
}

variable "tagged_images_to_keep" {
  type        = number
  description = "Number of tagged images kept per repository (older ones expire; keep enough to roll back)."
  default     = 50

  validation {
    condition     = var.tagged_images_to_keep >= 10
    error_message = "Keep at least 10 tagged images so rollbacks stay possible."
  }
}

variable "autoscaling_max_count" {
  type        = number
  description = "Upper bound for CPU-based service autoscaling; services scale between desired_count and this. 0 (or not above desired_count) disables autoscaling."
  default     = 0

  validation {
    condition     = var.autoscaling_max_count >= 0
    error_message = "autoscaling_max_count must not be negative."
  }
}

variable "autoscaling_cpu_target" {
  type        = number
  description = "Average CPU utilisation (percent) that autoscaling keeps each service at."
  default     = 60

  validation {
    condition     = var.autoscaling_cpu_target >= 10 && var.autoscaling_cpu_target <= 90
    error_message = "autoscaling_cpu_target must be between 10 and 90."
  }
}
