// What a landmark track may contain: image size, frame rate, frame times and landmark positions.
// The one place these rules live: the track reader (form/track_io) and the hub
// (services/hub/wire_codec) both apply them, so a file the CLI accepts is one the hub accepts.
// Standard library only.
#pragma once

#include <optional>
#include <string>

namespace runform::common {

/// Smallest image side in pixels. Pose models take at least 192 px inputs; below 32 px a whole
/// runner spans a few pixels and no landmark means anything.
inline constexpr int kMinImageSidePx = 32;
/// Largest image side in pixels (8K); positions travel as tenths of a pixel in 32 bits.
inline constexpr int kMaxImageSidePx = 8192;
/// Frame-rate limits: a webcam delivers 5–60 fps, high-speed cameras up to 240 fps.
inline constexpr double kMinFps = 1.0;
/// See kMinFps.
inline constexpr double kMaxFps = 240.0;
/// Longest session, in seconds of track time (a day: treadmill sessions last minutes to hours).
inline constexpr double kMaxTrackSeconds = 24.0 * 3600.0;
/// How far beyond the image edge a track landmark may lie, as a fraction of that image side.
/// Pose models extrapolate a joint that the frame cuts off (a hand above the top edge) a little
/// beyond the image; a point further out is not a landmark of this image.
inline constexpr double kTrackLandmarkMarginFraction = 0.25;
/// The hub's margin: the kiosk's encoder clamps positions onto the image before sending.
inline constexpr double kWireLandmarkMarginFraction = 0.0;

/// nullopt when width × height is a usable image, else the problem in words.
std::optional<std::string> image_size_problem(double width_px, double height_px);
/// nullopt when fps is within kMinFps–kMaxFps, else the problem.
std::optional<std::string> fps_problem(double fps);
/// nullopt when t_s is a finite time within 0–kMaxTrackSeconds, else the problem.
std::optional<std::string> frame_time_problem(double t_s);
/// nullopt when t_s comes strictly after previous_t_s, else the problem.
std::optional<std::string> time_order_problem(double t_s, double previous_t_s);
/// nullopt when landmark `index` lies within the image (plus margin_fraction of each side
/// beyond every edge) and its confidence is within 0–1, else the problem.
std::optional<std::string> landmark_problem(int index, double x_px, double y_px, double confidence, double width_px,
                                            double height_px, double margin_fraction);

}  // namespace runform::common
