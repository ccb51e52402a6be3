# shellcheck shell=bash
# Sourced by .ci/window-smoke, .ci/recovery-smoke and .ci/scripts-smoke: a
# virtual display, the app's window on it, screenshots read with OCR, and waits
# with timeouts instead of fixed sleeps.
#
# The script sets, before calling anything here:
#   SMOKE  its name, for messages
#   WORK   a temporary folder (Xvfb's display number, logs of the app)
#   DEBUG  a folder under target/ where screenshots and their OCR text are kept
# and sets up `trap smoke_cleanup EXIT`.
#
# Coordinates are relative to the app's window: screenshots are of the window
# alone, and the mouse is moved with `xdotool mousemove --window`.

APP_PID=
WINDOW=
XVFB_PID=
SHOT=
# Log files printed when the test fails.
SMOKE_LOGS=()

smoke_fail() {
  echo "$SMOKE: FAILED: $*" >&2
  local log
  for log in "${SMOKE_LOGS[@]}"; do
    echo "--- $log" >&2
    cat "$log" >&2 || true
  done
  if [ -n "$SHOT" ]; then
    echo "$SMOKE: the last screenshot is $SHOT, its OCR text ${SHOT%.png}.txt" >&2
  fi
  echo "$SMOKE: screenshots and OCR text are kept in $DEBUG" >&2
  exit 1
}

smoke_cleanup() {
  if [ -n "$APP_PID" ]; then
    { kill -9 "$APP_PID" && wait "$APP_PID"; } 2>/dev/null || true
  fi
  if [ -n "$XVFB_PID" ]; then
    { kill "$XVFB_PID" && wait "$XVFB_PID"; } 2>/dev/null || true
  fi
  rm -rf "$WORK"
}

# wait_for SECONDS COMMAND...: runs COMMAND until it succeeds; returns 1 if it
# did not within SECONDS. Fails the test at once if the app died meanwhile.
wait_for() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@"; do
    if [ -n "$APP_PID" ] && ! kill -0 "$APP_PID" 2>/dev/null; then
      smoke_fail "the app exited while waiting for: $*"
    fi
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.25
  done
}

# Xvfb has written its display number, so it accepts connections.
xvfb_ready() {
  kill -0 "$XVFB_PID" 2>/dev/null || smoke_fail "Xvfb exited at start"
  grep -qsx '[0-9][0-9]*' "$WORK/display"
}

xvfb_answers() {
  xdpyinfo >/dev/null 2>&1
}

# Starts Xvfb on a free display (it writes the number to -displayfd once it
# accepts connections), exports DISPLAY and checks that the server answers.
# -noreset: by default the server resets when its last client leaves, as when
# the app is killed, and an app started at that moment finds no X server.
start_xvfb() {
  Xvfb -displayfd 3 -screen 0 1600x1000x24 -nolisten tcp -noreset \
    3>"$WORK/display" >"$WORK/xvfb.log" 2>&1 &
  XVFB_PID=$!
  SMOKE_LOGS+=("$WORK/xvfb.log")
  wait_for 20 xvfb_ready || smoke_fail "Xvfb did not take a display within 20 s"
  DISPLAY=":$(cat "$WORK/display")"
  export DISPLAY
  wait_for 10 xvfb_answers ||
    smoke_fail "Xvfb on $DISPLAY does not accept connections"
  echo "$SMOKE: Xvfb on $DISPLAY"
}

# Sets WINDOW to the app's window, once it has one.
app_window() {
  WINDOW=$(xdotool search --all --pid "$APP_PID" --name 'Triangulate' 2>/dev/null | head -n 1)
  [ -n "$WINDOW" ]
}

# start_app LOG PROJECT: starts the release binary on PROJECT, its stdout and
# stderr in LOG, and waits for its window (sets APP_PID and WINDOW).
start_app() {
  local log=$1 project=$2
  SMOKE_LOGS+=("$log")
  target/release/triangulate "$project" >"$log" 2>&1 &
  APP_PID=$!
  wait_for 30 app_window || smoke_fail "no Triangulate window appeared within 30 s"
  echo "$SMOKE: window $WINDOW of process $APP_PID"
  # Keep the pointer off the text: a claim's hover card would cover words.
  # (Without a window manager, keys go where the pointer is unless the
  # window has been given the focus: see press.)
  xdotool mousemove 1599 999
}

# Kills the app without letting it save or clean up anything.
kill_app() {
  { kill -9 "$APP_PID" && wait "$APP_PID"; } 2>/dev/null || true
  APP_PID=
  WINDOW=
}

title() {
  xdotool getwindowname "$WINDOW" 2>/dev/null
}

# Presses keys in the app. There is no window manager: the window is given the
# focus first (after a mouse click the focus may have moved), then the keys go
# through XTEST like a real keyboard's (`key --window` sends synthetic events,
# which the app ignores).
press() {
  xdotool windowfocus "$WINDOW" 2>/dev/null || true
  xdotool key "$@"
}

