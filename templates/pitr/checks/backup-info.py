"""An object of the repository (argv: moto port, bucket, key) is encrypted, not pgBackRest's plain text."""
import sys, boto3
s3 = boto3.client("s3", endpoint_url=f"http://127.0.0.1:{sys.argv[1]}", region_name="us-east-1",
                  aws_access_key_id="reader", aws_secret_access_key="reader")
if b"backrest-format" in s3.get_object(Bucket=sys.argv[2], Key=sys.argv[3])["Body"].read():
    sys.exit(f"{sys.argv[3]} is readable in the bucket: the repository is not encrypted")
