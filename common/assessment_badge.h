// Assessment badges: the text a check-in badge's QR code carries. The hub reads it, the badge
// sheet prints it and the kiosk passes it on, so the format lives here, once.
// "runform-assessment:<assessment_id>:<athlete_code>"; a typed code is the athlete code alone.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace runform::common {

/// What every assessment badge begins with.
inline constexpr std::string_view kAssessmentBadgePrefix = "runform-assessment:";

/// The text of an athlete's badge for one assessment.
inline std::string assessment_badge_text(std::string_view assessment_id, std::string_view athlete_code) {
  return std::string(kAssessmentBadgePrefix) + std::string(assessment_id) + ":" + std::string(athlete_code);
}

/// A badge's parts, or a typed code (assessment_id empty).
struct AssessmentBadge {
  std::string assessment_id;  ///< empty for a typed code
  std::string athlete_code;
};

/// Reads a badge's text or a typed code; nothing for a badge text that is malformed.
inline std::optional<AssessmentBadge> read_assessment_badge(std::string_view text) {
  if (!text.starts_with(kAssessmentBadgePrefix)) return AssessmentBadge{"", std::string(text)};
  text.remove_prefix(kAssessmentBadgePrefix.size());
  const auto colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == text.size()) return std::nullopt;
  return AssessmentBadge{std::string(text.substr(0, colon)), std::string(text.substr(colon + 1))};
}

}  // namespace runform::common
