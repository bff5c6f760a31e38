#!/usr/bin/env bash
# Lints the public API with buf (rules and their documented exceptions in buf.yaml at the root).
# buf comes from the npm registry through npx, so this needs node/npm and network on first use;
# ctest does not depend on it.
#
#   scripts/lint-proto.sh                    # buf lint
#   scripts/lint-proto.sh --against main     # and buf breaking against that git branch
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
command -v npx >/dev/null || { echo "npx not found: apt-get install npm" >&2; exit 1; }
buf=(npx --yes @bufbuild/buf@1.75.0)

"${buf[@]}" lint
echo "buf lint: ok"
if [ "${1:-}" = "--against" ]; then
  branch="${2:?--against needs a git branch}"
  # subdir: the proto root, since older commits have no buf.yaml saying where it is.
  "${buf[@]}" breaking --against ".git#branch=$branch,subdir=proto"
  echo "buf breaking against $branch: ok"
fi
