// The promises RunForm keeps for any bytes it is given, checked by the libFuzzer targets and
// by the bounded mutation loops in CTest:
//   a track file either reads, or fails with a TrackFormatError "line N: problem" whose N is a
//   line of the input (or the one after its end), and never crashes, hangs or throws anything
//   else;
//   a video file either opens and plays to its end, or fails with a camera::SourceError, and
//   never crashes, hangs or throws anything else.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace runform::fuzz {

/// Reads `bytes` as a whole track file; nullopt when the contract held, else what broke it.
std::optional<std::string> check_track_bytes(std::string_view bytes);

/// Most frames read from one fuzzed video before it counts as endless (a hang).
inline constexpr int kMaxVideoFrames = 2000;

/// Writes `bytes` to `scratch` and reads it as a video file; nullopt when the contract held.
std::optional<std::string> check_video_bytes(std::string_view bytes, const std::filesystem::path& scratch);

}  // namespace runform::fuzz
