#!/usr/bin/env bash
# smoke.sh BINARY
#
# Smoke test of the real Konbit binary in a real X11 window:
#   1. start a private Xvfb on a free display (1280x800x24),
#   2. fill a fresh data dir with `BINARY demo --weeks SMOKE_DEMO_WEEKS` (the
#      sample organisation and five years of its meetings by default), then
#      start `BINARY --data <that dir>` with LANG=en_US.UTF-8,
#   3. wait (up to SMOKE_WINDOW_TIMEOUT s) for a visible window named *Konbit*,
#   4. screenshot the screen to build/smoke.png and check that the window
#      area is not blank (standard deviation > SMOKE_MIN_STDDEV),
#      then show the Meetings screen (ctrl+1), screenshot it to
#      build/smoke-meetings.png and read the process's resident memory: its
#      own (anonymous: heap, stacks, the GL driver's buffers) must stay under
#      SMOKE_MAX_RSS_MB (150); the file-backed part (the binary, the shared
#      libraries, Mesa's software renderer under Xvfb, the mapped database)
#      is shown beside it; then the Evaluations screen (ctrl+3) and its
#      screenshot build/smoke-evaluations.png,
#   5. press ctrl+q (fallback: xdotool windowclose) and require the app to
#      exit by itself with status 0 within SMOKE_EXIT_TIMEOUT s.
# Ends with exactly one line "smoke: 1 passed, 0 failed" (exit 0) or
# "smoke: 0 passed, 1 failed" (exit 1, after printing the app's log).
#
# Needs: Xvfb xdotool import convert (scripts/install-deps.sh test).
# Logs and screenshot are kept in SMOKE_OUT_DIR (default: build/).
set -uo pipefail

WINDOW_TIMEOUT="${SMOKE_WINDOW_TIMEOUT:-60}" # s to wait for the window
PAINT_WAIT="${SMOKE_PAINT_WAIT:-2}"          # s to let it paint before the screenshot
PAINT_TIMEOUT="${SMOKE_PAINT_TIMEOUT:-15}"   # s to keep retrying a blank screenshot
EXIT_TIMEOUT="${SMOKE_EXIT_TIMEOUT:-10}"     # s (integer) to wait for the app to exit
MIN_STDDEV="${SMOKE_MIN_STDDEV:-0.01}"       # below this the window counts as blank
OUT_DIR="${SMOKE_OUT_DIR:-build}"
WINDOW_NAME="${SMOKE_WINDOW_NAME:-Konbit}"
DEMO_WEEKS="${SMOKE_DEMO_WEEKS:-260}"          # weeks of sample meetings (0: empty database)
MAX_RSS_MB="${SMOKE_MAX_RSS_MB:-150}"          # peak resident memory allowed

