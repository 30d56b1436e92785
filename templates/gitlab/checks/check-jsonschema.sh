# shellcheck shell=bash
check-jsonschema --builtin-schema vendor.gitlab-ci .gitlab-ci.yml
