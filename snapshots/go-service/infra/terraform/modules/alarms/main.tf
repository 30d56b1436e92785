# Basic CloudWatch alarms for RDS, ElastiCache, the ALB and ECS, sent to one KMS-encrypted SNS
# topic. Extend with the application's own metrics; Prometheus/Alertmanager cover the rest.
resource "aws_sns_topic" "alarms" {
  name              = "${var.name}-alarms"
  kms_master_key_id = var.kms_key_arn
}

resource "aws_sns_topic_subscription" "email" {
  count = var.alarm_email == null ? 0 : 1

  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = var.alarm_email
}

locals {
  actions = [aws_sns_topic.alarms.arn]

  # One entry per alarm, keyed by the alarm name suffix. Every entry has the same shape so the
  # lists unify; `missing` is treat_missing_data.
  rds = [for db in(var.database == null ? [] : [var.database]) : [
    {
      key        = "rds-cpu", description = "RDS CPU above ${var.cpu_threshold_percent}% for 15 minutes",
      namespace  = "AWS/RDS", metric = "CPUUtilization", dimensions = tomap({ DBInstanceIdentifier = db.identifier }),
      statistic  = "Average", period = 300, periods = 3, threshold = var.cpu_threshold_percent,
      comparison = "GreaterThanThreshold", missing = "missing"
    },
    {
      key        = "rds-free-storage", description = "RDS free storage below ${db.free_storage_threshold_bytes} bytes",
      namespace  = "AWS/RDS", metric = "FreeStorageSpace", dimensions = tomap({ DBInstanceIdentifier = db.identifier }),
      statistic  = "Minimum", period = 300, periods = 1, threshold = db.free_storage_threshold_bytes,
      comparison = "LessThanThreshold", missing = "missing"
    },
    {
      key        = "rds-freeable-memory", description = "RDS freeable memory below 128 MiB for 15 minutes",
      namespace  = "AWS/RDS", metric = "FreeableMemory", dimensions = tomap({ DBInstanceIdentifier = db.identifier }),
      statistic  = "Average", period = 300, periods = 3, threshold = 134217728,
      comparison = "LessThanThreshold", missing = "missing"
    },
  ]]

  # ElastiCache member clusters are <group>-001, -002, ...
  cache = [for n in(var.cache == null ? [] : range(1, var.cache.node_count + 1)) : [
    {
      key        = "redis-cpu-${n}", description = "Redis engine CPU above ${var.cpu_threshold_percent}% for 15 minutes",
      namespace  = "AWS/ElastiCache", metric = "EngineCPUUtilization",
      dimensions = tomap({ CacheClusterId = format("%s-%03d", var.cache.replication_group_id, n) }),
      statistic  = "Average", period = 300, periods = 3, threshold = var.cpu_threshold_percent,
      comparison = "GreaterThanThreshold", missing = "missing"
    },
    {
      key        = "redis-memory-${n}", description = "Redis memory use above 80% of maxmemory (noeviction: writes fail when full)",
      namespace  = "AWS/ElastiCache", metric = "DatabaseMemoryUsagePercentage",
      dimensions = tomap({ CacheClusterId = format("%s-%03d", var.cache.replication_group_id, n) }),
      statistic  = "Maximum", period = 300, periods = 2, threshold = 80,
      comparison = "GreaterThanThreshold", missing = "missing"
    },
  ]]

  alb = [for alb in(var.alb == null ? [] : [var.alb]) : [
    {
      key        = "alb-5xx", description = "ALB returned more than ${var.alb_5xx_threshold} 5xx responses in 5 minutes",
      namespace  = "AWS/ApplicationELB", metric = "HTTPCode_ELB_5XX_Count", dimensions = tomap({ LoadBalancer = alb.arn_suffix }),
      statistic  = "Sum", period = 300, periods = 1, threshold = var.alb_5xx_threshold,
      comparison = "GreaterThanThreshold", missing = "notBreaching"
    },
  ]]

  targets = [for svc, tg in(var.alb == null ? {} : var.alb.target_group_arn_suffixes) : [
    {
      key        = "${svc}-target-5xx", description = "${svc} returned more than ${var.alb_5xx_threshold} 5xx responses in 5 minutes",
      namespace  = "AWS/ApplicationELB", metric = "HTTPCode_Target_5XX_Count",
      dimensions = tomap({ LoadBalancer = var.alb.arn_suffix, TargetGroup = tg }),
      statistic  = "Sum", period = 300, periods = 1, threshold = var.alb_5xx_threshold,
      comparison = "GreaterThanThreshold", missing = "notBreaching"
    },
    {
      key        = "${svc}-unhealthy-targets", description = "${svc} has unhealthy targets behind the ALB for 5 minutes",
      namespace  = "AWS/ApplicationELB", metric = "UnHealthyHostCount",
      dimensions = tomap({ LoadBalancer = var.alb.arn_suffix, TargetGroup = tg }),
      statistic  = "Maximum", period = 60, periods = 5, threshold = 0,
      comparison = "GreaterThanThreshold", missing = "notBreaching"
    },
  ]]

  ecs = [for svc, ecs_name in var.ecs_service_names : [
    {
      key        = "${svc}-cpu", description = "${svc} CPU above ${var.cpu_threshold_percent}% for 15 minutes",
      namespace  = "AWS/ECS", metric = "CPUUtilization",
      dimensions = tomap({ ClusterName = var.ecs_cluster_name, ServiceName = ecs_name }),
      statistic  = "Average", period = 300, periods = 3, threshold = var.cpu_threshold_percent,
      comparison = "GreaterThanThreshold", missing = "missing"
    },
    {
      key        = "${svc}-memory", description = "${svc} memory above 85% for 15 minutes",
      namespace  = "AWS/ECS", metric = "MemoryUtilization",
      dimensions = tomap({ ClusterName = var.ecs_cluster_name, ServiceName = ecs_name }),
      statistic  = "Average", period = 300, periods = 3, threshold = 85,
      comparison = "GreaterThanThreshold", missing = "missing"
    },
    {
      key        = "${svc}-no-running-tasks", description = "${svc} has no running task (Container Insights)",
      namespace  = "ECS/ContainerInsights", metric = "RunningTaskCount",
      dimensions = tomap({ ClusterName = var.ecs_cluster_name, ServiceName = ecs_name }),
      statistic  = "Minimum", period = 60, periods = 3, threshold = 1,
      comparison = "LessThanThreshold", missing = "breaching"
    },
  ]]

  alarms = { for a in flatten([local.rds, local.cache, local.alb, local.targets, local.ecs]) : a.key => a }
}

resource "aws_cloudwatch_metric_alarm" "this" {
  for_each = local.alarms

  alarm_name          = "${var.name}-${each.key}"
  alarm_description   = each.value.description
  namespace           = each.value.namespace
  metric_name         = each.value.metric
  dimensions          = each.value.dimensions
  statistic           = each.value.statistic
  period              = each.value.period
  evaluation_periods  = each.value.periods
  threshold           = each.value.threshold
  comparison_operator = each.value.comparison
  treat_missing_data  = each.value.missing
  alarm_actions       = local.actions
  ok_actions          = local.actions
}
