output "role_arn" {
  description = "ARN of the deploy role (AWS_ROLE_ARN / role-to-assume in the CI configuration)."
  value       = aws_iam_role.deploy.arn
}

output "push_role_arn" {
  description = "ARN of the image push role (AWS_PUSH_ROLE_ARN in the CI configuration)."
  value       = aws_iam_role.push.arn
}

output "oidc_provider_arn" {
  description = "ARN of the OIDC provider the role trusts."
  value       = local.provider_arn
}

output "trusted_subject" {
  description = "The exact `sub` claim the role accepts."
  value       = local.subject
}

