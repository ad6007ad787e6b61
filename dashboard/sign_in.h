// Signing in: the hub address is given, the coach types an account (or a script gives it), the
// token is refreshed before it expires, and a refused token (expired, revoked) brings the coach
// back here without losing their place (the Place lives in the app, not in the panels).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "dashboard/panel.h"

namespace runform::dashboard {

/// Refresh a token when less than this part of its lifetime is left (and at least a minute).
inline constexpr double kRefreshAtRemainingFraction = 0.25;

class SignIn {
 public:
  /// `needed` false: the hub has no accounts, or a token was given (`token`, may be empty).
  SignIn(bool needed, std::string user, std::string password, std::function<std::int64_t()> unix_ms);

  /// True while the sign-in screen is shown instead of the panels.
  [[nodiscard]] bool showing() const { return needed_ && !signed_in_; }
  /// Draws the sign-in form into the area.
  void draw(PanelContext& ctx, const std::string& hub_target);
  /// Per frame: refreshes the token when due; goes back to the form when the hub refused it.
  void update(services::CoachWorker& hub);
  /// Who is signed in ("" when no sign-in).
  [[nodiscard]] const std::string& user_name() const { return user_; }
  /// True while a scripted password (--password-file) is signing in without the form.
  [[nodiscard]] bool signs_in_by_itself() const { return auto_submit_; }
  /// Times the token was refreshed (tests).
  [[nodiscard]] int refreshes() const { return refreshes_; }

 private:
  void submit_login(services::CoachWorker& hub);

  bool needed_;
  bool signed_in_ = false;
  std::string user_;
  std::string password_;
  bool auto_submit_;
  std::function<std::int64_t()> unix_ms_;
  std::optional<services::CoachLogin> login_;
  std::int64_t signed_in_unix_ms_ = 0;
  services::Pending<services::CoachLogin> pending_login_;
  services::Pending<services::CoachLogin> pending_refresh_;
  std::string error_;
  int refreshes_ = 0;
  char user_buffer_[65] = {};
  char password_buffer_[257] = {};
};

}  // namespace runform::dashboard
