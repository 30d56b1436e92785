# shellcheck shell=bash
export BC_SKIP_MAPPING=TRUE
for d in bootstrap envs/staging envs/production; do
  checkov -d "infra/terraform/$d" --framework terraform --skip-download --quiet --compact
done
