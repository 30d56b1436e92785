variable "project" {
  type        = string
  description = "Project name; the state bucket is `<project>-tfstate-<account id>`."
  default     = "ledger"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}[a-z0-9]$", var.project))
    error_message = "project must be 3-32 lower-case letters, digits or hyphens, starting with a letter."
  }
}

variable "region" {
  type        = string
  description = "AWS region of the state bucket (use the region of the environments)."

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.region))
    error_message = "region must be an AWS region name such as eu-central-1."
  }
}

variable "aws_account_id" {
  type        = string
  description = "The only AWS account this configuration may touch (guards against the wrong profile)."

  validation {
    condition     = can(regex("^[0-9]{12}$", var.aws_account_id))
    error_message = "aws_account_id must be 12 digits."
  }
}

variable "noncurrent_version_retention_days" {
  type        = number
  description = "Days old state versions are kept (they are the undo history of every apply)."
  default     = 90

  validation {
    condition     = var.noncurrent_version_retention_days >= 30
    error_message = "Keep old state versions for at least 30 days."
  }
}
