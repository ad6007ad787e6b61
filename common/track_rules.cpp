#include "common/track_rules.h"

#include <cmath>

#include "common/cli_conventions.h"

namespace runform::common {
namespace {

bool whole_in_range(double v, int lo, int hi) { return std::isfinite(v) && v == std::round(v) && v >= lo && v <= hi; }

}  // namespace

std::optional<std::string> image_size_problem(double width_px, double height_px) {
  if (whole_in_range(width_px, kMinImageSidePx, kMaxImageSidePx) &&
      whole_in_range(height_px, kMinImageSidePx, kMaxImageSidePx)) {
    return std::nullopt;
  }
  return "image size must be whole pixels, " + std::to_string(kMinImageSidePx) + "–" + std::to_string(kMaxImageSidePx) +
         " on each side, got " + plain_number(width_px) + "×" + plain_number(height_px);
}

std::optional<std::string> fps_problem(double fps) {
  if (std::isfinite(fps) && fps >= kMinFps && fps <= kMaxFps) return std::nullopt;
  return "fps must be " + plain_number(kMinFps) + "–" + plain_number(kMaxFps) + ", got " + plain_number(fps);
}

std::optional<std::string> frame_time_problem(double t_s) {
  if (std::isfinite(t_s) && t_s >= 0.0 && t_s <= kMaxTrackSeconds) return std::nullopt;
  return "time must be 0–" + plain_number(kMaxTrackSeconds) + " s from the start of the track, got t=" + plain_number(t_s);
}

std::optional<std::string> time_order_problem(double t_s, double previous_t_s) {
  if (t_s > previous_t_s) return std::nullopt;
  return "time goes backwards or repeats: t=" + plain_number(t_s) + " after t=" + plain_number(previous_t_s);
}

std::optional<std::string> landmark_problem(int index, double x_px, double y_px, double confidence, double width_px,
                                            double height_px, double margin_fraction) {
  const std::string which = "keypoint " + std::to_string(index);
  if (!std::isfinite(confidence) || confidence < 0.0 || confidence > 1.0) {
    return which + ": confidence must be in [0,1], got " + plain_number(confidence);
  }
  const double margin_x = margin_fraction * width_px;
  const double margin_y = margin_fraction * height_px;
  const bool inside = std::isfinite(x_px) && std::isfinite(y_px) && x_px >= -margin_x && x_px <= width_px + margin_x &&
                      y_px >= -margin_y && y_px <= height_px + margin_y;
  if (inside) return std::nullopt;
  std::string problem = which + " at (" + plain_number(x_px) + ", " + plain_number(y_px) + ") px lies outside the " + plain_number(width_px) +
                        "×" + plain_number(height_px) + " image";
  if (margin_fraction > 0.0) problem += " (by more than " + plain_number(100.0 * margin_fraction) + "% of its size)";
  return problem;
}

}  // namespace runform::common
