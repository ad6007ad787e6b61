#!/usr/bin/env bash
# The whole RunForm system on one machine: a hub on SQLite, and a kiosk in demo mode (the
# synthetic runner stands in for the camera and develops faults) streaming its sessions to it.
# With a display the kiosk opens a window for you to use (Escape quits). Without one it says
# so and runs the same under Xvfb, driven by a tour script, with a screenshot of every screen.
# (The coach dashboard joins here once it exists.)
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

for bin in "$hub_bin" "$kiosk_bin"; do
  if [ ! -x "$bin" ]; then
    echo "run-demo: $bin is missing: build first (cmake --preset release && cmake --build --preset release)" >&2
    exit 1
  fi
done
mkdir -p "$work"
rm -f "$work/hub.port" "$work"/spool.db*
rm -rf "$work/screenshots"

# The hub on SQLite, on a free port it picks itself. Plaintext, explicitly and on loopback only:
# the kiosk and the hub share this machine (a club's hub uses TLS: see the README).
"$hub_bin" --store "sqlite:$work/hub.db" --address 127.0.0.1:0 --insecure-loopback --port-file "$work/hub.port" \
  2> "$work/hub.log" &
hub_pid=$!
cleanup() { kill "$hub_pid" 2>/dev/null || true; wait "$hub_pid" 2>/dev/null || true; }
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
fi
exit "$status"
