# shellcheck shell=bash
# The default rule set, except MD013 (line length): tables and commands are long.
printf '{"default": true, "MD013": false}\n' > "$SCRATCH/markdownlint.json"
markdownlint --config "$SCRATCH/markdownlint.json" docs/runbooks/*.md
