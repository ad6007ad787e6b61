#!/usr/bin/env bash
# The whole RunForm system on one machine: a hub on SQLite, and a kiosk in demo mode (the
# synthetic runner stands in for the camera and develops faults) streaming its sessions to it.
# The coach dashboard opens beside it, watching the kiosk live on its live wall.
# With a display the kiosk opens a window for you to use (Escape quits), and the dashboard its
# own. Without one it says so and runs both under Xvfb, each driven by a tour script, with a
# screenshot of every screen (kiosk: screenshots/, dashboard: dashboard-screenshots/).
#
# Usage: deploy/run-demo.sh [extra runform-kiosk flags]
# Environment: RUNFORM_BUILD (default build/release), RUNFORM_DEMO_DIR (default ./runform-demo:
# hub.db, the spool, screenshots, logs), RUNFORM_DEMO_SCRIPT (the tour for Xvfb),
# RUNFORM_DEMO_SIZE (default 1920x1080), RUNFORM_DEMO_MINUTES (default 2).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${RUNFORM_BUILD:-$root/build/release}
work=${RUNFORM_DEMO_DIR:-$PWD/runform-demo}
script=${RUNFORM_DEMO_SCRIPT:-$root/deploy/demo-tour.script}
size=${RUNFORM_DEMO_SIZE:-1920x1080}
minutes=${RUNFORM_DEMO_MINUTES:-2}
hub_bin=$build/services/runform-hub
kiosk_bin=$build/kiosk/runform-kiosk
dashboard_bin=$build/dashboard/runform-dashboard
dashboard_script=${RUNFORM_DASHBOARD_SCRIPT:-$root/deploy/dashboard-tour.script}

for bin in "$hub_bin" "$kiosk_bin" "$dashboard_bin"; do
  if [ ! -x "$bin" ]; then
    echo "run-demo: $bin is missing: build first (cmake --preset release && cmake --build --preset release)" >&2
    exit 1
  fi
done
mkdir -p "$work"
rm -f "$work/hub.port" "$work"/spool.db*
rm -rf "$work/screenshots" "$work/dashboard-screenshots"

# The demo's own club: a local CA and the hub's TLS certificate, a first admin with a random
# password, and a one-time enrolment code for the demo kiosk (deploy/demo-credentials.sh).
"$root/deploy/demo-credentials.sh" "$work/credentials" "$hub_bin" "sqlite:$work/hub.db" | sed 's/^/run-demo: /'

# The hub on SQLite over TLS, on a free port it picks itself.
# shellcheck disable=SC2046  # the flags file holds several words on purpose
"$hub_bin" --store "sqlite:$work/hub.db" --address 127.0.0.1:0 $(cat "$work/credentials/hub.flags") \
  --port-file "$work/hub.port" 2> "$work/hub.log" &
hub_pid=$!
dashboard_pid=
cleanup() {
  if [ -n "$dashboard_pid" ]; then kill "$dashboard_pid" 2>/dev/null || true; wait "$dashboard_pid" 2>/dev/null || true; fi
  kill "$hub_pid" 2>/dev/null || true; wait "$hub_pid" 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 1 100); do  # up to 10 s for the hub to listen
  [ -s "$work/hub.port" ] && break
  if ! kill -0 "$hub_pid" 2>/dev/null; then
    echo "run-demo: the hub did not start; its log:" >&2
    cat "$work/hub.log" >&2
    exit 1
  fi
  sleep 0.1
done
[ -s "$work/hub.port" ] || { echo "run-demo: the hub did not listen within 10 s (log: $work/hub.log)" >&2; exit 1; }
hub=localhost:$(cat "$work/hub.port")  # by name: the certificate names localhost
echo "run-demo: hub on $hub over TLS, storing in $work/hub.db (log: $work/hub.log)"

# The coach dashboard, watching the hub (and so the kiosk) live: over TLS against the demo's CA,
# signed in through its sign-in screen as the demo's admin (the password file holds the random
# password demo-credentials.sh made; a club's coaches sign in with their own accounts).
dashboard=("$dashboard_bin" --hub "$hub" --hub-ca "$work/credentials/ca.crt" --user demo-admin
           --password-file "$work/credentials/admin.password" --export-dir "$work/exports" --size 1600x900)
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -z "${RUNFORM_DEMO_HEADLESS:-}" ]; then
  "${dashboard[@]}" --screenshot-dir "$work/dashboard-screenshots" > "$work/dashboard.log" 2>&1 &
  dashboard_pid=$!
  echo "run-demo: coach dashboard open (log: $work/dashboard.log)"
elif command -v xvfb-run >/dev/null; then
  xvfb-run -a -s "-screen 0 1600x900x24" "${dashboard[@]}" --screenshot-dir "$work/dashboard-screenshots" \
    --script "$dashboard_script" --exit-after 600 > "$work/dashboard.log" 2>&1 &
  dashboard_pid=$!
  echo "run-demo: coach dashboard under Xvfb, driven by $(basename "$dashboard_script") (log: $work/dashboard.log)"
fi

# The kiosk enrols with the code on start (its credential goes to kiosk.token, owner-only) and
# uploads over TLS as the enrolled kiosk of treadmill-1.
kiosk=("$kiosk_bin" --demo --demo-minutes "$minutes" --hub "$hub" --hub-ca "$work/credentials/ca.crt"
       --enrolment-code "$(cat "$work/credentials/kiosk.code")" --token-file "$work/kiosk.token"
       --spool "$work/spool.db" "$@")
status=0
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -z "${RUNFORM_DEMO_HEADLESS:-}" ]; then
  echo "run-demo: kiosk window open: tap Start (Escape quits)"
  "${kiosk[@]}" --windowed --size "$size" --screenshot-dir "$work/screenshots" || status=$?
else
  if ! command -v xvfb-run >/dev/null; then
    echo "run-demo: no display and no xvfb-run: install xvfb and xauth (bash deploy/install-deps.sh)" >&2
    exit 1
  fi
  echo "run-demo: no display found (DISPLAY is not set): running the kiosk under Xvfb at $size,"
  echo "run-demo: driven by $(basename "$script"), with a screenshot of every screen"
  xvfb-run -a -s "-screen 0 ${size}x24" "${kiosk[@]}" --windowed --size "$size" --voice off \
    --screenshot-dir "$work/screenshots" --script "$script" --exit-after 900 --stats || status=$?
  echo "run-demo: screenshots in $work/screenshots:"
  ls -1 "$work/screenshots" 2>/dev/null | sed "s|^|  $work/screenshots/|"
  if [ -n "$dashboard_pid" ]; then
    wait "$dashboard_pid" || echo "run-demo: the dashboard's tour did not finish (log: $work/dashboard.log)"
    dashboard_pid=
    echo "run-demo: dashboard screenshots in $work/dashboard-screenshots:"
    ls -1 "$work/dashboard-screenshots" 2>/dev/null | sed "s|^|  $work/dashboard-screenshots/|"
  fi
fi
exit "$status"
