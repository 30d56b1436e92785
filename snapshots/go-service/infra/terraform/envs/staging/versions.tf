terraform {
  required_version = ">= 1.11"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100, < 7.0"
    }
  }

  # Partial configuration: bucket, region and kms_key_id come from backend.hcl (see
  # backend.hcl.example and the bootstrap outputs): terraform init -backend-config=backend.hcl
  # Locking uses an S3 lock file (conditional writes); no DynamoDB table.
  backend "s3" {
    key          = "ledger/staging/terraform.tfstate"
    use_lockfile = true
    encrypt      = true
  }
}
