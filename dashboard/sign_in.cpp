#include "dashboard/sign_in.h"

#include <algorithm>
#include <cstring>

#include "dashboard/controls.h"
#include "ui/text.h"
#include "ui/theme.h"

namespace runform::dashboard {
namespace {

// Never refresh later than this before expiry (a slow hub still answers in time).
constexpr std::int64_t kMinRefreshLeadMs = 60'000;

}  // namespace

SignIn::SignIn(bool needed, std::string user, std::string password, std::function<std::int64_t()> unix_ms)
    : needed_(needed), user_(std::move(user)), password_(std::move(password)), unix_ms_(std::move(unix_ms)) {
  auto_submit_ = !user_.empty() && !password_.empty();
  std::strncpy(user_buffer_, user_.c_str(), sizeof user_buffer_ - 1);
}

void SignIn::submit_login(services::CoachWorker& hub) {
  error_.clear();
  const std::string user = user_buffer_;
  const std::string password = password_.empty() ? std::string(password_buffer_) : password_;
  pending_login_ = hub.submit([user, password](services::CoachClient& c) { return c.login(user, password); });
}

void SignIn::update(services::CoachWorker& hub) {
  if (!needed_) return;
  if (pending_login_.ready()) {
    if (pending_login_.ok()) {
      login_ = pending_login_.value();
      hub.set_token(login_->token);
      user_ = login_->user_name;
      signed_in_ = true;
      signed_in_unix_ms_ = unix_ms_();
      std::memset(password_buffer_, 0, sizeof password_buffer_);
    } else {
      error_ = pending_login_.error();
      auto_submit_ = false;  // a wrong scripted password must not retry for ever
    }
    pending_login_ = {};
  }
  if (!signed_in_ && auto_submit_ && !pending_login_.started()) submit_login(hub);
  if (!signed_in_) return;
  if (hub.state().signed_out) {
    // The hub refused the token: back to the form, place kept; a scripted password signs in again.
    signed_in_ = false;
    error_ = "Your sign-in has ended (" + hub.state().message + "). Sign in again to carry on where you were.";
    auto_submit_ = !password_.empty();
    return;
  }
  if (pending_refresh_.ready()) {
    if (pending_refresh_.ok()) {
      login_ = pending_refresh_.value();
      hub.set_token(login_->token);
      signed_in_unix_ms_ = unix_ms_();
      ++refreshes_;
    }
    pending_refresh_ = {};
  }
  const std::int64_t now = unix_ms_();
  const std::int64_t lifetime = std::max<std::int64_t>(login_->expires_unix_ms - signed_in_unix_ms_, 0);
  const std::int64_t lead = std::max<std::int64_t>(static_cast<std::int64_t>(static_cast<double>(lifetime) * kRefreshAtRemainingFraction), kMinRefreshLeadMs);
  if (!pending_refresh_.started() && now >= login_->expires_unix_ms - lead) {
    pending_refresh_ = hub.submit([](services::CoachClient& c) { return c.refresh_token(); });
  }
}

void SignIn::draw(PanelContext& ctx, const std::string& hub_target) {
  const ui::Palette& p = ui::palette();
  const float w = 520.0f * ctx.scale;
  const ImVec2 centre((ctx.area_min.x + ctx.area_max.x) * 0.5f, (ctx.area_min.y + ctx.area_max.y) * 0.5f);
  ImGui::SetCursorScreenPos(ImVec2(centre.x - w * 0.5f, centre.y - 160.0f * ctx.scale));
  ImGui::BeginGroup();
  ImGui::PushFont(ctx.fonts.heading);
  ImGui::TextUnformatted("Sign in");
  ImGui::PopFont();
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(p.text_dim), "Hub %s", hub_target.c_str());
  ImGui::SetNextItemWidth(w);
  ImGui::InputTextWithHint("##user", "account name", user_buffer_, sizeof user_buffer_);
  record_last_item(ctx.targets, "user");
  ImGui::SetNextItemWidth(w);
  const bool enter = ImGui::InputTextWithHint("##password", "password", password_buffer_, sizeof password_buffer_,
                                              ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue);
  record_last_item(ctx.targets, "password");
  const bool busy = pending_login_.started() && !pending_login_.ready();
  if ((button(ctx.targets, busy ? "Signing in...##go" : "Sign in##go", ImVec2(w, 0)) || enter) && !busy) {
    submit_login(ctx.hub);
  }
  if (!error_.empty()) {
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + w);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(p.poor), "%s", error_.c_str());
    ImGui::PopTextWrapPos();
  }
  ImGui::EndGroup();
}

}  // namespace runform::dashboard
