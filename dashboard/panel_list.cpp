#include "dashboard/panel_list.h"

#include "dashboard/athletes_panel.h"
#include "dashboard/live_wall_panel.h"

namespace runform::dashboard {

std::vector<std::unique_ptr<Panel>> make_panels(const PanelDeps& deps) {
  std::vector<std::unique_ptr<Panel>> panels;
  // One line per panel, in navigation order (keys 1–9).
  panels.push_back(std::make_unique<LiveWallPanel>());
  panels.push_back(std::make_unique<AthletesPanel>());
  (void)deps;
  return panels;
}

}  // namespace runform::dashboard
