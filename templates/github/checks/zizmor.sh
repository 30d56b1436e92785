# shellcheck shell=bash
zizmor --offline .github
