# RDS PostgreSQL: private, encrypted with the environment's KMS key, TLS enforced, password
# managed by RDS in Secrets Manager (never in tfvars or the state), logs exported with retention.
data "aws_partition" "current" {}

locals {
  identifier = "${var.name}-postgres"
  roles      = { app = var.app_username, migrator = var.migrator_username }
}

resource "aws_db_subnet_group" "this" {
  name        = local.identifier
  description = "Database subnets of ${var.name}"
  subnet_ids  = var.subnet_ids
}

resource "aws_security_group" "this" {
  name        = local.identifier
  description = "PostgreSQL of ${var.name}: reachable from the application only"
  vpc_id      = var.vpc_id

  tags = { Name = local.identifier }
}

resource "aws_vpc_security_group_ingress_rule" "from_app" {
  security_group_id            = aws_security_group.this.id
  description                  = "PostgreSQL from the application tasks"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = var.app_security_group_id
}

resource "aws_vpc_security_group_egress_rule" "app_to_db" {
  security_group_id            = var.app_security_group_id
  description                  = "Application tasks to PostgreSQL"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = aws_security_group.this.id
}

resource "aws_db_parameter_group" "this" {
  name        = "${local.identifier}-${var.engine_version}"
  family      = "postgres${var.engine_version}"
  description = "TLS-only connections and statement logging for ${var.name}"

  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }

  parameter {
    name  = "log_statement"
    value = "ddl"
  }

  parameter {
    name  = "log_min_duration_statement"
    value = tostring(var.log_min_duration_statement_ms)
  }

  parameter {
    name  = "log_connections"
    value = "1"
  }

  parameter {
    name  = "log_disconnections"
    value = "1"
  }

  parameter {
    name  = "log_lock_waits"
    value = "1"
  }

  lifecycle {
    create_before_destroy = true
  }
}

# Created before the instance so that the exported logs get retention and encryption.
resource "aws_cloudwatch_log_group" "this" {
  for_each = toset(["postgresql", "upgrade"])

  name              = "/aws/rds/instance/${local.identifier}/${each.key}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn
}

resource "aws_iam_role" "monitoring" {
  name = "${local.identifier}-monitoring"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "monitoring.rds.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "monitoring" {
  role       = aws_iam_role.monitoring.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"
}

resource "aws_db_instance" "this" {
  identifier     = local.identifier
  engine         = "postgres"
  engine_version = var.engine_version
  instance_class = var.instance_class

  db_name                       = var.database_name
  username                      = var.master_username
  manage_master_user_password   = true
  master_user_secret_kms_key_id = var.kms_key_arn

  allocated_storage     = var.allocated_storage
  max_allocated_storage = var.max_allocated_storage
  storage_type          = "gp3"
  storage_encrypted     = true
  kms_key_id            = var.kms_key_arn

  db_subnet_group_name                = aws_db_subnet_group.this.name
  vpc_security_group_ids              = [aws_security_group.this.id]
  publicly_accessible                 = false
  multi_az                            = var.multi_az
  parameter_group_name                = aws_db_parameter_group.this.name
  ca_cert_identifier                  = "rds-ca-rsa2048-g1"
  iam_database_authentication_enabled = true

  backup_retention_period   = var.backup_retention_period
  backup_window             = "02:00-03:00"
  maintenance_window        = "sun:03:30-sun:04:30"
  copy_tags_to_snapshot     = true
  delete_automated_backups  = false
  skip_final_snapshot       = false
  final_snapshot_identifier = "${local.identifier}-final"
  deletion_protection       = var.deletion_protection

  auto_minor_version_upgrade  = true
  allow_major_version_upgrade = false
  apply_immediately           = false

  enabled_cloudwatch_logs_exports       = ["postgresql", "upgrade"]
  performance_insights_enabled          = true
  performance_insights_kms_key_id       = var.kms_key_arn
  performance_insights_retention_period = var.performance_insights_retention_period
  monitoring_interval                   = var.monitoring_interval
  monitoring_role_arn                   = aws_iam_role.monitoring.arn

  depends_on = [aws_cloudwatch_log_group.this, aws_iam_role_policy_attachment.monitoring]

  lifecycle {
    precondition {
      condition     = var.max_allocated_storage > var.allocated_storage
      error_message = "max_allocated_storage must exceed allocated_storage so storage can autoscale."
    }
  }
}

# The credentials of the application's role and of the migrator (created in the database by the
# one-off task `db-roles`, which runs postgres/initdb/10-roles.sh as the master user). Secrets
# Manager generates the passwords as ephemeral values and they are written write-only, so they are
# in neither the plan nor the state. To rotate them, raise credentials_version, apply, run the
# `db-roles` task and redeploy (infra/terraform/README.md).
ephemeral "aws_secretsmanager_random_password" "role" {
  for_each = local.roles

  password_length     = 40
  exclude_punctuation = true
}

resource "aws_secretsmanager_secret" "role" {
  # checkov:skip=CKV2_AWS_57:rotated by raising credentials_version and running the db-roles task; RDS rotates only the master user's secret
  for_each = local.roles

  name                    = "${var.name}/db/${each.key}"
  description             = "PostgreSQL role ${each.value} of ${var.name}: username, password and DATABASE_URL"
  kms_key_id              = var.kms_key_arn
  recovery_window_in_days = 30
}

resource "aws_secretsmanager_secret_version" "role" {
  for_each = local.roles

  secret_id = aws_secretsmanager_secret.role[each.key].id
  secret_string_wo = jsonencode({
    username     = each.value
    password     = ephemeral.aws_secretsmanager_random_password.role[each.key].random_password
    DATABASE_URL = "postgresql://${each.value}:${ephemeral.aws_secretsmanager_random_password.role[each.key].random_password}@${aws_db_instance.this.address}:${aws_db_instance.this.port}/${var.database_name}?${var.url_parameters}"
  })
  secret_string_wo_version = var.credentials_version
}

