# shellcheck shell=bash
actionlint .github/workflows/*.yml
