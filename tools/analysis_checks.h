// Honest results: what `runform analyze` could not see, said plainly. A clip where no runner
// was found fails with the reason (the model and what it can see, the zone, how to get a trained
// model); a clip that decoded only partly, a runner seen in few frames, and a forced view that
// disagrees with the detected one are warnings, printed and kept in the JSON.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "form/landmarks.h"

namespace runform::tools {

/// A clip decoded to fewer than this share of the frames its container announces is damaged
/// (container counts are estimates from duration × fps, so a few percent short is normal).
inline constexpr double kMinDecodedShare = 0.9;
/// Below this share of frames with the runner found, the results rest on little of the clip.
inline constexpr double kMinRunnerShare = 0.5;

/// What an analysed clip showed.
struct ClipFacts {
  std::string clip;
  std::string model;                       ///< manifest name
  std::size_t frames_read = 0;
  std::size_t frames_expected = 0;         ///< 0: unknown
  std::size_t frames_with_runner = 0;
  int width_px = 0;
  int height_px = 0;
  std::string zone;                        ///< as typed ("X,Y,W,H"), empty: the whole frame
};

/// The failure message when no runner was found in any frame, else nullopt.
std::optional<std::string> clip_failure(const ClipFacts& facts);
/// Warnings about a clip that was analysed (partial decode, runner seen in few frames).
std::vector<std::string> clip_warnings(const ClipFacts& facts);

/// The view asked for and the one detection alone decides.
struct ViewCheck {
  form::View requested = form::View::kAuto;
  form::View detected = form::View::kAuto;
};
/// A warning when a forced view disagrees with the detected one, else nullopt.
std::optional<std::string> view_warning(const ViewCheck& check);
/// {"requested", "detected", "agrees"} for the JSON.
nlohmann::json view_json(const ViewCheck& check);

}  // namespace runform::tools
