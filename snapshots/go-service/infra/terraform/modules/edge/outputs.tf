output "alb_arn" {
  description = "ARN of the ALB."
  value       = aws_lb.this.arn
}

output "alb_arn_suffix" {
  description = "ARN suffix of the ALB (CloudWatch dimension)."
  value       = aws_lb.this.arn_suffix
}

output "alb_dns_name" {
  description = "DNS name of the ALB: point the domain's ALIAS/CNAME here."
  value       = aws_lb.this.dns_name
}

output "alb_zone_id" {
  description = "Route 53 zone ID of the ALB, for ALIAS records."
  value       = aws_lb.this.zone_id
}

output "target_group_arns" {
  description = "Target group ARN, by service."
  value       = { for k, t in aws_lb_target_group.this : k => t.arn }
}

output "target_group_arn_suffixes" {
  description = "Target group ARN suffix, by service (CloudWatch dimension)."
  value       = { for k, t in aws_lb_target_group.this : k => t.arn_suffix }
}

output "certificate_validation_records" {
  description = "DNS records that validate the ACM certificate (create them when route53_zone_id is null)."
  value = [for o in aws_acm_certificate.this.domain_validation_options : {
    name  = o.resource_record_name
    type  = o.resource_record_type
    value = o.resource_record_value
  }]
}

output "security_group_id" {
  description = "Security group of the ALB."
  value       = aws_security_group.alb.id
}
