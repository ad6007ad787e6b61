// Cue and drill texts, loaded from assets/ (cues.txt, drills.txt): data, not string literals.
#pragma once

#include <istream>
#include <string>
#include <vector>

#include "form/metric_catalog.h"

namespace runform::form {

/// One corrective cue, triggered by one metric's fault.
struct CueDef {
  std::string id;             ///< stable id, e.g. "shoulders_high"
  MetricId metric;            ///< the metric whose fault triggers it
  int priority = 0;           ///< lower shows first
  std::string text;           ///< imperative, readable at 3 m: "Drop your shoulders"
  std::string positive_text;  ///< shown when the fault resolves: "Better — shoulders low"
};

/// One drill or exercise, chosen for the faults it addresses.
struct DrillDef {
  std::string id;
  std::string title;
  std::string dose;               ///< "30 s, 2–3×"
  std::vector<MetricId> metrics;  ///< faults it addresses
};

/// Everything the engine and the summary say to a runner.
struct CoachingCatalog {
  std::vector<CueDef> cues;
  std::vector<DrillDef> drills;
  std::vector<std::string> recovery_notes;
};

/// Parses cues.txt: `id | metric key | priority | text | positive text`.
std::vector<CueDef> parse_cues(std::istream& in, const std::string& file_name);
/// Parses drills.txt: `id | title | dose | metric keys (comma separated)`, plus `note | text` lines.
void parse_drills(std::istream& in, const std::string& file_name, CoachingCatalog& catalog);
/// Loads cues.txt and drills.txt from an assets directory; throws DataFileError with the path.
CoachingCatalog load_coaching_catalog(const std::string& assets_dir);

}  // namespace runform::form
