#include "report/normal_range.h"

#include "form/thresholds.h"

namespace runform::report {

NormalRange normal_range(form::MetricId metric) {
  const form::MetricRule& rule = form::rule_for(metric);
  NormalRange range;
  range.relative_to_baseline = rule.relative_to_baseline;
  if (rule.higher_is_worse) {
    range.high = rule.fault;
    if (rule.absolute) range.low = -rule.fault;
  } else {
    range.low = rule.fault;
  }
  return range;
}

}  // namespace runform::report
