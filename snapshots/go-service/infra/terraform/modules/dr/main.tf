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

resource "aws_s3_bucket" "replica" {
  # checkov:skip=CKV_AWS_144:this bucket is the cross-region replication destination
  # checkov:skip=CKV_AWS_18:written only by S3 replication; reads are rare restores (enable logging to a DR-region log bucket if required)
  bucket = "${var.name}-backups-dr-${local.account_id}"
}

resource "aws_s3_bucket_ownership_controls" "replica" {
  bucket = aws_s3_bucket.replica.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "replica" {
  bucket                  = aws_s3_bucket.replica.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "replica" {
  bucket = aws_s3_bucket.replica.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "replica" {
  bucket = aws_s3_bucket.replica.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.this.arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "replica" {
  bucket = aws_s3_bucket.replica.id

  rule {
    id     = "expire-replicated-backups"
    status = "Enabled"

    filter {}

    expiration {
      days = var.backup_retention_days
    }

    noncurrent_version_expiration {
      noncurrent_days = 30
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }
}

resource "aws_s3_bucket_notification" "replica" {
  bucket      = aws_s3_bucket.replica.id
  eventbridge = true
}

resource "aws_s3_bucket_policy" "replica" {
  bucket = aws_s3_bucket.replica.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = { AWS = "*" }
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.replica.arn, "${aws_s3_bucket.replica.arn}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
      {
        Sid       = "DenyTlsOlderThan12"
        Effect    = "Deny"
        Principal = { AWS = "*" }
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.replica.arn, "${aws_s3_bucket.replica.arn}/*"]
        Condition = { NumericLessThan = { "s3:TlsVersion" = "1.2" } }
      },
    ]
  })

  depends_on = [aws_s3_bucket_public_access_block.replica]
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
