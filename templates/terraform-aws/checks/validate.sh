# shellcheck shell=bash
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
# the dev image ships an offline mirror of hashicorp/aws 5.100.0 and a CLI config for it
if [ -f /opt/infra-validators/terraformrc ]; then export TF_CLI_CONFIG_FILE=/opt/infra-validators/terraformrc; fi
for d in bootstrap envs/staging envs/production; do
  terraform -chdir="infra/terraform/$d" init -backend=false -input=false -no-color >/dev/null
  terraform -chdir="infra/terraform/$d" validate -no-color
done
