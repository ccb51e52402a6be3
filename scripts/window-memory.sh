#!/usr/bin/env bash
# Peak memory of the real window with a project open (see BENCHMARKS.md): the
# release binary under Xvfb, drawing with Mesa's software OpenGL (llvmpipe), so
# the figure includes the GL context, the font atlas and the textures that the
# headless `cargo bench --bench frames` does not have.
#
# Reads the process's VmHWM (peak resident memory) from /proc once the title names
# the project, then again after scrolling the panes for a while.
# Needs: xvfb, x11-utils, xdotool (apt-get install -y xvfb x11-utils xdotool),
# `cargo build --release`, and the project (default: the stress project that
# `cargo bench --bench core` writes to target/bench-stress.ron).
set -euo pipefail
cd "$(dirname "$0")/.."

bin=target/release/triangulate
project=${1:-target/bench-stress.ron}
display=${DISPLAY_NUMBER:-:95}
[ -x "$bin" ] || { echo "build it first: cargo build --release" >&2; exit 2; }
[ -f "$project" ] || {
  echo "no $project: run \`cargo bench --bench core\` once, or name a project file" >&2
  exit 2
}

Xvfb "$display" -screen 0 1600x1000x24 >/dev/null 2>&1 &
xvfb=$!
app=
work=$(mktemp -d)
trap 'kill $app $xvfb 2>/dev/null || true; rm -rf "$work"' EXIT
export DISPLAY=$display XDG_DATA_HOME=$work/data XDG_CONFIG_HOME=$work/config
for _ in $(seq 100); do
  xdpyinfo >/dev/null 2>&1 && break
  sleep 0.1
done
xdpyinfo >/dev/null 2>&1 || { echo "Xvfb did not start on $display" >&2; exit 1; }

# A copy: the window must never change the measured file.
cp "$project" "$work/project.ron"
"$bin" "$work/project.ron" >"$work/app.log" 2>&1 &
app=$!
started=$(date +%s%3N)

peak() { sed -n 's/^VmHWM:[[:space:]]*//p' "/proc/$app/status"; }
rss() { sed -n 's/^VmRSS:[[:space:]]*//p' "/proc/$app/status"; }

window=
for _ in $(seq 600); do
  window=$(xdotool search --name 'Triangulate' 2>/dev/null | head -n 1 || true)
  if [ -n "$window" ]; then
    case "$(xdotool getwindowname "$window")" in
      *Untitled* | Triangulate) ;;
      *) break ;;
    esac
  fi
  kill -0 "$app" 2>/dev/null || { echo "the app exited:" >&2; cat "$work/app.log" >&2; exit 1; }
  sleep 0.05
done
[ -n "$window" ] || { echo "no window within 30 s" >&2; exit 1; }
shown=$(date +%s%3N)
echo "title “$(xdotool getwindowname "$window")” after $((shown - started)) ms"
sleep 2
echo "with the project shown: VmHWM $(peak), VmRSS $(rss)"

# Scroll each of the two panes down and up a little, like reading.
for x in 400 700; do
  xdotool mousemove --window "$window" "$x" 500
  for _ in $(seq 40); do xdotool click 5; done
  for _ in $(seq 10); do xdotool click 4; done
done
sleep 2
echo "after scrolling both panes: VmHWM $(peak), VmRSS $(rss)"