if [ $# -ne 1 ] || [ "${1:-}" = -h ] || [ "${1:-}" = --help ]; then
  sed -n '2,17s/^# \{0,1\}//p' "$0" >&2
  exit 2
fi
bin="$1"
case "$bin" in */*) ;; *) bin="./$bin" ;; esac

say() { echo "smoke: $*"; }

tmp=""
xvfb_pid=""
app_pid=""
app_out=""
app_err=""

cleanup() {
  if [ -n "$app_pid" ] && kill -0 "$app_pid" 2>/dev/null; then
    kill -KILL "$app_pid" 2>/dev/null
    wait "$app_pid" 2>/dev/null
  fi
  if [ -n "$xvfb_pid" ] && kill -0 "$xvfb_pid" 2>/dev/null; then
    kill -TERM "$xvfb_pid" 2>/dev/null
    wait "$xvfb_pid" 2>/dev/null
  fi
  [ -n "$tmp" ] && rm -rf "$tmp"
}
trap cleanup EXIT
trap 'echo "smoke: interrupted" >&2; exit 130' INT TERM

print_log() { # file label
  [ -n "$1" ] && [ -s "$1" ] || return 0
  local n
  n=$(wc -l <"$1")
  echo "----- $2 ($1, $n lines$([ "$n" -gt 200 ] && echo ", last 200")) -----" >&2
  tail -n 200 "$1" >&2
  echo "----- end of $2 -----" >&2
}

fail() {
  echo "smoke: FAIL: $*" >&2
  if [ -n "$app_err" ]; then
    print_log "$app_err" "app stderr"
    print_log "$app_out" "app stdout"
  fi
  echo "smoke: 0 passed, 1 failed"
  exit 1
}

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }
app_running() { kill -0 "$app_pid" 2>/dev/null; }

# Waits up to $1 seconds for the app to exit; returns 0 if it did.
wait_exit() {
  local deadline
  deadline=$(awk -v t="$1" -v n="$(now)" 'BEGIN { printf "%.3f", n + t }')
  while app_running; do
    awk -v d="$deadline" -v n="$(now)" 'BEGIN { exit !(n >= d) }' && return 1
    sleep 0.2
  done
  return 0
}

# ------------------------------------------------------------------ checks --
if ! [ -f "$bin" ] || ! [ -x "$bin" ]; then
  fail "binary '$bin' not found or not executable (run 'make build')"
fi
missing=()
for c in Xvfb xdotool import convert; do
  command -v "$c" >/dev/null 2>&1 || missing+=("$c")
done
[ ${#missing[@]} -eq 0 ] || fail "missing tool(s): ${missing[*]} (run 'scripts/install-deps.sh test')"

mkdir -p "$OUT_DIR" || fail "cannot create $OUT_DIR"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/konbit-smoke.XXXXXX")" || fail "mktemp failed"
data="$tmp/data"
mkdir -p "$data" "$tmp/config" "$tmp/cache" "$tmp/share"
mkdir -m 700 "$tmp/runtime"
shot="$OUT_DIR/smoke.png"
app_out="$OUT_DIR/smoke-app.stdout.log"
app_err="$OUT_DIR/smoke-app.stderr.log"
xvfb_log="$OUT_DIR/smoke-xvfb.log"
rm -f "$shot" "$app_out" "$app_err" "$xvfb_log"
t0=$(now)

# -------------------------------------------------------------------- Xvfb --
display_ready() {
  if command -v xdpyinfo >/dev/null 2>&1; then
    xdpyinfo -display "$1" >/dev/null 2>&1
  else
    DISPLAY="$1" xdotool getdisplaygeometry >/dev/null 2>&1
  fi
}

display=""
for n in $(seq 99 160); do
  [ -e "/tmp/.X$n-lock" ] || [ -e "/tmp/.X11-unix/X$n" ] && continue
  Xvfb ":$n" -screen 0 1280x800x24 -nolisten tcp -noreset >>"$xvfb_log" 2>&1 &
  xvfb_pid=$!
  for _ in $(seq 1 100); do # up to 10 s
    if ! kill -0 "$xvfb_pid" 2>/dev/null; then break; fi
    if display_ready ":$n"; then display=":$n"; break; fi
    sleep 0.1
  done
  [ -n "$display" ] && break
  # Lost a race for this display number (or Xvfb is broken): try the next.
  kill -TERM "$xvfb_pid" 2>/dev/null
  wait "$xvfb_pid" 2>/dev/null
  xvfb_pid=""
done
if [ -z "$display" ]; then
  print_log "$xvfb_log" "Xvfb log"
  fail "could not start Xvfb on any display :99..:160"
fi
export DISPLAY="$display"
unset WAYLAND_DISPLAY
say "Xvfb running on $DISPLAY (1280x800x24, pid $xvfb_pid)"

# -------------------------------------------------------------------- data --
if [ "$DEMO_WEEKS" -gt 0 ]; then
  "$bin" --data "$data" demo --weeks "$DEMO_WEEKS" >"$OUT_DIR/smoke-demo.log" 2>&1 ||
    { print_log "$OUT_DIR/smoke-demo.log" "demo"; fail "konbit demo --weeks $DEMO_WEEKS failed"; }
  say "$(tail -n 1 "$OUT_DIR/smoke-demo.log")"
fi

# --------------------------------------------------------------------- app --
# Fresh data dir; XDG dirs in the temp dir too, so the run neither reads nor
# writes the user's Fyne settings and behaves like a first start.
env -u LC_ALL -u LC_MESSAGES -u LANGUAGE LANG=en_US.UTF-8 \
  XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache" XDG_DATA_HOME="$tmp/share" \
  XDG_RUNTIME_DIR="$tmp/runtime" \
  "$bin" --data "$data" </dev/null >"$app_out" 2>"$app_err" &
app_pid=$!
say "started $bin --data $data (pid $app_pid)"

wid=""
deadline=$(awk -v t="$WINDOW_TIMEOUT" -v n="$(now)" 'BEGIN { printf "%.3f", n + t }')
while :; do
  if ! app_running; then
    wait "$app_pid"
    rc=$?
    app_pid=""
    fail "app exited with status $rc before showing a window"
  fi
  wid="$(xdotool search --onlyvisible --name "$WINDOW_NAME" 2>/dev/null | head -n 1)"
  [ -n "$wid" ] && break
  if awk -v d="$deadline" -v n="$(now)" 'BEGIN { exit !(n >= d) }'; then
    fail "no visible window named '*$WINDOW_NAME*' within ${WINDOW_TIMEOUT}s"
  fi
  sleep 0.5
done
say "window $wid \"$(xdotool getwindowname "$wid" 2>/dev/null)\" is visible after $(since "$t0")"

# -------------------------------------------------------------- screenshot --
sleep "$PAINT_WAIT"
geom=""
while IFS='=' read -r k v; do
  case "$k" in X) gx=$v ;; Y) gy=$v ;; WIDTH) gw=$v ;; HEIGHT) gh=$v ;; esac
done < <(xdotool getwindowgeometry --shell "$wid" 2>/dev/null)
if [ -n "${gw:-}" ] && [ -n "${gh:-}" ]; then
  geom="${gw}x${gh}+${gx:-0}+${gy:-0}"
  say "window geometry $geom"
fi

paint_deadline=$(awk -v t="$PAINT_TIMEOUT" -v n="$(now)" 'BEGIN { printf "%.3f", n + t }')
while :; do
  app_running || break
  import -window root "$shot" 2>>"$xvfb_log" || fail "screenshot (import -window root $shot) failed"
  sd_screen=$(convert "$shot" -format '%[fx:standard_deviation]' info: 2>/dev/null)
  if [ -n "$geom" ]; then
    sd_win=$(convert "$shot" -crop "$geom" +repage -format '%[fx:standard_deviation]' info: 2>/dev/null)
  else
    sd_win=$sd_screen
  fi
  if awk -v s="${sd_win:-0}" -v m="$MIN_STDDEV" 'BEGIN { exit !(s > m) }'; then
    break
  fi
  if awk -v d="$paint_deadline" -v n="$(now)" 'BEGIN { exit !(n >= d) }'; then
    fail "screenshot $shot looks blank: window stddev ${sd_win:-?} (screen ${sd_screen:-?}) <= $MIN_STDDEV"
  fi
  say "window still blank (stddev ${sd_win:-?}), retrying"
  sleep 1
done
if ! app_running; then
  wait "$app_pid"
  rc=$?
  app_pid=""
  fail "app exited by itself (status $rc) while we were taking the screenshot"
fi
say "screenshot $shot: window stddev $sd_win, screen stddev $sd_screen (> $MIN_STDDEV: not blank)"

# ------------------------------------------------------ meetings and memory --
xdotool key --window "$wid" ctrl+1 2>/dev/null
sleep "$PAINT_WAIT"
app_running || fail "app exited after ctrl+1 (Meetings screen)"
import -window root "$OUT_DIR/smoke-meetings.png" 2>>"$xvfb_log" || fail "screenshot of the Meetings screen failed"
status_kb() { awk -v k="$1:" '$1 == k { print $2 }' "/proc/$app_pid/status" 2>/dev/null; }
rss_kb=$(status_kb VmRSS)
hwm_kb=$(status_kb VmHWM)
anon_kb=$(status_kb RssAnon)
file_kb=$(status_kb RssFile)
if [ -n "$anon_kb" ]; then
  say "memory with $DEMO_WEEKS weeks of meetings: own (anonymous) $((anon_kb / 1024)) MB (limit $MAX_RSS_MB MB); file-backed $((file_kb / 1024)) MB; resident $((rss_kb / 1024)) MB, peak $((hwm_kb / 1024)) MB"
  [ "$((anon_kb / 1024))" -lt "$MAX_RSS_MB" ] || fail "the app's own resident memory $((anon_kb / 1024)) MB >= $MAX_RSS_MB MB"
fi

# ------------------------------------------------------------- evaluations --
# The demo's finished 2011 campaign on the Evaluations screen (ctrl+3).
xdotool key --window "$wid" ctrl+3 2>/dev/null
sleep "$PAINT_WAIT"
app_running || fail "app exited after ctrl+3 (Evaluations screen)"
import -window root "$OUT_DIR/smoke-evaluations.png" 2>>"$xvfb_log" || fail "screenshot of the Evaluations screen failed"
say "Evaluations screen shown (build/smoke-evaluations.png)"

# ------------------------------------------------------------------- close --
# ctrl+q at 0 s. If the window is still visible 3 s later (key ignored), press
# ctrl+q again as a real XTEST key on the focused window; if it is still
# visible at 5 s, fall back to `xdotool windowclose`. Once the window is gone
# the app is shutting down and we only wait. The app must be gone by
# EXIT_TIMEOUT s after the first ctrl+q, or we kill it and fail.
window_visible() { xdotool search --onlyvisible --name "$WINDOW_NAME" 2>/dev/null | grep -qx "$wid"; }

t_close=$(now)
say "sending ctrl+q to window $wid"
xdotool key --window "$wid" ctrl+q 2>/dev/null
closed_by="ctrl+q"
step=0
while app_running; do
  elapsed=$(awk -v a="$t_close" -v n="$(now)" 'BEGIN { printf "%d", (n - a) * 10 }') # tenths
  if [ "$elapsed" -ge $((EXIT_TIMEOUT * 10)) ]; then
    kill -TERM "$app_pid" 2>/dev/null
    wait_exit 3 || kill -KILL "$app_pid" 2>/dev/null
    wait "$app_pid" 2>/dev/null
    app_pid=""
    if [ "$step" -ge 2 ]; then
      fail "app did not exit by itself within ${EXIT_TIMEOUT}s of ctrl+q, even after windowclose (had to kill it)"
    fi
    fail "app closed its window but did not exit within ${EXIT_TIMEOUT}s of ctrl+q (had to kill it)"
  fi
  if [ "$step" -eq 0 ] && [ "$elapsed" -ge 30 ] && window_visible; then
    # Synthetic (XSendEvent) keys can be ignored; send a real key press.
    say "window still open after 3s; focusing it and sending ctrl+q via XTEST"
    xdotool windowfocus --sync "$wid" 2>/dev/null
    xdotool key --clearmodifiers ctrl+q 2>/dev/null
    closed_by="ctrl+q (XTEST)"
    step=1
  elif [ "$step" -eq 1 ] && [ "$elapsed" -ge 50 ] && window_visible; then
    say "window still open after 5s; falling back to xdotool windowclose"
    xdotool windowclose "$wid" 2>/dev/null
    closed_by="windowclose (ctrl+q was ignored)"
    step=2
  fi
  sleep 0.2
done
wait "$app_pid"
rc=$?
app_pid=""
[ "$rc" -eq 0 ] || fail "app exited with status $rc (want 0)"
say "app exited with status 0 $(since "$t_close") after $closed_by"

if [ -s "$app_err" ]; then
  say "note: app wrote $(wc -l <"$app_err") line(s) to stderr ($app_err)"
fi
say "total $(since "$t0")"
echo "smoke: 1 passed, 0 failed"
