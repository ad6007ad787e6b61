// The views of an assessment the hub derives, never stores: the live board (who waits, who is on
// which station at which step, who is done) from the check-ins, and the results from the
// check-ins and the stored session summaries. An incomplete protocol is marked incomplete; no
// score is ever made up (a step without a summary has none, not a zero).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runform/v1/assessment.pb.h"
#include "services/store/assessment_store.h"
#include "services/store/session_store.h"

namespace runform::services {

/// Looks up a stored session by id.
using SessionLookup = std::function<std::optional<StoredSession>(std::string_view session_id)>;

/// The board of an assessment.
v1::Board assessment_board(const AssessmentRow& assessment, const std::vector<RosterRow>& roster,
                           const std::vector<CheckInRow>& check_ins);

/// The results of the athletes of `roster` (already filtered, e.g. to one coach's athletes).
v1::Results assessment_results(const AssessmentRow& assessment, const std::vector<RosterRow>& roster,
                               const std::vector<CheckInRow>& check_ins, const SessionLookup& sessions);

}  // namespace runform::services
