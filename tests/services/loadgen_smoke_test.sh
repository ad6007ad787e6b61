#!/usr/bin/env bash
# A short run of runform-loadgen (all phases, few kiosks): it must start its own hub and sink,
# move real frames through each phase, and write a report that agrees with itself: rates match
# counts over the window, percentiles are ordered, the live phase moves what its cameras make,
# watchers see what was sent, the ratio is the ratio of the rates, and the printed report
# says what the JSON says.
set -euo pipefail
loadgen=$1
report=$2
printed=${report%.json}.txt
"$loadgen" --seconds 1 --kiosks 2 --live-kiosks 10 --watchers 2 --fps 30 --json "$report" | tee "$printed"
python3 - "$report" "$printed" <<'PY'
import json, re, sys
r = json.load(open(sys.argv[1]))
text = open(sys.argv[2]).read()
seconds, live_kiosks, watchers, fps = 1.0, 10, 2, 30.0
# The settings it ran with are the ones it was given.
assert (r["flat_kiosks"], r["live_kiosks"], r["watchers"], r["seconds"]) == (2, live_kiosks, watchers, seconds), r
assert r["chunk_frames"] == 64 and r["cores"] >= 1, r
for phase in ("sink", "flat", "live"):
    p = r[phase]
    assert p["frames"] > 0, f"{phase}: no frames acknowledged"
    # frames_per_s is frames over a window of at least `seconds` (a sleep can only run late).
    assert p["frames_per_s"] <= p["frames"] / seconds * 1.000001, f"{phase}: rate above count/window: {p}"
    assert p["frames_per_s"] >= p["frames"] / (seconds + 0.5), f"{phase}: window far longer than asked: {p}"
    assert 0 < p["ack_p50_ms"] <= p["ack_p99_ms"], f"{phase}: ack percentiles out of order: {p}"
    # The printed line carries the same figures.
    line = re.search(rf"^\s*{phase}\s+(\d+) frames/s\s+ack p50\s+([\d.]+) ms\s+p99\s+([\d.]+) ms", text, re.M)
    assert line, f"{phase}: no line in the printed report"
    assert abs(int(line.group(1)) - p["frames_per_s"]) <= 1, (line.group(0), p)
    assert abs(float(line.group(3)) - p["ack_p99_ms"]) <= 0.05 + 1e-9, (line.group(0), p)
for phase in ("sink", "flat"):
    assert r[phase]["watcher_frames"] == 0 and r[phase]["fanout_p99_ms"] == 0, f"{phase} has no watchers: {r[phase]}"
live = r["live"]
made = live_kiosks * fps * seconds  # frames the cameras make in the window
assert 0.3 * made <= live["frames"] <= live_kiosks * fps * (seconds + 1.0) + 64 * live_kiosks, \
    f"live: {live['frames']} frames acknowledged, cameras made about {made:.0f}"
assert 0 < live["fanout_p50_ms"] <= live["fanout_p99_ms"], f"live: fan-out percentiles: {live}"
# Every watcher follows every station: each sees (about) every frame, never more than were sent.
seen = live["watcher_frames"] + live["watcher_dropped"]
assert seen >= 0.5 * watchers * live["frames"], f"live: watchers saw {seen} of {watchers} x {live['frames']}"
assert live["watcher_frames"] <= watchers * live_kiosks * fps * (seconds + 1.0), f"live: watchers saw more than was sent: {live}"
ratio = r["flat"]["frames_per_s"] / r["sink"]["frames_per_s"]
assert abs(r["durable_to_plain_ratio"] - ratio) <= 1e-9 * ratio, (r["durable_to_plain_ratio"], ratio)
printed_pct = re.search(r"durable ingest runs at (\d+)% of the plain gRPC stream", text)
assert printed_pct and abs(int(printed_pct.group(1)) - 100 * ratio) <= 0.5 + 1e-9, (printed_pct, ratio)
assert 1 < r["hub_peak_rss_mib"] < 4096, f"implausible hub memory: {r['hub_peak_rss_mib']} MiB"
printed_rss = re.search(r"hub peak memory ([\d.]+) MiB", text)
assert printed_rss and abs(float(printed_rss.group(1)) - r["hub_peak_rss_mib"]) <= 0.05 + 1e-9, printed_rss
print("loadgen smoke: ok", {k: round(r[k]["frames_per_s"]) for k in ("sink", "flat", "live")})
PY
