#!/usr/bin/env bash
# Build figures for one commit, measured on a fresh clone with an empty target directory:
#   - clean `cargo xtask test` wall time (build and run every test),
#   - test binaries linked and run (integration tests, unit-test harnesses, doc-test harnesses),
#     and how many of them ran no test at all,
#   - the size of target/ afterwards,
#   - build money_transfer's tests on their own (`cargo test -p`: that sample's feature set, so
#     the SDK is compiled once more), then edit one of its workflows and rerun its tests: wall
#     time of each.
#
# Usage: bench/build-figures.sh [REV] [extra `cargo test` arguments, e.g. --exclude saga]
#
# Like for like with an older commit: KEEP_SAMPLES="money_transfer timers ..." keeps only those
# sample directories in the clone (the workspace finds samples by directory), so the build is the
# same set of samples as the older commit's. xtask's own tests check the README index and the
# interop client against every sample, so they are left out of such a run (`--exclude xtask`).
# Needs the `temporal` CLI on PATH. Prints a Markdown table row at the end. Nothing else may be
# building on the machine while it runs, or the times mean little.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
rev="${1:-HEAD}"
shift || true
work="$(mktemp -d /tmp/build-figures.XXXXXX)"
log="$work/test.log"
cleanup() {
    [ -n "${server_pid:-}" ] && kill "$server_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

git clone -q "$repo" "$work/src"
git -C "$work/src" checkout -q "$rev"
if [ -n "${KEEP_SAMPLES:-}" ]; then
    for dir in "$work/src"/samples/*/; do
        name=$(basename "$dir")
        case " $KEEP_SAMPLES " in *" $name "*) ;; *) rm -rf "$dir" ;; esac
    done
    set -- --exclude xtask "$@"
    echo "kept $(ls "$work/src/samples" | wc -l) samples: $KEEP_SAMPLES" >&2
fi
echo "measuring $(git -C "$work/src" log --oneline -1) in $work/src" >&2

# One dev server for both runs, so its start-up is not part of either figure.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
ui=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
temporal server start-dev --headless --port "$port" --ui-port "$ui" --log-level error >/dev/null 2>&1 &
server_pid=$!
for _ in $(seq 1 60); do
    temporal operator cluster health --address "127.0.0.1:$port" >/dev/null 2>&1 && break
    sleep 1
done
export TEMPORAL_ADDRESS="127.0.0.1:$port"
unset CARGO_TARGET_DIR

cd "$work/src"
start=$(date +%s)
cargo xtask test "$@" >"$log" 2>&1 || { tail -40 "$log" >&2; echo "cargo xtask test failed" >&2; exit 1; }
test_secs=$(( $(date +%s) - start ))
binaries=$(grep -cE '^ +(Running|Doc-tests) ' "$log" || true)
empty=$(grep -c '^running 0 tests' "$log" || true)
size=$(du -sb target | cut -f1)

# The first `cargo test -p money_transfer` after the workspace-wide build compiles the SDK again:
# features are resolved per command, and one sample's feature set is not the workspace's union.
# Timed on its own, then the edit loop proper.
start=$(date +%s)
cargo test -p money_transfer --no-run >"$work/switch.log" 2>&1 || { tail -40 "$work/switch.log" >&2; exit 1; }
switch_secs=$(( $(date +%s) - start ))

echo "// an edit" >>samples/money_transfer/src/workflows.rs
start=$(date +%s)
cargo test -p money_transfer >"$work/edit.log" 2>&1 || { tail -40 "$work/edit.log" >&2; exit 1; }
edit_secs=$(( $(date +%s) - start ))

samples=$(ls -d samples/*/ | wc -l)
printf '| %s | %s | %s s | %s (%s run no test) | %.2f GB | %s s (first build for the sample alone: %s s) |\n' \
    "$(git log --format=%h -1)" "$samples" "$test_secs" "$binaries" "$empty" \
    "$(echo "$size / 1000000000" | bc -l)" "$edit_secs" "$switch_secs"
