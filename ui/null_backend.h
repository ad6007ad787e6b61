// A headless backend: ImGui builds every frame (layout, hit testing, draw lists) but nothing
// is rendered. Tests and benchmarks drive screens through it without a display.
#pragma once

#include "ui/backend.h"

namespace runform::ui {

/// A headless backend with a fixed display size. Needs a current ImGui context.
std::unique_ptr<Backend> make_null_backend(int width_px, int height_px);

}  // namespace runform::ui
