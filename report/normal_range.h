// PRODUCT.md's normal range of a metric, as the side of its fault threshold that is not a fault
// (form/thresholds.cpp holds the thresholds and their sources). Charts shade it.
#pragma once

#include <optional>

#include "form/metric_catalog.h"

namespace runform::report {

/// A range; an open end is nullopt (cadence has no upper fault, the lean no "too far forward").
struct NormalRange {
  std::optional<double> low;
  std::optional<double> high;
  bool relative_to_baseline = false;  ///< the rule judges value − the runner's standing baseline
};

/// The range of values that are not a fault for `metric` (in its catalog unit).
NormalRange normal_range(form::MetricId metric);

}  // namespace runform::report
