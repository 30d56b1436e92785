# ECS on Fargate: one cluster, and per service an ECR repository, a task definition and a service.
# Tasks run in private subnets without public IPs, as a non-root user with a read-only root
# filesystem, get their secrets from Secrets Manager and log to encrypted CloudWatch log groups.
data "aws_caller_identity" "current" {}
data "aws_region" "current" {}
data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  region     = data.aws_region.current.name
  partition  = data.aws_partition.current.partition

  # What every container gets, service or one-off task: no root filesystem writes, no privileges,
  # no capabilities, an init process that reaps children.
  hardening = {
    essential              = true
    readonlyRootFilesystem = true
    privileged             = false
    linuxParameters = {
      initProcessEnabled = true
      capabilities       = { drop = ["ALL"] }
    }
  }

  # To CloudWatch, never blocking the app on a slow log API (a bounded buffer instead).
  log_configuration = {
    for k, group in aws_cloudwatch_log_group.service : k => {
      logDriver = "awslogs"
      options = {
        awslogs-group         = group.name
        awslogs-region        = local.region
        awslogs-stream-prefix = k
        mode                  = "non-blocking"
        max-buffer-size       = "25m"
      }
    }
  }
}

# The security group of the tasks. Ingress is added by the edge module (from the ALB only),
# egress to PostgreSQL and Redis by the database and cache modules (to their groups only).
resource "aws_security_group" "app" {
  name        = "${var.name}-app"
  description = "ECS tasks of ${var.name}"
  vpc_id      = var.vpc_id

  tags = { Name = "${var.name}-app" }
}

resource "aws_vpc_security_group_egress_rule" "app_https" {
  security_group_id = aws_security_group.app.id
  description       = "HTTPS to AWS APIs (ECR, Secrets Manager, CloudWatch Logs) and external APIs through NAT"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_ecr_repository" "this" {
  for_each = var.services

  name                 = "${var.ecr_repository_prefix}-${each.key}"
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = var.kms_key_arn
  }
}

resource "aws_ecr_lifecycle_policy" "this" {
  for_each = var.services

  repository = aws_ecr_repository.this[each.key].name

  policy = jsonencode({
    rules = [
      {
        rulePriority = 1
        description  = "Expire untagged images"
        selection = {
          tagStatus   = "untagged"
          countType   = "sinceImagePushed"
          countUnit   = "days"
          countNumber = var.untagged_image_expiry_days
        }
        action = { type = "expire" }
      },
      {
        rulePriority = 2
        description  = "Keep the newest tagged images"
        selection = {
          tagStatus   = "any"
          countType   = "imageCountMoreThan"
          countNumber = var.tagged_images_to_keep
        }
        action = { type = "expire" }
      },
    ]
  })
}

resource "aws_cloudwatch_log_group" "exec" {
  name              = "/ecs/${var.name}/exec"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn
}

resource "aws_ecs_cluster" "this" {
  name = var.name

  setting {
    name  = "containerInsights"
    value = "enabled"
  }

  configuration {
    execute_command_configuration {
      kms_key_id = var.kms_key_arn
      logging    = "OVERRIDE"

      log_configuration {
        cloud_watch_encryption_enabled = true
        cloud_watch_log_group_name     = aws_cloudwatch_log_group.exec.name
      }
    }
  }
}

resource "aws_ecs_cluster_capacity_providers" "this" {
  cluster_name       = aws_ecs_cluster.this.name
  capacity_providers = ["FARGATE", "FARGATE_SPOT"]

  default_capacity_provider_strategy {
    capacity_provider = "FARGATE"
    weight            = 1
  }
}

# One log group per service and per one-off task.
resource "aws_cloudwatch_log_group" "service" {
  for_each = toset(concat(keys(var.services), keys(var.tasks)))

  name              = "/ecs/${var.name}/${each.key}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn
}

# Execution role: used by the ECS agent to pull images, write logs and read the secrets.
resource "aws_iam_role" "execution" {
  name = "${var.name}-ecs-execution"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = {
        StringEquals = { "aws:SourceAccount" = local.account_id }
      }
    }]
  })
}

resource "aws_iam_role_policy_attachment" "execution" {
  role       = aws_iam_role.execution.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

resource "aws_iam_policy" "execution_secrets" {
  count = length(var.secret_arns) > 0 ? 1 : 0

  name        = "${var.name}-ecs-execution-secrets"
  description = "Read the runtime secrets of ${var.name} at task start-up"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["secretsmanager:GetSecretValue"]
        Resource = var.secret_arns
      },
      {
        Effect   = "Allow"
        Action   = ["kms:Decrypt"]
        Resource = [var.kms_key_arn]
      },
    ]
  })
}

resource "aws_iam_role_policy_attachment" "execution_secrets" {
  count = length(var.secret_arns) > 0 ? 1 : 0

  role       = aws_iam_role.execution.name
  policy_arn = aws_iam_policy.execution_secrets[0].arn
}

