# shellcheck shell=bash
check-jsonschema --builtin-schema vendor.renovate renovate.json
