variable "name" {
  type        = string
  description = "Name prefix for every resource, e.g. `shop-production`."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}[a-z0-9]$", var.name))
    error_message = "name must be 3-32 lower-case letters, digits or hyphens, starting with a letter."
  }
}

variable "ci_provider" {
  type        = string
  description = "CI system whose OIDC tokens may assume the deploy role."

  validation {
    condition     = contains(["github", "gitlab"], var.ci_provider)
    error_message = "ci_provider must be github or gitlab."
  }
}

variable "github_repository" {
  type        = string
  description = "GitHub `owner/repo` allowed to deploy (ci_provider = github)."
  default     = null

  validation {
    condition     = var.github_repository == null || can(regex("^[A-Za-z0-9-]+/[A-Za-z0-9._-]+$", var.github_repository))
    error_message = "github_repository must look like owner/repo."
  }
}

variable "github_environment" {
  type        = string
  description = "GitHub deployment environment the job must run in (protect it with required reviewers)."
  default     = "production"

  validation {
    condition     = can(regex("^[A-Za-z0-9._-]+$", var.github_environment))
    error_message = "github_environment must be a plain environment name."
  }
}

variable "github_branch" {
  type        = string
  description = "Branch whose release runs may push images (the push role's trust)."
  default     = "main"

  validation {
    condition     = can(regex("^[A-Za-z0-9._/-]+$", var.github_branch))
    error_message = "github_branch must be a plain branch name."
  }
}

variable "gitlab_url" {
  type        = string
  description = "GitLab instance URL (the OIDC issuer)."
  default     = "https://gitlab.com"

  validation {
    condition     = can(regex("^https://[a-z0-9.-]+$", var.gitlab_url))
    error_message = "gitlab_url must be an https:// URL without a trailing slash or path."
  }
}

variable "gitlab_project_path" {
  type        = string
  description = "GitLab `group/project` allowed to deploy (ci_provider = gitlab)."
  default     = null

  validation {
    condition     = var.gitlab_project_path == null || can(regex("^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)+$", var.gitlab_project_path))
    error_message = "gitlab_project_path must look like group/project."
  }
}

variable "gitlab_branch" {
  type        = string
  description = "Protected branch whose pipelines may deploy (ci_provider = gitlab)."
  default     = "main"

  validation {
    condition     = can(regex("^[A-Za-z0-9._/-]+$", var.gitlab_branch)) && !strcontains(var.gitlab_branch, "*")
    error_message = "gitlab_branch must be one branch name, no wildcards."
  }
}

variable "audience" {
  type        = string
  description = "Audience the CI token must carry (GitHub: the aws-actions default; GitLab: set in id_tokens.aud)."
  default     = "sts.amazonaws.com"
}

variable "create_oidc_provider" {
  type        = bool
  description = "Create the account's OIDC provider for the CI issuer; false when another environment in the same account already did."
  default     = true
}

variable "ecr_repository_arns" {
  type        = list(string)
  description = "ECR repositories the role may push to."
}

variable "ecs_cluster_arn" {
  type        = string
  description = "ECS cluster the role deploys to."
}

variable "ecs_service_arns" {
  type        = list(string)
  description = "ECS services the role may update."
}

variable "task_definition_families" {
  type        = list(string)
  description = "Task-definition families of the one-off tasks the role may run (the migrations)."
}

variable "pass_role_arns" {
  type        = list(string)
  description = "Task and execution roles the role may hand to ECS when registering task definitions."
}

variable "max_session_duration" {
  type        = number
  description = "Maximum session length of the deploy role, in seconds."
  default     = 3600

  validation {
    condition     = var.max_session_duration >= 900 && var.max_session_duration <= 3600
    error_message = "max_session_duration must be between 900 and 3600 seconds."
  }
}

