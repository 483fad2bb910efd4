#!/usr/bin/env bash
# Runs a command in the oldest supported runtime combination (scripts/matrix.json "oldest": Node.js, the oldest
# @pulumi/pulumi in peerDependencies, and the Pulumi CLI of that release):
#
#   scripts/oldest.sh <command> [args...]      e.g. scripts/oldest.sh node node_modules/jest/bin/jest.js tests/protocol
#
# The command runs in .matrix/oldest/repo (gitignored): a copy of this checkout's files and built dist/, whose
# node_modules links every package of the checkout except @pulumi/pulumi, which is the old release installed
# from scripts/oldest/package-lock.json into .matrix/oldest-sdk. So the tests, the example programs, the
# dynamic-provider host and the SDK all load the old @pulumi/pulumi, exactly once. Run `npm run build` first.
set -euo pipefail

log() { printf '[oldest] %s\n' "$*" >&2; }
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ $# -ge 1 ] || {
  echo "usage: $0 <command> [args...]" >&2
  exit 2
}
[ -f "$REPO_ROOT/dist/sdk/index.js" ] || {
  log "error: $REPO_ROOT/dist not built: run 'npm run build' first"
  exit 1
}
matrix() { node -p "require('$REPO_ROOT/scripts/matrix.json').oldest.$1"; }
SDK_VERSION="$(matrix sdk)"
CLI_VERSION="$(matrix cli)"
MATRIX_DIR="$REPO_ROOT/.matrix"
SDK_ROOT="$MATRIX_DIR/oldest-sdk"
COPY="$MATRIX_DIR/oldest/repo"

# 1. The old @pulumi/pulumi, from its own lockfile.
installed_sdk="$(node -p "require('$SDK_ROOT/node_modules/@pulumi/pulumi/package.json').version" 2>/dev/null || true)"
if [ "$installed_sdk" != "$SDK_VERSION" ] || ! cmp -s "$REPO_ROOT/scripts/oldest/package-lock.json" "$SDK_ROOT/package-lock.json"; then
  log "installing @pulumi/pulumi@$SDK_VERSION into $SDK_ROOT"
  rm -rf "$SDK_ROOT" && mkdir -p "$SDK_ROOT"
  cp "$REPO_ROOT/scripts/oldest/package.json" "$REPO_ROOT/scripts/oldest/package-lock.json" "$SDK_ROOT/"
  (cd "$SDK_ROOT" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi
installed_sdk="$(node -p "require('$SDK_ROOT/node_modules/@pulumi/pulumi/package.json').version")"
[ "$installed_sdk" = "$SDK_VERSION" ] || {
  log "error: scripts/oldest/package-lock.json installs @pulumi/pulumi $installed_sdk, matrix.json says $SDK_VERSION"
  exit 1
}

# 2. Its Pulumi CLI (cached under .pulumi-cli/<version>), with that SDK's plugin scripts.
BIN_LINE="$(PULUMI_SDK_DIR="$SDK_ROOT/node_modules/@pulumi/pulumi" bash "$REPO_ROOT/scripts/install-pulumi.sh" "$CLI_VERSION" | tail -n 1)"
export PULUMI_BIN_DIR="${BIN_LINE#PULUMI_BIN_DIR=}"

# 3. A fresh copy of the checkout's files (tracked and untracked, not ignored) and dist/.
rm -rf "$COPY" && mkdir -p "$COPY"
(cd "$REPO_ROOT" && git ls-files -z --cached --others --exclude-standard | xargs -0 -I{} sh -c '[ -e "$1" ] && printf "%s\0" "$1"' _ {} |
  tar --null -T - -cf -) | tar -xf - -C "$COPY"
cp -a "$REPO_ROOT/dist" "$COPY/dist"

# 4. node_modules: links to the checkout's packages, @pulumi/pulumi replaced by the old one.
mkdir -p "$COPY/node_modules/@pulumi"
for entry in "$REPO_ROOT"/node_modules/* "$REPO_ROOT"/node_modules/.bin; do
  name="$(basename "$entry")"
  case "$name" in
    @pulumi) for scoped in "$entry"/*; do
      [ "$(basename "$scoped")" = pulumi ] || ln -s "$scoped" "$COPY/node_modules/@pulumi/"
    done ;;
    pulumi-qlik) ;; # the copy's own self-link, below
    *) ln -s "$entry" "$COPY/node_modules/$name" ;;
  esac
done
ln -s "$SDK_ROOT/node_modules/@pulumi/pulumi" "$COPY/node_modules/@pulumi/pulumi"
node "$COPY/scripts/link-self.js"

log "Node $(bash "$REPO_ROOT/scripts/with-node.sh" oldest node --version), @pulumi/pulumi $SDK_VERSION, Pulumi CLI $CLI_VERSION ($PULUMI_BIN_DIR)"
cd "$COPY"
exec bash "$REPO_ROOT/scripts/with-node.sh" oldest "$@"
