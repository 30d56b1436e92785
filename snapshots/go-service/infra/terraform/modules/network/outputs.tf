output "vpc_id" {
  description = "ID of the VPC."
  value       = aws_vpc.this.id
}

output "vpc_cidr_block" {
  description = "IPv4 CIDR of the VPC."
  value       = aws_vpc.this.cidr_block
}

output "public_subnet_ids" {
  description = "Public subnets (ALB and NAT gateways only)."
  value       = aws_subnet.public[*].id
}

output "private_subnet_ids" {
  description = "Private application subnets (ECS tasks)."
  value       = aws_subnet.private[*].id
}

output "database_subnet_ids" {
  description = "Database subnets without an internet route (RDS, ElastiCache)."
  value       = aws_subnet.database[*].id
}

output "nat_public_ips" {
  description = "Public IPs of the NAT gateways (the egress addresses to allow-list at third parties)."
  value       = aws_eip.nat[*].public_ip
}
