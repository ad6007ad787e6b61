#include "services/hub/hub_admin.h"

#include <termios.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <iomanip>
#include <iostream>
#include <optional>
#include <string>

#include "common/cli_conventions.h"
#include "common/utc_text.h"
#include "services/hub/athlete_data_admin.h"
#include "services/hub/athlete_reference.h"
#include "services/hub/audit_log.h"
#include "services/hub/auth_gate.h"
#include "services/hub/auth_secrets.h"
#include "services/hub/hub_config.h"
#include "services/store/access_store.h"
#include "services/store/open_store.h"

namespace runform::services {

namespace {

using common::kExitBadInput;
using common::kExitOk;
using common::kExitRunFailure;

constexpr std::string_view kActor = "admin-cli";  // the audit log's name for this command line
/// NIST SP 800-63B asks for at least 8 characters; a hub reachable from a club's network gets a
/// little more. The upper bound is access.proto's (LoginRequest.password).
constexpr std::size_t kMinPasswordChars = 10;
constexpr std::size_t kMaxPasswordBytes = 256;
constexpr std::size_t kMaxNameChars = 64;

// A name people type and read: letters, digits, '.', '-', '_', '@'.
bool valid_account_name(const std::string& name) {
  if (name.empty() || name.size() > kMaxNameChars) return false;
  for (const char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '-' || c == '_' || c == '@';
    if (!ok) return false;
  }
  return true;
}

std::optional<v1::Role> role_named(const std::string& name) {
  if (name == "coach") return v1::ROLE_COACH;
  if (name == "staff") return v1::ROLE_STAFF;
  if (name == "admin") return v1::ROLE_ADMIN;
  return std::nullopt;
}

std::string role_name(int role) {
  switch (role) {
    case v1::ROLE_COACH: return "coach";
    case v1::ROLE_STAFF: return "staff";
    case v1::ROLE_ADMIN: return "admin";
    default: return "-";
  }
}

// One line from the terminal without echo, or from `in` when it is not a terminal.
std::string read_secret_line(std::istream& in, std::ostream& err, const std::string& prompt) {
  const bool terminal = &in == &std::cin && isatty(STDIN_FILENO) != 0;
  termios saved{};
  if (terminal) {
    err << prompt << std::flush;
    tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  std::getline(in, line);
  if (terminal) {
    tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    err << "\n";
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// The new account's password: asked twice on a terminal, once from a pipe. Empty on a problem
// (already reported).
std::string new_password(std::istream& in, std::ostream& err, const std::string& user) {
  std::string password = read_secret_line(in, err, "Password for " + user + ": ");
  if (&in == &std::cin && isatty(STDIN_FILENO) != 0 &&
      read_secret_line(in, err, "The same password again: ") != password) {
    err << "runform-hub admin: the two passwords differ; nothing was created\n";
    return {};
  }
  if (password.size() < kMinPasswordChars || password.size() > kMaxPasswordBytes) {
    err << "runform-hub admin: a password needs " << kMinPasswordChars << "–" << kMaxPasswordBytes
        << " characters (a few words make a good one); nothing was created\n";
    return {};
  }
  return password;
}

struct Common {
  std::string config_path;
  std::string store;
};

// The store the hub is configured with: --store, else the config file's, else the default.
std::string store_of(const Common& c) {
  if (!c.store.empty()) return c.store;
  HubConfig config;
  if (!c.config_path.empty()) config = load_hub_config(c.config_path);
  return config.hub.store;
}

}  // namespace

int run_hub_admin(int argc, char** argv, std::istream& in, std::ostream& out, std::ostream& err) {
  CLI::App app{"runform-hub admin: accounts, kiosks and the audit log of this hub's database.\n"
               "Run it on the hub's machine with the hub's --store or -c config."};
  app.name("runform-hub admin");
  app.require_subcommand(1);
  Common common;
  app.add_option("-c,--config", common.config_path, "the hub's TOML config (its store is used)")
      ->check(CLI::ExistingFile);
  app.add_option("--store", common.store, "sqlite:PATH or a postgresql:// URI (overrides the config)");

  std::string name;
  std::string role;
  std::string coach;
  std::string athlete;
  std::string station;
  std::string kiosk;
  int valid_minutes = 60;
  std::int64_t after = 0;
  int limit = 100;
  auto* create_admin = app.add_subcommand("create-admin", "make the first admin (password from a prompt or stdin)");
  create_admin->add_option("--name", name, "the admin's user name")->required();
  auto* create_account = app.add_subcommand("create-account", "make an account (password from a prompt or stdin)");
  create_account->add_option("--name", name, "user name")->required();
  create_account->add_option("--role", role, "coach, staff or admin")->required();
  auto* assign = app.add_subcommand("assign-athlete", "let a coach see an athlete");
  assign->add_option("--coach", coach, "the coach's user name")->required();
  assign->add_option("--athlete", athlete, "the athlete id (as on the badge)")->required();
  auto* unassign = app.add_subcommand("unassign-athlete", "stop a coach seeing an athlete");
  unassign->add_option("--coach", coach, "the coach's user name")->required();
  unassign->add_option("--athlete", athlete, "the athlete id")->required();
  auto* issue = app.add_subcommand("issue-enrolment-code", "a one-time code a kiosk of this station enrols with");
  issue->add_option("--station", station, "the station the kiosk will upload as")->required();
  issue->add_option("--valid-minutes", valid_minutes, "how long the code works (1–10080)")
      ->check(CLI::Range(1, 7 * 24 * 60));
  auto* revoke = app.add_subcommand("revoke-kiosk", "refuse a kiosk's credential from now on");
  revoke->add_option("kiosk_id", kiosk, "the kiosk id (see list-kiosks)")->required();
  auto* list_kiosks = app.add_subcommand("list-kiosks", "enrolled kiosks and whether they are revoked");
  auto* list_accounts = app.add_subcommand("list-accounts", "accounts and their roles");
  std::string out_file;
  auto* export_athlete = app.add_subcommand("export-athlete", "everything the hub holds about an athlete, to a file");
  export_athlete->add_option("athlete_id", athlete, "the athlete id (as on the badge)")->required();
  export_athlete->add_option("--out", out_file, "the export file to write (JSON lines; docs/athlete-data.md)")
      ->required();
  auto* erase_athlete = app.add_subcommand("erase-athlete", "erase everything the hub holds about an athlete");
  erase_athlete->add_option("athlete_id", athlete, "the athlete id (as on the badge)")->required();
  auto* audit = app.add_subcommand("audit", "the audit log, oldest first");
  audit->add_option("--after", after, "only events after this event id");
  audit->add_option("--limit", limit, "at most this many events")->check(CLI::Range(1, 10000));

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    out << app.help();
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    const auto* sub = app.get_subcommands().empty() ? &app : app.get_subcommands().front();
    err << "runform-hub admin: " << e.what() << "\nRun 'runform-hub admin " << (sub == &app ? "" : sub->get_name() + " ")
        << "--help' for its options.\n";
    return kExitBadInput;
  }

  std::unique_ptr<AccessStore> access;
  try {
    access = open_access_store(store_of(common));
  } catch (const ConfigError& e) {
    err << "runform-hub admin: " << e.what() << "\n";
    return kExitBadInput;
  } catch (const std::exception& e) {
    err << "runform-hub admin: cannot open the hub's store: " << e.what() << "\n";
    return kExitRunFailure;
  }
  AuditLog log(*access, [] { return std::chrono::system_clock::now(); });
  const auto now_ms = [] { return unix_ms_of(std::chrono::system_clock::now()); };

  try {
    if (create_admin->parsed() || create_account->parsed()) {
      const bool first_admin = create_admin->parsed();
      const auto wanted = first_admin ? std::optional(v1::ROLE_ADMIN) : role_named(role);
      if (!wanted) {
        err << "runform-hub admin: --role must be coach, staff or admin, got '" << role << "'\n";
        return kExitBadInput;
      }
      if (!valid_account_name(name)) {
        err << "runform-hub admin: a user name is 1–64 letters, digits, '.', '-', '_' or '@', got '" << name << "'\n";
        return kExitBadInput;
      }
      if (first_admin && access->any_account_with_role(v1::ROLE_ADMIN)) {
        err << "runform-hub admin: this hub already has an admin; an admin adds more with "
               "'create-account --role admin'\n";
        return kExitBadInput;
      }
      if (access->account(name)) {
        err << "runform-hub admin: the user name '" << name << "' is taken\n";
        return kExitBadInput;
      }
      std::string password = new_password(in, err, name);
      if (password.empty()) return kExitBadInput;
      const std::string hash = hash_password(password, PasswordCost::interactive());
      std::fill(password.begin(), password.end(), '\0');
      if (!access->create_account({name, *wanted, hash, now_ms()})) {
        err << "runform-hub admin: the user name '" << name << "' is taken\n";
        return kExitBadInput;
      }
      log.record(AuditKind::kAccountCreated, kActor, v1::ROLE_ADMIN, first_admin ? "create-admin" : "create-account",
                 grpc::StatusCode::OK, name);
      out << "created " << role_name(*wanted) << " account '" << name << "'\n";
    } else if (assign->parsed() || unassign->parsed()) {
      const auto account = access->account(coach);
      if (!account || account->role != v1::ROLE_COACH) {
        err << "runform-hub admin: no coach account '" << coach << "' (see list-accounts)\n";
        return kExitBadInput;
      }
      if (athlete.empty() || athlete.size() > kMaxNameChars) {
        err << "runform-hub admin: --athlete must be 1–64 characters\n";
        return kExitBadInput;
      }
      if (assign->parsed()) {
        access->assign_athlete(coach, athlete);
        // The athlete id is personal: the audit log names the coach only.
        log.record(AuditKind::kAthleteAssigned, kActor, v1::ROLE_ADMIN, "assign-athlete", grpc::StatusCode::OK, coach);
        out << "coach '" << coach << "' now sees athlete '" << athlete << "'\n";
      } else {
        access->unassign_athlete(coach, athlete);
        out << "coach '" << coach << "' no longer sees athlete '" << athlete << "'\n";
      }
    } else if (issue->parsed()) {
      if (station.empty() || station.size() > kMaxNameChars) {
        err << "runform-hub admin: --station must be 1–64 characters\n";
        return kExitBadInput;
      }
      const std::string code = new_enrolment_code();
      const std::int64_t expires = now_ms() + std::int64_t{valid_minutes} * 60'000;
      access->add_enrolment_code({secret_hash(code), station, expires});
      log.record(AuditKind::kEnrolmentCodeIssued, kActor, v1::ROLE_ADMIN, "issue-enrolment-code", grpc::StatusCode::OK,
                 "station:" + station);
      out << code << "\n";
      err << "enrolment code for station '" << station << "', works once, until " << common::utc_text(expires)
          << ". Enter it on the kiosk (runform-kiosk --enrolment-code CODE).\n";
    } else if (revoke->parsed()) {
      if (!access->revoke_kiosk(kiosk, now_ms())) {
        err << "runform-hub admin: no kiosk '" << kiosk << "' (see list-kiosks)\n";
        return kExitBadInput;
      }
      log.record(AuditKind::kKioskRevoked, kActor, v1::ROLE_ADMIN, "revoke-kiosk", grpc::StatusCode::OK,
                 "kiosk:" + kiosk);
      out << "kiosk '" << kiosk << "' is revoked: running hubs refuse it within a second\n";
    } else if (list_kiosks->parsed()) {
      out << std::left << std::setw(24) << "KIOSK" << std::setw(24) << "STATION" << std::setw(26) << "ENROLLED"
          << "REVOKED\n";
      for (const KioskRow& k : access->list_kiosks()) {
        out << std::setw(24) << k.kiosk_id << std::setw(24) << k.station_id << std::setw(26) << common::utc_text(k.enrolled_unix_ms)
            << (k.revoked_unix_ms == 0 ? "-" : common::utc_text(k.revoked_unix_ms)) << "\n";
      }
    } else if (list_accounts->parsed()) {
      out << std::left << std::setw(32) << "ACCOUNT" << std::setw(8) << "ROLE" << "ATHLETES\n";
      for (const AccountRow& a : access->list_accounts()) {
        out << std::setw(32) << a.user_name << std::setw(8) << role_name(a.role);
        if (a.role == v1::ROLE_COACH) {
          out << access->assigned_athletes(a.user_name).size();
        } else {
          out << "all";
        }
        out << "\n";
      }
    } else if (export_athlete->parsed() || erase_athlete->parsed()) {
      if (athlete.empty() || athlete.size() > kMaxNameChars) {
        err << "runform-hub admin: the athlete id must be 1–64 characters\n";
        return kExitBadInput;
      }
      const auto sessions = open_store(store_of(common));
      if (export_athlete->parsed()) {
        const auto totals = export_athlete_to_file(*sessions, athlete, out_file, err);
        if (!totals) {
          err << "runform-hub admin: the hub holds no data about athlete '" << athlete << "'; nothing was written\n";
          return kExitBadInput;
        }
        const std::string reference = new_event_reference();
        log.record(AuditKind::kExport, kActor, v1::ROLE_ADMIN, "export-athlete", grpc::StatusCode::OK, reference);
        out << "exported " << totals->sessions() << " sessions, " << totals->frames() << " frames and "
            << totals->annotations() << " notes to " << out_file << " (" << reference << ")\n";
      } else {
        const auto erased = erase_athlete_locally(*sessions, athlete);
        if (!erased) {
          err << "runform-hub admin: the hub holds no data about athlete '" << athlete << "'; nothing was erased\n";
          return kExitBadInput;
        }
        // The audit log names the erasure by a random reference, never the athlete.
        log.record(AuditKind::kErasure, kActor, v1::ROLE_ADMIN, "erase-athlete", grpc::StatusCode::OK, erased->reference);
        out << "erased " << erased->counts.sessions << " sessions, " << erased->counts.frames << " frames and "
            << erased->counts.annotations << " notes (" << erased->reference << ")\n";
      }
    } else if (audit->parsed()) {
      out << std::left << std::setw(8) << "ID" << std::setw(25) << "TIME" << std::setw(24) << "EVENT" << std::setw(26)
          << "ACTOR" << std::setw(8) << "STATUS" << "RPC / REFERENCE\n";
      for (const AuditRow& e : access->list_audit(after, static_cast<std::size_t>(limit))) {
        out << std::setw(8) << e.event_id << std::setw(25) << common::utc_text(e.unix_ms) << std::setw(24)
            << audit_kind_name(static_cast<AuditKind>(e.kind)) << std::setw(26) << e.actor << std::setw(8) << e.status
            << e.rpc << (e.reference.empty() ? "" : " " + e.reference) << "\n";
      }
    }
  } catch (const StoreError& e) {
    err << "runform-hub admin: the store failed: " << e.what() << "\n";
    return kExitRunFailure;
  }
  return kExitOk;
}

}  // namespace runform::services
