#!/usr/bin/env bash
# runform-loadgen driving two hubs of one club on the test PostgreSQL: kiosks and watchers are
# spread over both, and the report must carry cross-hub fan-out figures that agree with
# themselves: watchers on each hub receive frames of the other hub's kiosks, percentiles are
# ordered, a frame crosses hubs no sooner than its commit (after the kiosk's durable ack, give or
# take the two paths' delivery), and the printed report says what the JSON says. Refusals first:
# two hubs on SQLite, and --hubs with --target.
set -euo pipefail
loadgen=$1
report=$2
printed=${report%.json}.txt
: "${RUNFORM_TEST_PG_URI:?the URI of the PostgreSQL test server (ctest sets it)}"

set +e
sqlite_out=$("$loadgen" --hubs 2 --phases live 2>&1); sqlite_code=$?
both_out=$("$loadgen" --hubs 2 --target 127.0.0.1:1 --store "$RUNFORM_TEST_PG_URI" 2>&1); both_code=$?
set -e
[[ $sqlite_code -eq 2 && $sqlite_out == *"needs a store the hubs share"* ]] || { echo "two hubs on SQLite: $sqlite_code $sqlite_out"; exit 1; }
[[ $both_code -eq 2 && $both_out == *"give one of them"* ]] || { echo "--hubs with --target: $both_code $both_out"; exit 1; }

"$loadgen" --hubs 2 --store "$RUNFORM_TEST_PG_URI" --phases flat,live --seconds 2 --kiosks 2 --live-kiosks 8 \
  --watchers 4 --commit-interval-ms 20 --json "$report" | tee "$printed"
python3 - "$report" "$printed" <<'PY'
import json, re, sys
r = json.load(open(sys.argv[1]))
text = open(sys.argv[2]).read()
assert r["hubs"] == 2 and r["commit_interval_ms"] == 20, r
assert r["flat"]["frames"] > 0 and r["live"]["frames"] > 0, r
live = r["live"]
# Watchers sit on both hubs and kiosks stream to both: each half of the frames crosses hubs.
assert live["watcher_frames"] > 0 and live["cross_watcher_frames"] > 0, live
assert 0.3 <= live["cross_watcher_frames"] / (live["cross_watcher_frames"] + live["watcher_frames"]) <= 0.7, live
for name in ("fanout", "cross_fanout", "durable", "cross_after_ack"):
    assert live[f"{name}_p50_ms"] <= live[f"{name}_p99_ms"], (name, live)
assert 0 < live["durable_p50_ms"] and 0 < live["cross_fanout_p50_ms"], live
# Another hub reads a frame only after it committed: never sooner than the commit's own ack
# by more than the two deliveries differ (a few ms on one machine).
assert live["cross_after_ack_p50_ms"] > -20, live
# Same hub: from memory, before the commit; across hubs: after it.
assert live["fanout_p50_ms"] < live["cross_fanout_p50_ms"], live
line = re.search(r"cross-hub fan-out p50\s+([\d.]+) ms\s+p99\s+([\d.]+) ms\s+\((\d+) frames", text)
assert line, "no cross-hub line in the printed report"
assert abs(float(line.group(2)) - live["cross_fanout_p99_ms"]) <= 0.05 + 1e-9, (line.group(0), live)
assert int(line.group(3)) == live["cross_watcher_frames"], (line.group(0), live)
assert "2 hub(s) of one club" in text, text
print("loadgen two hubs: ok", {k: live[k] for k in ("cross_fanout_p50_ms", "cross_fanout_p99_ms", "cross_after_ack_p99_ms")})
PY
