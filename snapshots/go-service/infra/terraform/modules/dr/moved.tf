# State moves from the former inline bucket resources into modules/s3-bucket.
moved {
  from = aws_s3_bucket.replica
  to   = module.replica.aws_s3_bucket.this
}

moved {
  from = aws_s3_bucket_ownership_controls.replica
  to   = module.replica.aws_s3_bucket_ownership_controls.this
}

moved {
  from = aws_s3_bucket_public_access_block.replica
  to   = module.replica.aws_s3_bucket_public_access_block.this
}

moved {
  from = aws_s3_bucket_versioning.replica
  to   = module.replica.aws_s3_bucket_versioning.this
}

moved {
  from = aws_s3_bucket_server_side_encryption_configuration.replica
  to   = module.replica.aws_s3_bucket_server_side_encryption_configuration.this
}

moved {
  from = aws_s3_bucket_lifecycle_configuration.replica
  to   = module.replica.aws_s3_bucket_lifecycle_configuration.this
}

moved {
  from = aws_s3_bucket_policy.replica
  to   = module.replica.aws_s3_bucket_policy.this
}

moved {
  from = aws_s3_bucket_notification.replica
  to   = module.replica.aws_s3_bucket_notification.this[0]
}
