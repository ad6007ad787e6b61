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

# The hub on SQLite, on a free port it picks itself. Plaintext, explicitly and on loopback only:
# the kiosk and the hub share this machine (a club's hub uses TLS: see the README).
"$hub_bin" --store "sqlite:$work/hub.db" --address 127.0.0.1:0 --insecure-loopback --port-file "$work/hub.port" \
  2> "$work/hub.log" &
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
hub=127.0.0.1:$(cat "$work/hub.port")
echo "run-demo: hub on $hub, storing in $work/hub.db (log: $work/hub.log)"

# The coach dashboard, watching the hub (and so the kiosk) live. Plaintext on loopback, no
# accounts: the demo's hub has none (a club's hub uses TLS and sign-in: see the README).
dashboard=("$dashboard_bin" --hub "$hub" --insecure-loopback --no-sign-in --export-dir "$work/exports" --size 1600x900)
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

kiosk=("$kiosk_bin" --demo --demo-minutes "$minutes" --hub "$hub" --spool "$work/spool.db" "$@")
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
