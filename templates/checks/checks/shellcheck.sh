# shellcheck shell=bash
find . -name '*.sh' -print0 | xargs -0 -r shellcheck -S style
