// Roster CSV: what staff export from their club system, read strictly. A header names the
// columns (name, code, group or squad, coach; any order, any case); every later non-blank line is
// one athlete. The first problem is reported with its line number and nothing is returned, so a
// roster is imported whole or not at all.
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "services/store/assessment_store.h"

namespace runform::services {

/// The most athletes one roster holds (ImportRosterRequest.entries' wire limit).
inline constexpr std::size_t kMaxRosterAthletes = 2000;

/// The first problem of a roster file: "line 5: the code is empty", ready for a person.
struct RosterCsvError {
  int line = 0;
  std::string message;  ///< begins with "line N: "
};

/// The athletes of a roster file (source_line set), or its first problem.
std::variant<std::vector<RosterRow>, RosterCsvError> parse_roster_csv(std::string_view text);

/// The problem with one roster entry's fields (code, name, squad, coach), or empty when fine.
/// Used for CSV rows and for athletes added by hand.
std::string roster_entry_problem(const RosterRow& row);

}  // namespace runform::services
