#!/usr/bin/env bash
# Regenerates the TypeScript bindings from the Rust DTOs (ts-rs, `export_bindings_*` tests of
# trackmate-app) and fails when that changed anything: committed bindings must match the Rust.
set -euo pipefail
cd "$(dirname "$0")/.."

dir=ui/src/api/bindings
# Stale files of renamed or removed types must not survive the regeneration.
rm -f "$dir"/*.ts
# --workspace, as in the main test run: `-p trackmate-app` alone unifies features differently and
# rebuilds half the dependency tree a second time (that once filled the CI disk).
cargo test --workspace --lib --locked export_bindings -- --quiet

status=0
if ! git diff --exit-code --stat -- "$dir"; then
  echo "error: $dir is stale; commit the regenerated files" >&2
  status=1
fi
untracked=$(git ls-files --others --exclude-standard -- "$dir")
if [ -n "$untracked" ]; then
  echo "error: new binding files not committed:" >&2
  echo "$untracked" >&2
  status=1
fi
exit $status
