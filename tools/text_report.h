// The readable report of an analysis: what `runform analyze --format text` and `runform demo`
// print for a runner. Plain words and units (cm when the height is known, degrees, %, steps per
// minute), sensibly rounded, no metric ids; at most 80 columns, for any terminal.
#pragma once

#include <optional>
#include <ostream>

#include "form/analysis.h"

namespace runform::tools {

/// What the report needs beyond the analysis.
struct ReportOptions {
  std::optional<double> height_cm;  ///< the runner's height: lengths in cm instead of body proportions
};

/// Widest line the report writes, in terminal columns.
inline constexpr int kReportColumns = 80;

/// Writes the report: the session, scores, what to work on (faults), how form changed as the
/// runner tired (drift, "from 4% to 16%"), the cues shown, hands-on-rails time, every
/// measurement, what could not be measured and why, drills and recovery.
void write_text_report(const form::AnalysisResult& result, const ReportOptions& options, std::ostream& out);

}  // namespace runform::tools
