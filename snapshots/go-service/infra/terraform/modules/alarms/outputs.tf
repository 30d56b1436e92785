output "sns_topic_arn" {
  description = "SNS topic that receives every alarm (subscribe PagerDuty/Opsgenie/Slack here)."
  value       = aws_sns_topic.alarms.arn
}
