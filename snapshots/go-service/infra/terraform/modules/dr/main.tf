# Disaster recovery copies in a second region (this module runs with the DR-region provider):
# a KMS key, the replica bucket that receives the backups bucket's objects through S3 replication,
# and (with Postgres) a replica of the RDS automated backups for point-in-time restores there.
data "aws_caller_identity" "current" {}
data "aws_region" "current" {}
data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
}

resource "aws_kms_key" "this" {
  description             = "${var.name}: disaster-recovery copies in ${data.aws_region.current.name}"
  enable_key_rotation     = true
  rotation_period_in_days = 365
  deletion_window_in_days = 30

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AccountAdministersKeyThroughIam"
      Effect    = "Allow"
      Principal = { AWS = "arn:${local.partition}:iam::${local.account_id}:root" }
      Action    = "kms:*"
      Resource  = "*"
    }]
  })
}

resource "aws_kms_alias" "this" {
  name          = "alias/${var.name}-dr"
  target_key_id = aws_kms_key.this.key_id
}

# The cross-region replication destination (it is not itself replicated), written only by S3
# replication; reads are rare restores, so no access logging (add a DR-region log bucket and
# `access_log` if required). Formerly checkov:skip CKV_AWS_144/CKV_AWS_18 on the inline bucket;
# checkov now evaluates the module's optional replication/logging resources regardless of count.
module "replica" {
  source = "../s3-bucket"

  bucket      = "${var.name}-backups-dr-${local.account_id}"
  kms_key_arn = aws_kms_key.this.arn

  lifecycle_rule = {
    id              = "expire-replicated-backups"
    expiration_days = var.backup_retention_days
    noncurrent_days = 30
  }
}

resource "aws_db_instance_automated_backups_replication" "this" {
  count = var.replicate_db_backups ? 1 : 0

  source_db_instance_arn = var.source_db_instance_arn
  kms_key_id             = aws_kms_key.this.arn
  retention_period       = var.db_backup_retention_days

  lifecycle {
    precondition {
      condition     = var.source_db_instance_arn != null
      error_message = "replicate_db_backups needs source_db_instance_arn."
    }
  }
}
