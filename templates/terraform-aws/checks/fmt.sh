# shellcheck shell=bash
if [ -f /opt/infra-validators/terraformrc ]; then export TF_CLI_CONFIG_FILE=/opt/infra-validators/terraformrc; fi
CHECKPOINT_DISABLE=1 terraform fmt -check -recursive -diff infra/terraform
