#!/usr/bin/env bash
# Acceptance 1 and 7: the README's launcher (deploy/run-demo.sh) on a machine without a display
# runs a hub on SQLite and the kiosk in demo mode under Xvfb; the script goes attract → check-in
# by code → setup → calibration → running → summary, then in again by a QR badge shown to the
# synthetic camera. Checks: it says there is no display, a screenshot of every screen at the
# asked size, and the session stored on the hub, closed, with its frames.
# Usage: run_demo_test.sh REPO BUILD WORK WIDTHxHEIGHT
set -uo pipefail
repo=$1 build=$2 work=$3 size=$4
rm -rf "$work"
mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }

out=$(env -u DISPLAY -u WAYLAND_DISPLAY RUNFORM_BUILD="$build" RUNFORM_DEMO_DIR="$work" RUNFORM_DEMO_SIZE="$size" \
      RUNFORM_DEMO_MINUTES=1 RUNFORM_DEMO_SCRIPT="$repo/tests/kiosk/scripts/whole_flow.script" \
      bash "$repo/deploy/run-demo.sh" 2>&1)
status=$?
echo "$out" | grep -v QUIRC
[ $status -eq 0 ] || fail "run-demo.sh exited with $status"
echo "$out" | grep -q "no display found" || fail "it did not say there is no display"
echo "$out" | grep -q "screenshots in $work/screenshots" || fail "it did not print where the screenshots are"

width=${size%x*} height=${size#*x}
for screen in attract checkin setup calibration running summary running-late summary-ready setup-after-badge; do
  png=$work/screenshots/$screen.png
  [ -s "$png" ] || fail "no screenshot of $screen"
  dims=$(identify -format '%wx%h' "$png") || fail "$png is not an image"
  [ "$dims" = "$size" ] || fail "$png is $dims, not $size"
  colours=$(identify -format '%k' "$png")
  [ "$colours" -gt 50 ] || fail "$png has only $colours colours: blank?"
done

# Acceptance 5 of issue 12: the same command opened the coach dashboard watching the kiosk live.
for shot in live-wall live-wall-enlarged athletes; do
  png=$work/dashboard-screenshots/$shot.png
  [ -s "$png" ] || fail "no dashboard screenshot $shot (log: $(tail -3 "$work/dashboard.log" 2>/dev/null))"
  colours=$(identify -format '%k' "$png")
  [ "$colours" -gt 50 ] || fail "$png has only $colours colours: blank?"
done

python3 - "$work/hub.db" <<'PY' || fail "the hub does not hold the session"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
rows = db.execute("SELECT session_id, athlete_id, closed, stored_seq, (SELECT COUNT(*) FROM frames f WHERE f.sid = s.sid) "
                  "FROM sessions s").fetchall()
print("hub sessions:", rows)
assert len(rows) == 1, "exactly one session"
session_id, athlete, closed, stored_seq, frames = rows[0]
assert closed == 1, "the session is closed on the hub"
assert frames > 300 and frames == stored_seq, "every frame stored once (%d frames, seq %d)" % (frames, stored_seq)
assert "4711" in athlete, "the athlete's code reached the hub: %r" % athlete
PY
# Issue 11: the demo runs as a club would: TLS, a first admin, an enrolled kiosk.
grep -q '"transport":"tls"' "$work/hub.log" || fail "the demo's hub did not serve TLS"
[ "$(stat -c %a "$work/kiosk.token")" = 600 ] || fail "the kiosk's credential file is not owner-only"
[ "$(stat -c %a "$work/credentials/admin.password")" = 600 ] || fail "the admin password file is not owner-only"
python3 - "$work/hub.db" <<'PY' || fail "the kiosk is not enrolled as the session's kiosk"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
assert db.execute("SELECT COUNT(*) FROM accounts WHERE role = 3").fetchone()[0] == 1, "one admin"
kiosks = db.execute("SELECT kiosk_id, station_id FROM kiosks WHERE revoked_unix_ms = 0").fetchall()
assert kiosks == [("kiosk-1", "treadmill-1")], kiosks
sessions = db.execute("SELECT DISTINCT kiosk_id, station_id FROM sessions").fetchall()
assert sessions == [("kiosk-1", "treadmill-1")], sessions
PY
echo "PASS: whole flow at $size over TLS with an enrolled kiosk, screenshots in $work/screenshots"