# shoot NAME: a screenshot of the window as $DEBUG/NAME.png, read by tesseract
# into $DEBUG/NAME.txt (text) and $DEBUG/NAME.tsv (word boxes, in the
# screenshot's pixels). The screenshot is scaled up 2x for OCR, so egui's small
# text reads better; word boxes are scaled back.
shoot() {
  SHOT=$DEBUG/$1.png
  import -window "$WINDOW" "$SHOT" 2>/dev/null || return 1
  convert "$SHOT" -colorspace Gray -resize 200% "$WORK/ocr.png"
  # One thread: on a busy two-core machine tesseract's threads only slow it down.
  OMP_THREAD_LIMIT=1 tesseract "$WORK/ocr.png" "$WORK/ocr" txt tsv >/dev/null 2>&1 || return 1
  cp "$WORK/ocr.txt" "${SHOT%.png}.txt"
  awk -F'\t' -v OFS='\t' 'NR == 1 { print; next }
    $1 == 5 { $7 = int($7 / 2); $8 = int($8 / 2); $9 = int(($9 + 1) / 2); $10 = int(($10 + 1) / 2) }
    { print }' "$WORK/ocr.tsv" >"${SHOT%.png}.tsv"
}

# snap NAME: a screenshot of the window as $DEBUG/NAME.png (sets SHOT), not
# read: for a test that reads parts of it (ocr_image) in other languages.
# `import` can hang when the window goes away under it (the app crashed): it is
# given 20 s, and wait_for then sees the app gone.
snap() {
  SHOT=$DEBUG/$1.png
  timeout 20 import -window "$WINDOW" "$SHOT" 2>/dev/null
}

# The reading panes of the image $1 (default: the last screenshot), one a line
# as "left top width height", left to right: the inside of each frame. A pane's
# frame is a pair of vertical lines over the middle half of the image, more than
# 100 px apart (a panel's separator sits 9 px from the nearest pane frame, and
# the claims table's column lines stop well before the middle half's bottom);
# its top and bottom are where its left line starts and ends.
pane_boxes() {
  local image=${1:-$SHOT} w h lines left right run top bottom
  read -r w h < <(identify -format '%w %h\n' "$image" | head -n 1) || return 1
  # Each column's share of "ink" (darker than the background) over the middle half.
  lines=$(convert "$image" -crop "${w}x$((h / 2))+0+$((h / 4))" +repage -colorspace Gray \
    -threshold 90% -negate -scale "${w}x1!" -depth 8 gray:- | od -An -tu1 -v -w1 |
    awk '$1 >= 243 { print NR - 1 }') || return 1
  # shellcheck disable=SC2086
  set -- $lines
  while [ "$#" -ge 2 ]; do
    left=$1 right=$2
    shift
    [ $((right - left)) -gt 100 ] || continue
    # The longest run of ink down the left line.
    run=$(convert "$image" -crop "1x$h+$left+0" +repage -colorspace Gray -threshold 90% -negate \
      -depth 8 gray:- | od -An -tu1 -v -w1 |
      awk '$1 > 127 { if (!n++) s = NR - 1; if (n > best) { best = n; top = s } next } { n = 0 }
        END { if (best) print top, top + best - 1 }') || return 1
    [ -n "$run" ] || continue
    read -r top bottom <<<"$run"
    echo "$((left + 1)) $top $((right - left - 1)) $((bottom - top + 1))"
  done
}

# ocr_image IMAGE LANG OUT: reads IMAGE with tesseract in LANG (ara, chi_sim...)
# into OUT.txt (text) and OUT.tsv (boxes of blocks, lines and words, in IMAGE's
# pixels). Scaled up 2x first, as in shoot.
ocr_image() {
  local image=$1 lang=$2 out=$3
  convert "$image" -colorspace Gray -resize 200% "$WORK/ocr-$lang.png" || return 1
  OMP_THREAD_LIMIT=1 tesseract "$WORK/ocr-$lang.png" "$WORK/ocr-$lang" -l "$lang" txt tsv \
    >/dev/null 2>&1 || return 1
  cp "$WORK/ocr-$lang.txt" "$out.txt"
  awk -F'\t' -v OFS='\t' 'NR > 1 { $7 = int($7 / 2); $8 = int($8 / 2); $9 = int(($9 + 1) / 2); $10 = int(($10 + 1) / 2) }
    { print }' "$WORK/ocr-$lang.tsv" >"$out.tsv"
}

# The words read in the last screenshot, one a line: lower case, letters and
# digits only (OCR keeps the quotes and commas around words).
ocr_words() {
  awk -F'\t' 'NR > 1 && $1 == 5 { w = tolower($12); gsub(/[^a-z0-9]/, "", w); if (w != "") print w }' \
    "${SHOT%.png}.tsv"
}

# ocr_count WORD...: how many of the WORDs (lower case) the last screenshot shows.
ocr_count() {
  local words n=0 w
  words=$(ocr_words)
  for w in "$@"; do
    grep -qx -- "$w" <<<"$words" && n=$((n + 1))
  done
  echo "$n"
}

# ocr_box FIRST SECOND: the box "left top width height" of the word FIRST where
# SECOND follows it on the same line of the last screenshot (lower case words,
# punctuation ignored); nothing if there is no such place.
ocr_box() {
  awk -F'\t' -v first="$1" -v second="$2" '
    NR > 1 && $1 == 5 {
      w = tolower($12); gsub(/[^a-z0-9]/, "", w)
      line = $3 " " $4 " " $5
      if (w == second && prev == first && line == prevline) { print box; exit }
      prev = w; prevline = line; box = $7 " " $8 " " $9 " " $10
    }' "${SHOT%.png}.tsv"
}

# The log lines that say something went wrong (the app is silent when all is well).
log_errors() {
  grep -i -E 'error|panic' "$@" || true
}
