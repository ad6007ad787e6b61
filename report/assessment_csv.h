// The results of an assessment as CSV, one row per athlete: status, scores, every metric's
// mean over the run steps (in the metric's own unit, as the metric keys of PRODUCT.md name
// them), faults and sessions. A value that was not measured is an empty cell, never a zero, and
// an incomplete protocol says "incomplete".
#pragma once

#include <string>

#include "services/client/assessment_client.h"

namespace runform::report {

/// The CSV text (header line first, "\n" line ends, RFC 4180 quoting).
std::string assessment_results_csv(const services::AssessmentResults& results);

}  // namespace runform::report
