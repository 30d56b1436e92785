# Keyless CI deploys: the CI job exchanges its OIDC token for short-lived credentials of a role
# whose trust policy is pinned to one repository and one environment/branch. No IAM users or keys.
data "aws_caller_identity" "current" {}
data "aws_region" "current" {}
data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  region     = data.aws_region.current.name
  partition  = data.aws_partition.current.partition

  issuer_url  = var.ci_provider == "github" ? "https://token.actions.githubusercontent.com" : var.gitlab_url
  issuer_host = trimprefix(local.issuer_url, "https://")
  subject = (var.ci_provider == "github"
    ? "repo:${coalesce(var.github_repository, "unset/unset")}:environment:${var.github_environment}"
    : "project_path:${coalesce(var.gitlab_project_path, "unset/unset")}:ref_type:branch:ref:${var.gitlab_branch}"
  )
  provider_arn = var.create_oidc_provider ? aws_iam_openid_connect_provider.this[0].arn : data.aws_iam_openid_connect_provider.existing[0].arn
}

resource "aws_iam_openid_connect_provider" "this" {
  count = var.create_oidc_provider ? 1 : 0

  url            = local.issuer_url
  client_id_list = [var.audience]
}

data "aws_iam_openid_connect_provider" "existing" {
  count = var.create_oidc_provider ? 0 : 1

  url = local.issuer_url
}

resource "aws_iam_role" "deploy" {
  name                 = "${var.name}-ci-deploy"
  description          = "Assumed by ${var.ci_provider} CI (${local.subject}) to deploy ${var.name}"
  max_session_duration = var.max_session_duration

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = local.provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "${local.issuer_host}:aud" = var.audience
          "${local.issuer_host}:sub" = local.subject
        }
      }
    }]
  })

  lifecycle {
    precondition {
      condition     = var.ci_provider == "github" ? var.github_repository != null : var.gitlab_project_path != null
      error_message = "Set github_repository (GitHub) or gitlab_project_path (GitLab) to pin the trust policy."
    }
  }
}

resource "aws_iam_policy" "deploy" {
  name        = "${var.name}-ci-deploy"
  description = "Push images and roll out ECS services of ${var.name}"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "EcrLogin"
        Effect   = "Allow"
        Action   = ["ecr:GetAuthorizationToken"]
        Resource = "*"
      },
      {
        Sid    = "EcrPush"
        Effect = "Allow"
        Action = [
          "ecr:BatchCheckLayerAvailability",
          "ecr:BatchGetImage",
          "ecr:CompleteLayerUpload",
          "ecr:DescribeImages",
          "ecr:DescribeImageScanFindings",
          "ecr:GetDownloadUrlForLayer",
          "ecr:InitiateLayerUpload",
          "ecr:PutImage",
          "ecr:UploadLayerPart",
        ]
        Resource = var.ecr_repository_arns
      },
      {
        Sid      = "TaskDefinitions"
        Effect   = "Allow"
        Action   = ["ecs:DescribeTaskDefinition", "ecs:RegisterTaskDefinition"]
        Resource = "*"
      },
      {
        Sid      = "RollOutServices"
        Effect   = "Allow"
        Action   = ["ecs:DescribeServices", "ecs:UpdateService"]
        Resource = var.ecs_service_arns
      },
      {
        Sid      = "RunMigrationTasks"
        Effect   = "Allow"
        Action   = ["ecs:RunTask"]
        Resource = [for f in var.task_definition_families : "arn:${local.partition}:ecs:${local.region}:${local.account_id}:task-definition/${f}:*"]
        Condition = {
          ArnEquals = { "ecs:cluster" = var.ecs_cluster_arn }
        }
      },
      {
        Sid      = "WatchTasks"
        Effect   = "Allow"
        Action   = ["ecs:DescribeTasks"]
        Resource = "arn:${local.partition}:ecs:${local.region}:${local.account_id}:task/${element(split("/", var.ecs_cluster_arn), 1)}/*"
      },
      {
        Sid      = "PassTaskRoles"
        Effect   = "Allow"
        Action   = ["iam:PassRole"]
        Resource = var.pass_role_arns
        Condition = {
          StringEquals = { "iam:PassedToService" = "ecs-tasks.amazonaws.com" }
        }
      },
    ]
  })
}

resource "aws_iam_role_policy_attachment" "deploy" {
  role       = aws_iam_role.deploy.name
  policy_arn = aws_iam_policy.deploy.arn
}

