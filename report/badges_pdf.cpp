#include "report/badges_pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <qrencode.h>

#include <cmath>
#include <memory>
#include <utility>
#include <stdexcept>
#include <system_error>

namespace runform::report {

namespace {

constexpr double kMarginPt = 36.0;       // half an inch: inside every office printer's margin
constexpr double kTitleHeightPt = 24.0;
constexpr int kColumns = 2;
constexpr int kRows = 4;
constexpr double kCellPaddingPt = 12.0;
constexpr double kQrSidePt = 112.0;      // ≈ 4 cm: a kiosk camera at arm's length reads it
constexpr int kQrQuietModules = 4;       // the QR standard's quiet zone
constexpr double kNameFontPt = 14.0;
constexpr double kDetailFontPt = 11.0;

double cell_width() { return (kBadgePageWidthPt - 2 * kMarginPt) / kColumns; }
double cell_height() { return (kBadgePageHeightPt - 2 * kMarginPt - kTitleHeightPt) / kRows; }

using Surface = std::unique_ptr<cairo_surface_t, void (*)(cairo_surface_t*)>;
using Context = std::unique_ptr<cairo_t, void (*)(cairo_t*)>;
using QrCode = std::unique_ptr<QRcode, void (*)(QRcode*)>;

/// Shortens text to fit a width, with an ellipsis.
std::string fitted(cairo_t* cr, std::string text, double width_pt) {
  cairo_text_extents_t extents;
  cairo_text_extents(cr, text.c_str(), &extents);
  if (extents.x_advance <= width_pt) return text;
  while (!text.empty()) {
    text.pop_back();
    while (!text.empty() && (static_cast<unsigned char>(text.back()) & 0xC0) == 0x80) text.pop_back();  // UTF-8
    const std::string candidate = text + "…";
    cairo_text_extents(cr, candidate.c_str(), &extents);
    if (extents.x_advance <= width_pt) return candidate;
  }
  return "…";
}

void draw_text(cairo_t* cr, const std::string& text, double x, double y, double size_pt, bool bold, double width_pt) {
  cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size_pt);
  cairo_move_to(cr, x, y);
  cairo_show_text(cr, fitted(cr, text, width_pt).c_str());
}

/// A name as one line when it fits the width at the name size, else two lines split at a space.
std::pair<std::string, std::string> split_name(cairo_t* cr, const std::string& name, double width_pt) {
  cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size(cr, kNameFontPt);
  cairo_text_extents_t extents;
  cairo_text_extents(cr, name.c_str(), &extents);
  if (extents.x_advance <= width_pt) return {name, ""};
  const double middle = static_cast<double>(name.size()) / 2.0;
  std::size_t best = std::string::npos;
  for (std::size_t i = name.find(' '); i != std::string::npos; i = name.find(' ', i + 1)) {
    if (best == std::string::npos ||
        std::abs(static_cast<double>(i) - middle) < std::abs(static_cast<double>(best) - middle)) {
      best = i;
    }
  }
  if (best == std::string::npos) return {name, ""};
  return {name.substr(0, best), name.substr(best + 1)};
}

void draw_qr(cairo_t* cr, const std::string& text, const PageRect& where) {
  // Level M (15% recovery): a creased or smudged badge still reads.
  const QrCode code(QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_M), QRcode_free);
  if (!code) throw std::runtime_error("the badge text '" + text + "' cannot be made into a QR code");
  const int modules = code->width + 2 * kQrQuietModules;
  const double module_pt = where.width_pt / modules;
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_rectangle(cr, where.x_pt, where.y_pt, where.width_pt, where.height_pt);
  cairo_fill(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  for (int y = 0; y < code->width; ++y) {
    for (int x = 0; x < code->width; ++x) {
      if ((code->data[y * code->width + x] & 1) == 0) continue;
      cairo_rectangle(cr, where.x_pt + (x + kQrQuietModules) * module_pt, where.y_pt + (y + kQrQuietModules) * module_pt,
                      module_pt, module_pt);
    }
  }
  cairo_fill(cr);
}

}  // namespace

