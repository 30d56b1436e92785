# State moves from the former inline bucket resources into modules/s3-bucket.
moved {
  from = aws_s3_bucket.backups
  to   = module.backups.aws_s3_bucket.this
}

moved {
  from = aws_s3_bucket_ownership_controls.backups
  to   = module.backups.aws_s3_bucket_ownership_controls.this
}

moved {
  from = aws_s3_bucket_public_access_block.backups
  to   = module.backups.aws_s3_bucket_public_access_block.this
}

moved {
  from = aws_s3_bucket_versioning.backups
  to   = module.backups.aws_s3_bucket_versioning.this
}

moved {
  from = aws_s3_bucket_server_side_encryption_configuration.backups
  to   = module.backups.aws_s3_bucket_server_side_encryption_configuration.this
}

moved {
  from = aws_s3_bucket_lifecycle_configuration.backups
  to   = module.backups.aws_s3_bucket_lifecycle_configuration.this
}

moved {
  from = aws_s3_bucket_policy.backups
  to   = module.backups.aws_s3_bucket_policy.this
}

moved {
  from = aws_s3_bucket_notification.backups
  to   = module.backups.aws_s3_bucket_notification.this[0]
}

moved {
  from = aws_s3_bucket_logging.backups
  to   = module.backups.aws_s3_bucket_logging.this[0]
}

moved {
  from = aws_s3_bucket_replication_configuration.backups[0]
  to   = module.backups.aws_s3_bucket_replication_configuration.this[0]
}
