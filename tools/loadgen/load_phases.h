// The load generator's measured phases: kiosks streaming flat out (throughput and ack latency)
// and kiosks streaming at camera rate with live watchers (fan-out latency). With several hubs of
// one club (sharing a PostgreSQL store), kiosks and watchers are spread over them, and a frame a
// watcher receives through another hub than its kiosk's is measured apart: cross-hub fan-out.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "services/client/hub_channel.h"
#include "services/client/session_recording.h"

namespace runform::loadgen {

/// Figures of one phase.
struct PhaseResult {
  double frames_per_s = 0.0;   ///< acknowledged frames per second over the measured window
  std::uint64_t frames = 0;    ///< acknowledged in the window
  double ack_p50_ms = 0.0;
  double ack_p99_ms = 0.0;
  double fanout_p50_ms = 0.0;  ///< kiosk hands a frame over → a watcher on the kiosk's hub receives it
  double fanout_p99_ms = 0.0;
  std::uint64_t watcher_frames = 0;   ///< received by watchers on the kiosk's own hub
  std::uint64_t watcher_dropped = 0;  ///< reported by the hubs to slow watchers
  // Several hubs only:
  double durable_p50_ms = 0.0;        ///< kiosk hands a frame over → its acknowledgement (durable) arrives
  double durable_p99_ms = 0.0;
  double cross_fanout_p50_ms = 0.0;   ///< kiosk hands a frame over → a watcher on another hub receives it
  double cross_fanout_p99_ms = 0.0;
  double cross_after_ack_p50_ms = 0.0;  ///< how long after the frame's acknowledgement it reached the other hub's watcher
  double cross_after_ack_p99_ms = 0.0;
  std::uint64_t cross_watcher_frames = 0;
};

/// Settings shared by the phases.
struct PhaseSettings {
  std::vector<std::string> targets;  ///< host:port of each hub; kiosk k and watcher w use k % n and w % n
  int kiosks = 8;
  int watchers = 0;
  double warmup_s = 1.0;
  double measure_s = 10.0;
  double fps = 30.0;          ///< camera rate in the real-time phase
  std::size_t chunk_frames = 64;
  std::string label;          ///< prefixes session ids
  services::HubChannelOptions channel;  ///< TLS (the club CA) or plaintext to loopback
  /// Kiosk k uploads as enrolled kiosk "loadgen-kiosk-<k>" of "loadgen-station-<k>" with
  /// kiosk_tokens[k]; empty: no credential (the storage-free sink asks for none).
  std::vector<std::string> kiosk_tokens;
  /// Watcher w signs in with watcher_tokens[w] (watchers need an account).
  std::vector<std::string> watcher_tokens;
};

/// Every kiosk sends as fast as the server acknowledges.
PhaseResult run_flat_out(const PhaseSettings& settings, const services::RecordedSession& recording);
/// Every kiosk sends at the camera rate; watchers follow all stations.
PhaseResult run_real_time(const PhaseSettings& settings, const services::RecordedSession& recording);

}  // namespace runform::loadgen
