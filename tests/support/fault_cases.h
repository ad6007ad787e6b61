// Every fault of PRODUCT.md's metric table, induced in the simulated runner, with a view that
// sees it. Shared by the fault-detection, occlusion and robustness-matrix tests.
#pragma once

#include <functional>
#include <vector>

#include "form/metric_catalog.h"
#include "sim/runner_params.h"

namespace runform::testing {

/// One fault and how to induce it.
struct FaultCase {
  const char* name;
  form::MetricId metric;
  form::View view;  ///< a view that sees it
  std::function<void(sim::RunnerParams&)> induce;
};

/// One case per fault and view (metrics seen by both views have a case in each).
const std::vector<FaultCase>& fault_cases();

}  // namespace runform::testing
