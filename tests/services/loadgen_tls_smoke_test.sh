#!/usr/bin/env bash
# runform-loadgen over TLS: certificates from deploy/make-club-certs.sh, a hub started with them,
# kiosks and watchers that trust the club CA. Frames must flow in both hub phases.
set -euo pipefail
loadgen=$1
make_certs=$2
work=$3
rm -rf "$work"
"$make_certs" "$work/tls" --host localhost --ip 127.0.0.1 >/dev/null
"$loadgen" --phases flat,live --seconds 1 --kiosks 2 --live-kiosks 10 --watchers 2 --tls-dir "$work/tls" \
  --json "$work/report.json"
python3 - "$work/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["transport"] == "tls", r["transport"]
for phase in ("flat", "live"):
    assert r[phase]["frames"] > 0, f"{phase}: no frames acknowledged over TLS"
assert r["live"]["watcher_frames"] > 0, "live: watchers received nothing over TLS"
print("loadgen over TLS: ok", {k: round(r[k]["frames_per_s"]) for k in ("flat", "live")})
PY
