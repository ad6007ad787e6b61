// The words the CSV and JSON exports write for the coach client's enums, and back: one table
// each, so both formats spell a view, a cue kind, a note kind or a fault's basis the same way.
// A word the table lacks is an error (std::invalid_argument naming it and the choices), never
// a silent default.
#pragma once

#include <string>

#include "services/client/coach_types.h"

namespace runform::report {

/// "front", "side", or "" for a kiosk that did not say (kAuto).
const char* view_word(form::View view);
/// The view a word names; "" and "unknown" (older JSON exports) are kAuto.
form::View view_from_word(const std::string& word);

/// "show", "positive", "clear".
const char* cue_kind_word(services::CoachCue::Kind kind);
services::CoachCue::Kind cue_kind_from_word(const std::string& word);

/// "note", "bookmark".
const char* note_kind_word(services::CoachAnnotation::Kind kind);
services::CoachAnnotation::Kind note_kind_from_word(const std::string& word);

/// "persistent", "developed_late", "cued", "unspecified" (PRODUCT.md's session verdict).
const char* basis_word(services::CoachFaultVerdict::Basis basis);
services::CoachFaultVerdict::Basis basis_from_word(const std::string& word);

/// A metric's PRODUCT.md id ("shoulders.elevation_torso"), and back.
std::string metric_word(form::MetricId metric);
form::MetricId metric_from_word(const std::string& word);

}  // namespace runform::report