PageRect badge_cell(int index) {
  const int on_page = index % kBadgesPerPage;
  const int column = on_page % kColumns;
  const int row = on_page / kColumns;
  return {kMarginPt + column * cell_width(), kMarginPt + kTitleHeightPt + row * cell_height(), cell_width(), cell_height()};
}

PageRect badge_qr_rect(int index) {
  const PageRect cell = badge_cell(index);
  return {cell.x_pt + kCellPaddingPt, cell.y_pt + (cell.height_pt - kQrSidePt) / 2, kQrSidePt, kQrSidePt};
}

void write_badge_sheet(const std::filesystem::path& file, const std::string& title, const std::vector<BadgeEntry>& badges) {
  if (badges.empty()) throw std::runtime_error("the roster is empty: import athletes before printing badges");
  const std::filesystem::path partial = file.string() + ".partial";
  {
    Surface surface(cairo_pdf_surface_create(partial.c_str(), kBadgePageWidthPt, kBadgePageHeightPt),
                    cairo_surface_destroy);
    Context cr(cairo_create(surface.get()), cairo_destroy);
    const int pages = (static_cast<int>(badges.size()) + kBadgesPerPage - 1) / kBadgesPerPage;
    for (std::size_t i = 0; i < badges.size(); ++i) {
      const int index = static_cast<int>(i);
      const int page = index / kBadgesPerPage;
      if (index % kBadgesPerPage == 0) {
        if (index > 0) cairo_show_page(cr.get());
        cairo_set_source_rgb(cr.get(), 0.2, 0.2, 0.2);
        draw_text(cr.get(), title + "  ·  check-in badges  ·  page " + std::to_string(page + 1) + " of " + std::to_string(pages),
                  kMarginPt, kMarginPt + 14, kDetailFontPt, false, kBadgePageWidthPt - 2 * kMarginPt);
      }
      const BadgeEntry& badge = badges[i];
      const PageRect cell = badge_cell(index);
      // Dashed cut lines around each badge.
      const double dashes[] = {4.0, 3.0};
      cairo_set_dash(cr.get(), dashes, 2, 0);
      cairo_set_line_width(cr.get(), 0.5);
      cairo_set_source_rgb(cr.get(), 0.6, 0.6, 0.6);
      cairo_rectangle(cr.get(), cell.x_pt, cell.y_pt, cell.width_pt, cell.height_pt);
      cairo_stroke(cr.get());
      cairo_set_dash(cr.get(), nullptr, 0, 0);
      const PageRect qr = badge_qr_rect(index);
      draw_qr(cr.get(), badge.qr_text, qr);
      const double text_x = qr.x_pt + qr.width_pt + kCellPaddingPt;
      const double text_width = cell.x_pt + cell.width_pt - kCellPaddingPt - text_x;
      const double middle = cell.y_pt + cell.height_pt / 2;
      cairo_set_source_rgb(cr.get(), 0, 0, 0);
      // The name on up to two lines (split at the space nearest the middle), then group and code.
      const auto [first_line, second_line] = split_name(cr.get(), badge.name, text_width);
      draw_text(cr.get(), first_line, text_x, middle - 22, kNameFontPt, true, text_width);
      if (!second_line.empty()) draw_text(cr.get(), second_line, text_x, middle - 4, kNameFontPt, true, text_width);
      cairo_set_source_rgb(cr.get(), 0.25, 0.25, 0.25);
      if (!badge.squad.empty()) draw_text(cr.get(), badge.squad, text_x, middle + 18, kDetailFontPt, false, text_width);
      draw_text(cr.get(), "Code: " + badge.athlete_code, text_x, middle + 36, kDetailFontPt, false, text_width);
    }
    cairo_surface_finish(surface.get());
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
      std::error_code ignored;
      std::filesystem::remove(partial, ignored);
      throw std::runtime_error("cannot write " + file.string() + ": " +
                               cairo_status_to_string(cairo_surface_status(surface.get())) + " (check the folder and the disk)");
    }
  }
  std::error_code error;
  std::filesystem::rename(partial, file, error);
  if (error) throw std::runtime_error("cannot write " + file.string() + ": " + error.message());
}

}  // namespace runform::report
