// The text fields of the Assessments panel's forms (issue 14): a field recorded under its key (a
// script clicks it by name) with what is wrong with it written right after it, in red, and
// recorded as "error:KEY" so a test can wait for exactly that error.
#pragma once

#include <string>

#include "dashboard/assessment_drafts.h"
#include "dashboard/panel.h"

namespace runform::dashboard {

/// A text field for `value` labelled by `key`, `width_px` wide (before scaling), with the field's
/// error from `errors` (when `show_errors`) next to it.
void form_text_field(PanelContext& ctx, const std::string& key, const char* hint, std::string& value, float width_px,
                     const FieldErrors& errors, bool show_errors);
/// The error of `key` alone (for a field drawn another way, or a form-wide one).
void form_field_error(PanelContext& ctx, const std::string& key, const FieldErrors& errors, bool show_errors);
/// The hub's refusal or an outcome in plain words, recorded as `label` for scripts.
void form_outcome(PanelContext& ctx, const std::string& label, const std::string& text, bool failed);

}  // namespace runform::dashboard
