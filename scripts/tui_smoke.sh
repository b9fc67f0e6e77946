#!/usr/bin/env bash
# Smoke test of the real `bitext review` in tmux: start it on a temp copy of a workspace, press keys, read the pane.
# Usage: scripts/tui_smoke.sh [WORKSPACE]   (default: builds one from seed 003 with the CLI; needs tmux)
# BITEXT_REVIEW overrides the command (default: .venv/bin/bitext review).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v tmux >/dev/null || { echo "tmux not installed" >&2; exit 77; }

tmp=$(mktemp -d)
session="bitext-smoke-$$"
trap 'tmux kill-session -t "$session" 2>/dev/null || true; rm -rf "$tmp"' EXIT
export BITEXT_WORKSPACE="$tmp/ws.sqlite"
if [[ $# -ge 1 ]]; then
    cp "$1" "$BITEXT_WORKSPACE"
else
    .venv/bin/bitext ingest seeds/zh/003_*.txt >/dev/null
    .venv/bin/bitext align >/dev/null
    .venv/bin/bitext check >/dev/null || true
fi
review=${BITEXT_REVIEW:-.venv/bin/bitext review}

wait_for() {  # wait_for TEXT SECONDS: poll the pane until TEXT shows up
    local deadline=$((SECONDS + $2))
    while ((SECONDS < deadline)); do
        tmux capture-pane -p -t "$session" >"$tmp/pane.txt"
        grep -qF -- "$1" "$tmp/pane.txt" && return 0
        sleep 0.3
    done
    echo "FAIL: '$1' not on screen; pane was:" >&2
    cat "$tmp/pane.txt" >&2
    return 1
}

tmux new-session -d -s "$session" -x 120 -y 36 "BITEXT_WORKSPACE=$BITEXT_WORKSPACE $review 003"
wait_for "003_57d5462bacd2de91" 60
wait_for "中文" 30
tmux send-keys -t "$session" a
wait_for "[accepted]" 30
# Under load a key can land while the previous action still repaints: press again rather than fail.
for attempt in 1 2 3; do
    tmux send-keys -t "$session" "?"
    wait_for "review.next_pair" 15 2>/dev/null && break
    [[ $attempt == 3 ]] && { wait_for "review.next_pair" 1; exit 1; }
done
tmux send-keys -t "$session" Escape
sleep 0.5  # a key straight after Escape would arrive as alt+key
tmux send-keys -t "$session" R
wait_for "Post-edit distance" 30
tmux send-keys -t "$session" q
sleep 1
decisions=$(sqlite3 "$BITEXT_WORKSPACE" "SELECT count(*) FROM decisions WHERE kind='accept'" 2>/dev/null \
    || .venv/bin/python -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT count(*) FROM decisions WHERE kind='accept'\").fetchone()[0])" "$BITEXT_WORKSPACE")
[[ "$decisions" == 1 ]] || { echo "FAIL: expected 1 accept decision, found $decisions" >&2; exit 1; }
echo "tui smoke: ok"
