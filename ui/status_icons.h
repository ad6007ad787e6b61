// Status icons drawn from primitives (no icon font needed): camera, hub, spool, hands on the
// rails, and "not measurable in this view". Each shows its state by colour and a label, so the
// meaning never rests on colour alone.
#pragma once

#include <imgui.h>

#include <string_view>

#include "ui/fonts.h"

namespace runform::ui {

/// Which icon.
enum class Icon { kCamera, kHub, kSpool, kRails, kNotMeasurable };

/// How things stand.
enum class IconState { kOk, kWarning, kProblem, kInactive };

/// The colour of a state.
ImU32 state_colour(IconState state);

/// Draws the icon in a square of `size_px` at `top_left`.
void draw_icon(ImDrawList* list, Icon icon, ImVec2 top_left, float size_px, IconState state);

/// Draws the icon and its label to the right, in the small font; returns the width used.
float draw_status_chip(ImDrawList* list, const FontSet& fonts, float scale, ImVec2 top_left, Icon icon,
                       IconState state, std::string_view label);

}  // namespace runform::ui
