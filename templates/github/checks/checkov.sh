# shellcheck shell=bash
BC_SKIP_MAPPING=TRUE checkov -d . --framework github_actions --skip-download --quiet --compact
