# shellcheck shell=bash
cat > "$SCRATCH/yamllint.yml" <<'CONF'
extends: default
rules:
  line-length: {max: 200}
  document-start: disable
  truthy: {check-keys: false}
  comments: {min-spaces-from-content: 1}
  indentation: {indent-sequences: whatever}
CONF
find . \( -name '*.yml' -o -name '*.yaml' \) -print0 | xargs -0 -r yamllint -s -c "$SCRATCH/yamllint.yml" -f parsable
