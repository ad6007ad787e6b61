// Time spans a session's frames imply: the cue timeline (a message runs until it is cleared or
// replaced; a corrective cue is a fault span of its metric) and spans where the arms' score was
// not measurable while the rest was (hands on the rails, or the arms hidden). The dashboard's
// review and the PDF report both read them from here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "form/cue_catalog.h"
#include "services/client/coach_types.h"

namespace runform::report {

/// A span of session time [begin_us, end_us).
struct SessionSpan {
  std::int64_t begin_us = 0;
  std::int64_t end_us = 0;
  std::string label;                     ///< the cue text, or "arms not measurable"
  std::optional<form::MetricId> metric;  ///< a corrective cue's metric
  bool positive = false;                 ///< a "Better — …" message
};

/// The label of arms-not-measurable spans.
inline constexpr const char* kArmsOffLabel = "arms not measurable (hands on the rails?)";

/// The label of hands-on-rails spans the hub's summary sent.
inline constexpr const char* kRailsLabel = "hands on the rails";

/// Hands-on-rails spans: the summary's (SessionSummary.holding_rails_spans) when it has them; for
/// a session without them (not closed yet, or from a kiosk that predates them while its
/// holding_rails_s says there was rail time) the arms-not-measurable spans stand in.
std::vector<SessionSpan> rails_spans(const std::optional<services::CoachSummary>& summary,
                                     const std::vector<SessionSpan>& arms_off);

/// When `metric`'s fault was live: the session verdict's spans when the summary has a verdict for
/// it; else (old kiosks, open sessions) its corrective cue on screen.
std::vector<SessionSpan> fault_spans(const std::optional<services::CoachSummary>& summary, form::MetricId metric,
                                     const std::vector<SessionSpan>& cue_spans);

/// The worst moments worth jumping to: none on the rails (a stride there describes the rail,
/// not the runner's form; the form engine keeps them out too, this guards older summaries).
std::vector<services::CoachWorstMoment> worst_moments_off_rails(const services::CoachSummary& summary,
                                                                const std::vector<SessionSpan>& rails);

/// Builds spans from frames given in time order.
class SpanBuilder {
 public:
  explicit SpanBuilder(const std::vector<form::CueDef>& cues) : cues_(cues) {}
  /// The next frame.
  void add(const services::CoachFrame& frame);
  /// Frames are missing from here on: whatever is open ends at the last frame seen.
  void gap();
  /// Ends open spans; the spans built so far.
  [[nodiscard]] std::vector<SessionSpan> cue_spans();
  [[nodiscard]] std::vector<SessionSpan> arms_off_spans();

 private:
  const std::vector<form::CueDef>& cues_;
  std::vector<SessionSpan> cue_spans_;
  std::vector<SessionSpan> arms_off_spans_;
  std::optional<SessionSpan> open_cue_;
  bool arms_off_ = false;
  std::int64_t arms_off_since_us_ = 0;
  std::int64_t last_t_us_ = 0;
};

}  // namespace runform::report
