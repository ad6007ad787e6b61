// Score bands shared by the gauges' colours and the summary's words (no ImGui here, so UI-free
// code can use them).
#pragma once

namespace runform::ui {

/// A score from this value up is "good" (green). RunForm working value.
inline constexpr double kGoodScore = 80.0;
/// A score from this value up is "fair" (amber); below it "needs work" (coral).
inline constexpr double kFairScore = 60.0;

}  // namespace runform::ui
