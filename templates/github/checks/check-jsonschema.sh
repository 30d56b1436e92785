# shellcheck shell=bash
check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml
if [ -f .github/dependabot.yml ]; then check-jsonschema --builtin-schema vendor.dependabot .github/dependabot.yml; fi
