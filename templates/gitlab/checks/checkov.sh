# shellcheck shell=bash
BC_SKIP_MAPPING=TRUE checkov -d . --framework gitlab_ci --skip-download --quiet --compact
