// Simulated sessions for the dashboard's tests, benchmark and seeder: a tiring runner with
// faults, cues and hands on the rails; a recorded run repeated to an hour; uploading them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "services/client/kiosk_uploader.h"
#include "services/client/session_recording.h"

namespace runform::testing {

inline constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;
/// The first seeded session starts here (2026-09-01), later ones a week apart.
inline constexpr std::int64_t kFirstStartUnixMs = 1'788'220'800'000;
/// Frames of an hour at the kiosk's 30 fps.
inline constexpr std::size_t kHourFrames = 108'000;

/// The recorded session repeated until it holds `target_frames` frames, its frame times shifted
/// so they keep increasing.
services::RecordedSession repeated(services::RecordedSession base, std::size_t target_frames);
/// A runner who tires: shoulders creep up and the arms start to cross, hands on the rails for 8 s
/// at 45% of the run; the kiosk shows cues, the summary flags faults and drift.
services::RecordedSession tiring_session(const std::string& id, double seconds, const std::string& athlete);
/// Uploads a whole session and waits (up to 5 minutes) for the hub to confirm its close.
void upload_session(services::KioskUploader& uploader, const services::RecordedSession& session);

}  // namespace runform::testing
