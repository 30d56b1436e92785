# shellcheck shell=bash
find . -name Dockerfile -printf '-f\0%p\0' | BC_SKIP_MAPPING=TRUE xargs -0 checkov --framework dockerfile --skip-download --quiet --compact
