// Trends: any metric's session median across the chosen athlete's sessions over weeks (the hub's
// GetMetricTrend), PRODUCT.md's normal range shaded; the metric is picked from a list (the
// catalog), each session's point can be opened in review.
#pragma once

#include <string>
#include <vector>

#include "dashboard/panel.h"

namespace runform::dashboard {

class TrendsPanel final : public Panel {
 public:
  [[nodiscard]] std::string_view id() const override { return "trends"; }
  [[nodiscard]] std::string_view title() const override { return "Trends"; }
  void draw(PanelContext& ctx) override;
  [[nodiscard]] bool ready() const override { return trend_.ready(); }

 private:
  std::string loaded_key_;
  services::Pending<std::vector<services::CoachTrendPoint>> trend_;
};

}  // namespace runform::dashboard
