# State moves from the former one-resource-per-alarm layout to aws_cloudwatch_metric_alarm.this.
# A move whose source is not in state is a no-op.
moved {
  from = aws_cloudwatch_metric_alarm.rds_cpu[0]
  to   = aws_cloudwatch_metric_alarm.this["rds-cpu"]
}

moved {
  from = aws_cloudwatch_metric_alarm.rds_free_storage[0]
  to   = aws_cloudwatch_metric_alarm.this["rds-free-storage"]
}

moved {
  from = aws_cloudwatch_metric_alarm.rds_freeable_memory[0]
  to   = aws_cloudwatch_metric_alarm.this["rds-freeable-memory"]
}

moved {
  from = aws_cloudwatch_metric_alarm.alb_5xx[0]
  to   = aws_cloudwatch_metric_alarm.this["alb-5xx"]
}

moved {
  from = aws_cloudwatch_metric_alarm.cache_cpu[0]
  to   = aws_cloudwatch_metric_alarm.this["redis-cpu-1"]
}

moved {
  from = aws_cloudwatch_metric_alarm.cache_memory[0]
  to   = aws_cloudwatch_metric_alarm.this["redis-memory-1"]
}

moved {
  from = aws_cloudwatch_metric_alarm.cache_cpu[1]
  to   = aws_cloudwatch_metric_alarm.this["redis-cpu-2"]
}

moved {
  from = aws_cloudwatch_metric_alarm.cache_memory[1]
  to   = aws_cloudwatch_metric_alarm.this["redis-memory-2"]
}

moved {
  from = aws_cloudwatch_metric_alarm.cache_cpu[2]
  to   = aws_cloudwatch_metric_alarm.this["redis-cpu-3"]
}

moved {
  from = aws_cloudwatch_metric_alarm.cache_memory[2]
  to   = aws_cloudwatch_metric_alarm.this["redis-memory-3"]
}

moved {
  from = aws_cloudwatch_metric_alarm.cache_cpu[3]
  to   = aws_cloudwatch_metric_alarm.this["redis-cpu-4"]
}

moved {
  from = aws_cloudwatch_metric_alarm.cache_memory[3]
  to   = aws_cloudwatch_metric_alarm.this["redis-memory-4"]
}

moved {
  from = aws_cloudwatch_metric_alarm.cache_cpu[4]
  to   = aws_cloudwatch_metric_alarm.this["redis-cpu-5"]
}

moved {
  from = aws_cloudwatch_metric_alarm.cache_memory[4]
  to   = aws_cloudwatch_metric_alarm.this["redis-memory-5"]
}

moved {
  from = aws_cloudwatch_metric_alarm.cache_cpu[5]
  to   = aws_cloudwatch_metric_alarm.this["redis-cpu-6"]
}

moved {
  from = aws_cloudwatch_metric_alarm.cache_memory[5]
  to   = aws_cloudwatch_metric_alarm.this["redis-memory-6"]
}

moved {
  from = aws_cloudwatch_metric_alarm.target_5xx["api"]
  to   = aws_cloudwatch_metric_alarm.this["api-target-5xx"]
}

moved {
  from = aws_cloudwatch_metric_alarm.unhealthy_targets["api"]
  to   = aws_cloudwatch_metric_alarm.this["api-unhealthy-targets"]
}

moved {
  from = aws_cloudwatch_metric_alarm.ecs_cpu["api"]
  to   = aws_cloudwatch_metric_alarm.this["api-cpu"]
}

moved {
  from = aws_cloudwatch_metric_alarm.ecs_memory["api"]
  to   = aws_cloudwatch_metric_alarm.this["api-memory"]
}

moved {
  from = aws_cloudwatch_metric_alarm.ecs_running_tasks["api"]
  to   = aws_cloudwatch_metric_alarm.this["api-no-running-tasks"]
}

moved {
  from = aws_cloudwatch_metric_alarm.target_5xx["worker"]
  to   = aws_cloudwatch_metric_alarm.this["worker-target-5xx"]
}

moved {
  from = aws_cloudwatch_metric_alarm.unhealthy_targets["worker"]
  to   = aws_cloudwatch_metric_alarm.this["worker-unhealthy-targets"]
}

moved {
  from = aws_cloudwatch_metric_alarm.ecs_cpu["worker"]
  to   = aws_cloudwatch_metric_alarm.this["worker-cpu"]
}

moved {
  from = aws_cloudwatch_metric_alarm.ecs_memory["worker"]
  to   = aws_cloudwatch_metric_alarm.this["worker-memory"]
}

moved {
  from = aws_cloudwatch_metric_alarm.ecs_running_tasks["worker"]
  to   = aws_cloudwatch_metric_alarm.this["worker-no-running-tasks"]
}