# Task roles: what the application itself may call. Empty by default; add policies per service.
resource "aws_iam_role" "task" {
  for_each = var.services

  name = "${var.name}-${each.key}-task"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = {
        StringEquals = { "aws:SourceAccount" = local.account_id }
        ArnLike      = { "aws:SourceArn" = "arn:${local.partition}:ecs:${local.region}:${local.account_id}:*" }
      }
    }]
  })
}

resource "aws_ecs_task_definition" "this" {
  for_each = var.services

  family                   = "${var.name}-${each.key}"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = each.value.cpu
  memory                   = each.value.memory
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task[each.key].arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = var.cpu_architecture
  }

  # Writable scratch space (task-local, deleted with the task): the root filesystem is read-only.
  dynamic "volume" {
    for_each = toset(each.value.writable_paths)

    content {
      name = "scratch-${substr(sha1(volume.value), 0, 8)}"
    }
  }

  container_definitions = jsonencode([merge(local.hardening, {
    name  = each.key
    image = "${aws_ecr_repository.this[each.key].repository_url}:${var.image_tag}"
    user  = each.value.user
    portMappings = [{
      containerPort = each.value.port
      protocol      = "tcp"
    }]
    mountPoints = [for p in each.value.writable_paths : {
      sourceVolume  = "scratch-${substr(sha1(p), 0, 8)}"
      containerPath = p
      readOnly      = false
    }]
    environment = [for k, v in each.value.environment : { name = k, value = v }]
    secrets     = [for k, v in each.value.secrets : { name = k, valueFrom = v }]
    healthCheck = {
      command     = each.value.health_check_command
      interval    = 30
      timeout     = 5
      retries     = 3
      startPeriod = 60
    }
    logConfiguration = local.log_configuration[each.key]
    stopTimeout      = 30
  })])
}

# One-off tasks (no service, no port): run with `aws ecs run-task` in the services' subnets and
# security group. CI registers new revisions of the migration task with each release's image.
resource "aws_ecs_task_definition" "task" {
  for_each = var.tasks

  family                   = "${var.name}-${each.key}"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = each.value.cpu
  memory                   = each.value.memory
  execution_role_arn       = aws_iam_role.execution.arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = var.cpu_architecture
  }

  volume {
    name = "scratch"
  }

  container_definitions = jsonencode([merge(local.hardening, {
    name  = each.key
    image = each.value.ecr_service != null ? "${aws_ecr_repository.this[each.value.ecr_service].repository_url}:${each.value.tag}" : each.value.image
    user  = each.value.user
    mountPoints = [{
      sourceVolume  = "scratch"
      containerPath = "/tmp"
      readOnly      = false
    }]
    environment      = [for k, v in each.value.environment : { name = k, value = v }]
    secrets          = [for k, v in each.value.secrets : { name = k, valueFrom = v }]
    logConfiguration = local.log_configuration[each.key]
  }, { for k, v in { entryPoint = each.value.entry_point, command = each.value.command } : k => v if v != null })])
}

resource "aws_ecs_service" "this" {
  for_each = var.services

  name                               = each.key
  cluster                            = aws_ecs_cluster.this.id
  task_definition                    = aws_ecs_task_definition.this[each.key].arn
  desired_count                      = each.value.desired_count
  launch_type                        = "FARGATE"
  platform_version                   = "LATEST"
  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200
  health_check_grace_period_seconds  = each.value.target_group_arn == null ? null : 60
  enable_ecs_managed_tags            = true
  propagate_tags                     = "SERVICE"

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  network_configuration {
    subnets          = var.private_subnet_ids
    security_groups  = [aws_security_group.app.id]
    assign_public_ip = false
  }

  dynamic "load_balancer" {
    for_each = each.value.target_group_arn == null ? [] : [each.value.target_group_arn]

    content {
      target_group_arn = load_balancer.value
      container_name   = each.key
      container_port   = each.value.port
    }
  }

  lifecycle {
    # CI registers new task-definition revisions (new image tags) and updates the service, and
    # autoscaling owns the running count; Terraform owns everything else. Roll out
    # task-definition changes with a CI deploy.
    ignore_changes = [task_definition, desired_count]
  }
}

locals {
  autoscaled = { for k, s in var.services : k => s if var.autoscaling_max_count > s.desired_count }
}

resource "aws_appautoscaling_target" "this" {
  for_each = local.autoscaled

  service_namespace  = "ecs"
  scalable_dimension = "ecs:service:DesiredCount"
  resource_id        = "service/${aws_ecs_cluster.this.name}/${aws_ecs_service.this[each.key].name}"
  min_capacity       = each.value.desired_count
  max_capacity       = var.autoscaling_max_count
}

resource "aws_appautoscaling_policy" "cpu" {
  for_each = local.autoscaled

  name               = "${var.name}-${each.key}-cpu"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.this[each.key].service_namespace
  scalable_dimension = aws_appautoscaling_target.this[each.key].scalable_dimension
  resource_id        = aws_appautoscaling_target.this[each.key].resource_id

  target_tracking_scaling_policy_configuration {
    target_value       = var.autoscaling_cpu_target
    scale_in_cooldown  = 300
    scale_out_cooldown = 60

    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}
