#!/usr/bin/env bash
# Cold start to first frame of the sample project, under Xvfb (see BENCHMARKS.md).
#
# Launches target/release/triangulate a few times on a virtual display and reports,
# for each launch, when its window was mapped (xdotool) and when the app had drawn
# its first frame (it says so on stderr when TRIANGULATE_LOG_FIRST_FRAME is set).
# Needs: xvfb, xdotool (apt-get install -y xvfb xdotool), and `cargo build --release`.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=target/release/triangulate
runs=${RUNS:-5}
display=${DISPLAY_NUMBER:-:97}
[ -x "$bin" ] || { echo "build it first: cargo build --release" >&2; exit 2; }

Xvfb "$display" -screen 0 1600x1000x24 >/dev/null 2>&1 &
xvfb=$!
app=
log=$(mktemp)
trap 'kill $app $xvfb 2>/dev/null || true; rm -f "$log"' EXIT
sleep 1

now_ms() { date +%s%3N; }

for run in $(seq "$runs"); do
  : > "$log"
  start=$(now_ms)
  DISPLAY=$display TRIANGULATE_LOG_FIRST_FRAME=1 "$bin" 2> "$log" &
  app=$!
  # Polled here: `xdotool search --sync` looks only every half second.
  mapped=
  for _ in $(seq 2000); do
    if DISPLAY=$display xdotool search --onlyvisible --name Triangulate >/dev/null 2>&1; then
      mapped=$(now_ms)
      break
    fi
    sleep 0.005
  done
  [ -n "$mapped" ] || { echo "run $run: no window appeared" >&2; exit 1; }
  first=
  for _ in $(seq 400); do
    first=$(sed -n 's/^first frame drawn at unix ms \([0-9]*\)$/\1/p' "$log" | head -1)
    [ -n "$first" ] && break
    sleep 0.05
  done
  kill "$app" 2>/dev/null || true
  wait "$app" 2>/dev/null || true
  app=
  if [ -z "$first" ]; then
    echo "run $run: window mapped after $((mapped - start)) ms; no first frame reported" >&2
    exit 1
  fi
  echo "run $run: window mapped after $((mapped - start)) ms, first frame drawn after $((first - start)) ms"
done
