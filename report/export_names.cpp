#include "report/export_names.h"

#include <stdexcept>

namespace runform::report {

using services::CoachAnnotation;
using services::CoachCue;
using services::CoachFaultVerdict;

const char* view_word(form::View view) {
  return view == form::View::kFront ? "front" : view == form::View::kSide ? "side" : "";
}

form::View view_from_word(const std::string& word) {
  if (word == "front") return form::View::kFront;
  if (word == "side") return form::View::kSide;
  if (word.empty() || word == "unknown") return form::View::kAuto;
  throw std::invalid_argument("unknown view '" + word + "': front, side, or empty");
}

const char* cue_kind_word(CoachCue::Kind kind) {
  switch (kind) {
    case CoachCue::Kind::kShow: return "show";
    case CoachCue::Kind::kPositive: return "positive";
    case CoachCue::Kind::kClear: return "clear";
  }
  return "show";
}

CoachCue::Kind cue_kind_from_word(const std::string& word) {
  if (word == "show") return CoachCue::Kind::kShow;
  if (word == "positive") return CoachCue::Kind::kPositive;
  if (word == "clear") return CoachCue::Kind::kClear;
  throw std::invalid_argument("unknown cue kind '" + word + "': show, positive or clear");
}

const char* note_kind_word(CoachAnnotation::Kind kind) {
  return kind == CoachAnnotation::Kind::kBookmark ? "bookmark" : "note";
}

CoachAnnotation::Kind note_kind_from_word(const std::string& word) {
  if (word == "note") return CoachAnnotation::Kind::kNote;
  if (word == "bookmark") return CoachAnnotation::Kind::kBookmark;
  throw std::invalid_argument("unknown note kind '" + word + "': note or bookmark");
}

const char* basis_word(CoachFaultVerdict::Basis basis) {
  switch (basis) {
    case CoachFaultVerdict::Basis::kPersistent: return "persistent";
    case CoachFaultVerdict::Basis::kDevelopedLate: return "developed_late";
    case CoachFaultVerdict::Basis::kCued: return "cued";
    case CoachFaultVerdict::Basis::kUnspecified: return "unspecified";
  }
  return "unspecified";
}

CoachFaultVerdict::Basis basis_from_word(const std::string& word) {
  if (word == "persistent") return CoachFaultVerdict::Basis::kPersistent;
  if (word == "developed_late") return CoachFaultVerdict::Basis::kDevelopedLate;
  if (word == "cued") return CoachFaultVerdict::Basis::kCued;
  if (word == "unspecified") return CoachFaultVerdict::Basis::kUnspecified;
  throw std::invalid_argument("unknown fault basis '" + word + "': persistent, developed_late, cued or unspecified");
}

std::string metric_word(form::MetricId metric) { return std::string(form::info(metric).key); }

form::MetricId metric_from_word(const std::string& word) {
  const auto id = form::metric_from_key(word);
  if (!id) throw std::invalid_argument("unknown metric '" + word + "' (docs/metrics.md lists the ids)");
  return *id;
}

}  // namespace runform::report
