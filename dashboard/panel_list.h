// The dashboard's panels, in navigation order. Adding a panel is one line in panel_list.cpp.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <vector>

#include "dashboard/panel.h"

namespace runform::dashboard {

/// What panels may need from the app's settings.
struct PanelDeps {
  std::filesystem::path export_dir;  ///< where exports are written
  std::filesystem::path assets_dir;  ///< cues.txt and drills.txt (reports in plain words)
  std::function<std::int64_t()> unix_ms;  ///< the wall clock (ms since 1970); empty: the system's
};

/// Every panel, in navigation order (keys 1–9 follow it).
std::vector<std::unique_ptr<Panel>> make_panels(const PanelDeps& deps);

}  // namespace runform::dashboard
