#include "tools/spool_command.h"

#include <filesystem>
#include <ostream>

#include "common/cli_conventions.h"
#include "common/utc_text.h"
#include "services/client/sqlite_frame_spool.h"

namespace runform::tools {
namespace {

// The bound only limits appends, which this command never makes.
constexpr std::uint64_t kNoAppendBound = 1;

void list(const services::FrameSpool& spool, const std::string& path, std::ostream& out) {
  const auto sessions = spool.sessions();
  std::size_t refused = 0;
  out << "spool " << path << ": " << sessions.size() << (sessions.size() == 1 ? " session" : " sessions")
      << " not yet confirmed by a hub\n";
  for (const auto& s : sessions) {
    out << "  " << s.start.session_id() << "  " << s.last_seq << " frames recorded, " << s.acked_seq
        << " acknowledged by the hub, " << (s.close ? "ended" : "still open");
    if (s.refusal) {
      ++refused;
      out << "\n    REFUSED by the hub at " << common::utc_text(s.refusal->refused_unix_ms) << ": " << s.refusal->hub_message
          << "\n    (kept here, not resent; after fixing the cause: runform spool retry " << s.start.session_id() << ")";
    }
    out << "\n";
  }
  if (refused > 0) {
    out << refused << (refused == 1 ? " session was" : " sessions were")
        << " refused by the hub and set aside; the others upload as usual\n";
  }
}

}  // namespace

CLI::App* add_spool_command(CLI::App& app, SpoolFlags& f) {
  auto* cmd = app.add_subcommand("spool", "List a kiosk's disk spool, or take a session the hub refused back into the upload");
  cmd->add_option("action", f.action, "list: every session held (refused ones with the hub's words); retry: upload a refused session again")
      ->required()
      ->check(CLI::IsMember({"list", "retry"}));
  cmd->add_option("session", f.session, "The session id to retry");
  cmd->add_option("--spool", f.spool, "The kiosk's spool file")->capture_default_str();
  return cmd;
}

int run_spool_command(const SpoolFlags& f, std::ostream& out, std::ostream& err) {
  if (f.action == "retry" && f.session.empty()) {
    err << "runform spool: retry needs the session id: runform spool retry SESSION (see runform spool list)\n";
    return common::kExitBadInput;
  }
  if (f.action == "list" && !f.session.empty()) {
    err << "runform spool: list takes no session id\n";
    return common::kExitBadInput;
  }
  if (!std::filesystem::exists(f.spool)) {
    // Opening would create an empty spool: a typo in the path must not look like "nothing held".
    err << "runform spool: no spool at " << f.spool << ": give the kiosk's spool file with --spool\n";
    return common::kExitBadInput;
  }
  try {
    services::SqliteFrameSpool spool(f.spool, kNoAppendBound);
    if (f.action == "list") {
      list(spool, f.spool, out);
      return common::kExitOk;
    }
    bool found = false;
    for (const auto& s : spool.sessions()) {
      if (s.start.session_id() != f.session) continue;
      found = true;
      if (!s.refusal) {
        err << "runform spool: session " << f.session << " was not refused; it uploads on its own\n";
        return common::kExitBadInput;
      }
    }
    if (!found) {
      err << "runform spool: no session " << f.session << " in " << f.spool << ": see runform spool list\n";
      return common::kExitBadInput;
    }
    spool.clear_refused(f.session);
    out << "session " << f.session << " goes back into the upload when the kiosk next starts\n";
    return common::kExitOk;
  } catch (const services::SpoolError& e) {
    err << "runform spool: " << e.what() << "\n";
    return common::kExitRunFailure;
  }
}

}  // namespace runform::tools
