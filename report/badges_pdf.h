// Check-in badges for an assessment: an A4 PDF sheet (cairo), eight badges a page, each with the
// QR code a kiosk camera reads (libqrencode) and the athlete's name, group and typed code, so
// staff can cut them out and hand them round. The layout is public so a test can find each badge
// on a rendered page and read it back.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace runform::report {

/// One badge.
struct BadgeEntry {
  std::string name;
  std::string squad;
  std::string athlete_code;  ///< printed, for typing at the kiosk
  std::string qr_text;       ///< what the QR code holds (common/assessment_badge.h)
};

/// A rectangle on a page, in PDF points (1/72 inch) from the top left.
struct PageRect {
  double x_pt = 0, y_pt = 0, width_pt = 0, height_pt = 0;
};

/// The sheet's layout: A4 portrait, 2 columns × 4 rows.
inline constexpr double kBadgePageWidthPt = 595.0;
inline constexpr double kBadgePageHeightPt = 842.0;
inline constexpr int kBadgesPerPage = 8;

/// Where badge `index` (0-based over the whole sheet) sits on its page (page = index / 8).
PageRect badge_cell(int index);
/// Where its QR code sits.
PageRect badge_qr_rect(int index);

/// Writes the sheet (whole or not at all). `title` heads each page (assessment name and date).
/// Throws std::runtime_error naming what failed (a code too long for a QR code, the disk).
void write_badge_sheet(const std::filesystem::path& file, const std::string& title, const std::vector<BadgeEntry>& badges);

}  // namespace runform::report
