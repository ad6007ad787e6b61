#include "dashboard/panel_list.h"

#include "dashboard/assessment_panel.h"
#include "dashboard/athletes_panel.h"
#include "dashboard/compare_panel.h"
#include "dashboard/export_panel.h"
#include "dashboard/live_wall_panel.h"
#include "dashboard/session_review_panel.h"
#include "dashboard/trends_panel.h"
#include "form/cue_catalog.h"

namespace runform::dashboard {

std::vector<std::unique_ptr<Panel>> make_panels(const PanelDeps& deps) {
  std::vector<std::unique_ptr<Panel>> panels;
  // One line per panel, in navigation order (keys 1–9).
  panels.push_back(std::make_unique<LiveWallPanel>());
  const form::CoachingCatalog catalog = form::load_coaching_catalog(deps.assets_dir.string());
  panels.push_back(std::make_unique<AthletesPanel>());
  panels.push_back(std::make_unique<SessionReviewPanel>(catalog.cues));
  panels.push_back(std::make_unique<ComparePanel>(catalog.cues));
  panels.push_back(std::make_unique<TrendsPanel>());
  panels.push_back(std::make_unique<ExportPanel>(deps.export_dir, catalog));
  panels.push_back(std::make_unique<AssessmentPanel>(deps.export_dir, catalog, deps.unix_ms));
  return panels;
}

}  // namespace runform::dashboard
