#!/usr/bin/env bash
# The dashboard's Assessments panel (issue 14) under xvfb-run: a real runform-hub on SQLite, an
# assessment day put on it by assessment_seed (5 athletes done, one incomplete, one on a station
# now, faults), and runform-dashboard in a real OpenGL window opening the panel (key 7). Screenshots are checked for size and content; look at them
# in WORK/screenshots/.
# Usage: assessment_panel_xvfb_test.sh BUILD WORK
set -uo pipefail
build=$1 work=$2
rm -rf "$work"
mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; }
trap cleanup EXIT

"$build/services/runform-hub" --store "sqlite:$work/hub.db" --address 127.0.0.1:0 --insecure-loopback \
  --port-file "$work/hub.port" 2> "$work/hub.log" &
pids+=($!)
for _ in $(seq 1 100); do [ -s "$work/hub.port" ] && break; sleep 0.1; done
[ -s "$work/hub.port" ] || fail "the hub did not start: $(cat "$work/hub.log")"
hub=127.0.0.1:$(cat "$work/hub.port")
"$build/tests/assessment_seed" "$hub" "$work" > "$work/assessment.id" || fail "seeding the assessment failed"

cat > "$work/dashboard.script" <<'D'
key 7
await ready 60
wait 2
screenshot assessments
quit
D
xvfb-run -a -s "-screen 0 1920x1080x24" "$build/dashboard/runform-dashboard" --hub "$hub" --insecure-loopback \
  --no-sign-in --size 1920x1080 --screenshot-dir "$work/screenshots" --script "$work/dashboard.script" \
  --exit-after 120 > "$work/dashboard.log" 2>&1
status=$?
cat "$work/dashboard.log"
[ $status -eq 0 ] || fail "the dashboard exited with $status"
for shot in assessments; do
  png=$work/screenshots/$shot.png
  [ -s "$png" ] || fail "no screenshot $shot"
  [ "$(identify -format '%wx%h' "$png")" = 1920x1080 ] || fail "$png is not 1920x1080"
  colours=$(identify -format '%k' "$png")
  [ "$colours" -gt 50 ] || fail "$png has only $colours colours: blank?"
done
echo "assessment panel screenshots in $work/screenshots"
