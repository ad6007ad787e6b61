// One athlete's detail in an assessment's results (issue 14): status, scores compared with the
// athlete's previous assessment, each step with its score and a button opening its session in
// Session review, faults with their cue and drills. The words are the PDF pack's athlete page
// (report::athlete_page_lines, matched to the previous assessment the same way), so the panel and
// the pack never disagree. The previous assessment's results are fetched off the render thread.
#pragma once

#include <future>
#include <optional>
#include <string>

#include "dashboard/panel.h"
#include "form/cue_catalog.h"
#include "services/client/assessment_client.h"

namespace runform::dashboard {

class AssessmentAthleteDetail {
 public:
  explicit AssessmentAthleteDetail(form::CoachingCatalog catalog) : catalog_(std::move(catalog)) {}

  /// Shows `athlete_code` of `results` (compared with `previous_id`'s results when not empty).
  void draw(PanelContext& ctx, const services::AssessmentResults& results, const std::string& athlete_code,
            const std::string& previous_id);

 private:
  struct Previous {
    std::optional<services::AssessmentResults> results;
    std::string error;
  };
  form::CoachingCatalog catalog_;
  std::string previous_id_;  ///< what previous_ holds (or is fetching)
  std::future<Previous> fetching_;
  std::optional<Previous> previous_;
};

}  // namespace runform::dashboard
