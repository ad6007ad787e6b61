// The assessment's PDF pack (cairo, A4): one summary page for the group — every athlete's status
// and scores with faults coloured, and the group's averages — then one page per athlete: scores
// with the change since their previous assessment, each protocol step, faults in plain words with
// their cue, and the drills for them. Incomplete protocols say so; nothing unmeasured is a zero.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "form/cue_catalog.h"
#include "services/client/assessment_client.h"

namespace runform::report {

/// Called after each page with (pages written, pages in all).
using PackProgress = std::function<void(int pages_done, int pages_total)>;

/// Writes the pack (whole or not at all). `previous` is the group's previous assessment, for
/// the comparison (athletes matched by code, else by name); `catalog` gives cue and drill texts.
/// Throws std::runtime_error naming what failed.
void write_assessment_pack(const std::filesystem::path& file, const services::AssessmentResults& results,
                           const std::optional<services::AssessmentResults>& previous,
                           const form::CoachingCatalog& catalog, const PackProgress& progress = {});

/// The plain-words lines of one athlete's page (tests read them without a PDF reader).
std::vector<std::string> athlete_page_lines(const services::AssessmentResults& results, std::size_t athlete,
                                            const std::optional<services::AssessmentResults>& previous,
                                            const form::CoachingCatalog& catalog);

}  // namespace runform::report
