# Bootstrap runs once per AWS account with local state (the bucket it creates cannot hold its own
# state before it exists). Keep terraform.tfstate out of git; optionally migrate it into the new
# bucket afterwards with a backend "s3" block and `terraform init -migrate-state`.
terraform {
  required_version = ">= 1.11"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100, < 7.0"
    }
  }
}

provider "aws" {
  region              = var.region
  allowed_account_ids = [var.aws_account_id]

  default_tags {
    tags = {
      Project   = var.project
      Component = "terraform-state"
      ManagedBy = "terraform"
    }
  }
}
