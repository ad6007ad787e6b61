#!/usr/bin/env bash
# A short run of runform-loadgen (all phases, few kiosks): it must start its own hub and sink,
# move real frames through each phase, and write a complete JSON report.
set -euo pipefail
loadgen=$1
report=$2
"$loadgen" --seconds 1 --kiosks 2 --live-kiosks 10 --watchers 2 --json "$report"
python3 - "$report" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
for phase in ("sink", "flat", "live"):
    assert r[phase]["frames"] > 0, f"{phase}: no frames acknowledged"
    assert r[phase]["ack_p99_ms"] > 0, f"{phase}: no ack latency"
assert r["live"]["watcher_frames"] > 0, "live: watchers received nothing"
assert r["live"]["fanout_p99_ms"] > 0, "live: no fan-out latency"
assert 0 < r["durable_to_plain_ratio"], "no ratio"
assert r["hub_peak_rss_mib"] > 0, "no hub memory figure"
print("loadgen smoke: ok", {k: round(r[k]["frames_per_s"]) for k in ("sink", "flat", "live")})
PY
