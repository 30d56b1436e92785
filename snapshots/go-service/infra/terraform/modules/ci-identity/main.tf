# Keyless CI: a job exchanges its OIDC token for short-lived credentials of a role whose trust
# policy is pinned to one repository and one environment/branch. No IAM users or keys. Two roles:
# `push` only pushes images (the release job, after the scan); `deploy` only rolls out ECS (the
# approved deploy job). A build or a scanner never holds the credentials that deploy.
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
  # GitHub: any release run of the branch may push; GitLab's subject names the branch only, so the
  # two roles differ by which protected variable names them (AWS_PUSH_ROLE_ARN, AWS_ROLE_ARN).
  push_subject = (var.ci_provider == "github"
    ? "repo:${coalesce(var.github_repository, "unset/unset")}:ref:refs/heads/${var.github_branch}"
    : local.subject
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
  description = "Roll out ECS services and run the migration tasks of ${var.name}"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
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
      # CI registers each migration as a revision of the migration task's own family.
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

resource "aws_iam_role" "push" {
  name                 = "${var.name}-ci-push"
  description          = "Assumed by ${var.ci_provider} CI (${local.push_subject}) to push scanned images of ${var.name}"
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
          "${local.issuer_host}:sub" = local.push_subject
        }
      }
    }]
  })
}

resource "aws_iam_policy" "push" {
  name        = "${var.name}-ci-push"
  description = "Push images to the ECR repositories of ${var.name}, nothing else"

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
    ]
  })
}

resource "aws_iam_role_policy_attachment" "push" {
  role       = aws_iam_role.push.name
  policy_arn = aws_iam_policy.push.arn
}

