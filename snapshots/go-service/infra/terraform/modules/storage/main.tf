# Two buckets:
#   logs    - target of ALB access logs and S3 server access logs. Both services deliver only to
#             SSE-S3 buckets, so this one uses AES256 instead of the KMS key.
#   backups - database dumps and other backups: versioned, SSE-KMS, lifecycle, access-logged
#             (modules/s3-bucket).
data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_elb_service_account" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
}

resource "aws_s3_bucket" "logs" {
  # checkov:skip=CKV_AWS_18:this is the access-log target bucket; logging it into itself would loop
  # checkov:skip=CKV_AWS_144:cross-region replication of access logs is optional (needs a second region)
  # checkov:skip=CKV_AWS_145:ALB access logs and S3 server access logs are only delivered to SSE-S3 (AES256) buckets
  # checkov:skip=CKV2_AWS_62:no consumer for event notifications on access logs
  bucket = "${var.name}-logs-${local.account_id}"
}

resource "aws_s3_bucket_ownership_controls" "logs" {
  bucket = aws_s3_bucket.logs.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "logs" {
  bucket                  = aws_s3_bucket.logs.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "logs" {
  bucket = aws_s3_bucket.logs.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "logs" {
  bucket = aws_s3_bucket.logs.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "logs" {
  bucket = aws_s3_bucket.logs.id

  rule {
    id     = "expire-access-logs"
    status = "Enabled"

    filter {}

    expiration {
      days = var.access_log_retention_days
    }

    noncurrent_version_expiration {
      noncurrent_days = 7
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }
}

resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = { AWS = "*" }
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.logs.arn, "${aws_s3_bucket.logs.arn}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
      {
        Sid       = "DenyTlsOlderThan12"
        Effect    = "Deny"
        Principal = { AWS = "*" }
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.logs.arn, "${aws_s3_bucket.logs.arn}/*"]
        Condition = { NumericLessThan = { "s3:TlsVersion" = "1.2" } }
      },
      {
        Sid       = "S3ServerAccessLogs"
        Effect    = "Allow"
        Principal = { Service = "logging.s3.amazonaws.com" }
        Action    = "s3:PutObject"
        Resource  = "${aws_s3_bucket.logs.arn}/s3/*"
        Condition = { StringEquals = { "aws:SourceAccount" = local.account_id } }
      },
      {
        Sid       = "AlbAccessLogsServicePrincipal"
        Effect    = "Allow"
        Principal = { Service = "logdelivery.elasticloadbalancing.amazonaws.com" }
        Action    = "s3:PutObject"
        Resource  = "${aws_s3_bucket.logs.arn}/alb/AWSLogs/${local.account_id}/*"
      },
      {
        # Regions older than August 2022 deliver ALB logs from a regional ELB account instead.
        Sid       = "AlbAccessLogsRegionalAccount"
        Effect    = "Allow"
        Principal = { AWS = data.aws_elb_service_account.current.arn }
        Action    = "s3:PutObject"
        Resource  = "${aws_s3_bucket.logs.arn}/alb/AWSLogs/${local.account_id}/*"
      },
    ]
  })

  depends_on = [aws_s3_bucket_public_access_block.logs]
}

module "backups" {
  source = "../s3-bucket"

  bucket      = "${var.name}-backups-${local.account_id}"
  kms_key_arn = var.kms_key_arn

  lifecycle_rule = {
    id              = "expire-backups"
    expiration_days = var.backup_retention_days
    noncurrent_days = var.noncurrent_version_retention_days
    # Infrequent Access bills at least 30 days per object: only worth it for long retention.
    transition_to_ia_days = var.backup_retention_days > 60 ? 30 : null
  }

  access_log = {
    bucket = aws_s3_bucket.logs.id
    prefix = "s3/backups/"
  }

  replication = var.replication == null ? null : {
    rule_id                   = "backups-to-dr-region"
    role_arn                  = one(aws_iam_role.replication[*].arn)
    destination_bucket_arn    = var.replication.destination_bucket_arn
    destination_kms_key_arn   = var.replication.destination_kms_key_arn
    destination_storage_class = var.replication.destination_storage_class
    replicate_delete_markers  = var.replication.replicate_delete_markers
  }
}

# Cross-region replication into the DR bucket (production; see the dr module): the role S3 assumes.
# The replication rule itself is on module.backups.
resource "aws_iam_role" "replication" {
  count = var.replication == null ? 0 : 1

  name = "${var.name}-backups-replication"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "s3.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = {
        StringEquals = { "aws:SourceAccount" = local.account_id }
      }
    }]
  })
}

resource "aws_iam_role_policy" "replication" {
  count = var.replication == null ? 0 : 1

  name = "replicate-backups"
  role = aws_iam_role.replication[0].id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:GetReplicationConfiguration", "s3:ListBucket"]
        Resource = [module.backups.arn]
      },
      {
        Effect   = "Allow"
        Action   = ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"]
        Resource = ["${module.backups.arn}/*"]
      },
      {
        Effect   = "Allow"
        Action   = ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"]
        Resource = ["${var.replication.destination_bucket_arn}/*"]
      },
      {
        Effect   = "Allow"
        Action   = ["kms:Decrypt"]
        Resource = [var.kms_key_arn]
      },
      {
        Effect   = "Allow"
        Action   = ["kms:Encrypt", "kms:GenerateDataKey"]
        Resource = [var.replication.destination_kms_key_arn]
      },
    ]
  })
}
