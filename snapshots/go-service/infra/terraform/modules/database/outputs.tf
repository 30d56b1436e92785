output "identifier" {
  description = "RDS instance identifier."
  value       = aws_db_instance.this.identifier
}

output "arn" {
  description = "ARN of the RDS instance."
  value       = aws_db_instance.this.arn
}

output "address" {
  description = "Host name of the PostgreSQL endpoint (connect with sslmode=verify-full)."
  value       = aws_db_instance.this.address
}

output "port" {
  description = "PostgreSQL port."
  value       = aws_db_instance.this.port
}

output "database_name" {
  description = "Name of the application database."
  value       = aws_db_instance.this.db_name
}

output "master_user_secret_arn" {
  description = "Secrets Manager secret that RDS manages (and rotates) for the master user."
  value       = aws_db_instance.this.master_user_secret[0].secret_arn
}

output "security_group_id" {
  description = "Security group of the database."
  value       = aws_security_group.this.id
}

output "role_secret_arns" {
  description = "Secrets Manager secret (username, password, DATABASE_URL) of the `app` and the `migrator` role."
  value       = { for k, s in aws_secretsmanager_secret.role : k => s.arn }
}

