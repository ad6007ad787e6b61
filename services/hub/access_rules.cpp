#include "services/hub/access_rules.h"

#include <array>

namespace runform::services {

namespace {

constexpr unsigned kCoachReaders = kCoaches | kStaff | kAdmins;  // staff and admins see every athlete
constexpr unsigned kStaffDesk = kStaff | kAdmins;                 // the club's front desk: assessments

constexpr std::array kRules = {
    // access.proto
    AccessRule{"/runform.v1.AccessService/Login", kAnyone, ResourceRule::kNone, "signing in needs no token"},
    AccessRule{"/runform.v1.AccessService/RefreshToken", kPeople, ResourceRule::kSelf, "a person renews their own token"},
    AccessRule{"/runform.v1.AccessService/Logout", kPeople, ResourceRule::kSelf, "a person ends their own token"},
    AccessRule{"/runform.v1.AccessService/WhoAmI", kPeople | kKiosks, ResourceRule::kSelf, "any signed-in caller"},
    AccessRule{"/runform.v1.AccessService/EnrollKiosk", kAnyone, ResourceRule::kNone,
               "a kiosk has no credential before it enrols; the one-time code is the proof"},
    AccessRule{"/runform.v1.AccessService/IssueEnrolmentCode", kAdmins, ResourceRule::kNone, "admins manage kiosks"},
    AccessRule{"/runform.v1.AccessService/RevokeKiosk", kAdmins, ResourceRule::kNone, "admins manage kiosks"},
    AccessRule{"/runform.v1.AccessService/ListAuditEvents", kAdmins, ResourceRule::kNone, "admins read the audit log"},
    // ingest.proto
    AccessRule{"/runform.v1.KioskIngest/Ingest", kKiosks, ResourceRule::kOwnKiosk,
               "only enrolled kiosks upload, as their own kiosk and station"},
    // coach.proto
    AccessRule{"/runform.v1.CoachService/ListAthletes", kCoachReaders, ResourceRule::kAssignedAthletes, "coach reads"},
    AccessRule{"/runform.v1.CoachService/ListSessions", kCoachReaders, ResourceRule::kAssignedAthletes, "coach reads"},
    AccessRule{"/runform.v1.CoachService/GetSession", kCoachReaders, ResourceRule::kAssignedAthletes, "coach reads"},
    AccessRule{"/runform.v1.CoachService/ReadFrames", kCoachReaders, ResourceRule::kAssignedAthletes, "coach reads"},
    AccessRule{"/runform.v1.CoachService/GetMetricSeries", kCoachReaders, ResourceRule::kAssignedAthletes,
               "coach reads"},
    AccessRule{"/runform.v1.CoachService/GetMetricTrend", kCoachReaders, ResourceRule::kAssignedAthletes,
               "coach reads"},
    AccessRule{"/runform.v1.CoachService/AddAnnotation", kCoachReaders, ResourceRule::kAssignedAthletes,
               "notes on the athletes one coaches; the author is the signed-in account"},
    AccessRule{"/runform.v1.CoachService/ListAnnotations", kCoachReaders, ResourceRule::kAssignedAthletes,
               "coach reads"},
    AccessRule{"/runform.v1.CoachService/WatchLive", kCoachReaders, ResourceRule::kAssignedAthletes,
               "watchers need an account; a coach sees only their athletes' sessions"},
    // athlete_data.proto
    AccessRule{"/runform.v1.AthleteDataService/ExportAthlete", kStaff | kAdmins, ResourceRule::kNone,
               "an athlete's data rights: staff or an admin export in full (audited); coaches do not"},
    AccessRule{"/runform.v1.AthleteDataService/EraseAthlete", kStaff | kAdmins, ResourceRule::kNone,
               "an athlete's data rights: staff or an admin erase in full (audited); coaches do not"},
    // assessment.proto (issue 14): staff run the day, stations check in and record, coaches read results
    AccessRule{"/runform.v1.AssessmentService/SaveProtocol", kStaffDesk, ResourceRule::kNone, "staff edit protocols"},
    AccessRule{"/runform.v1.AssessmentService/ListProtocols", kStaffDesk, ResourceRule::kNone, "staff pick protocols"},
    AccessRule{"/runform.v1.AssessmentService/CreateAssessment", kStaffDesk, ResourceRule::kNone,
               "staff create assessments"},
    AccessRule{"/runform.v1.AssessmentService/ListAssessments", kPeople | kKiosks, ResourceRule::kOwnKiosk,
               "names and dates only; a kiosk sees the assessments its station takes part in"},
    AccessRule{"/runform.v1.AssessmentService/GetAssessment", kPeople | kKiosks, ResourceRule::kOwnKiosk,
               "the protocol to run; a kiosk only of an assessment its station takes part in"},
    AccessRule{"/runform.v1.AssessmentService/ImportRoster", kStaffDesk, ResourceRule::kNone,
               "staff import rosters (names and coaches of athletes)"},
    AccessRule{"/runform.v1.AssessmentService/ListRoster", kStaffDesk, ResourceRule::kNone,
               "staff read rosters and print badges"},
    AccessRule{"/runform.v1.AssessmentService/CheckIn", kKiosks, ResourceRule::kOwnKiosk,
               "a station's enrolled kiosk checks athletes in, only at its own station"},
    AccessRule{"/runform.v1.AssessmentService/RecordStep", kKiosks, ResourceRule::kOwnKiosk,
               "a station's enrolled kiosk records the steps of its own check-ins"},
    AccessRule{"/runform.v1.AssessmentService/GetBoard", kStaffDesk, ResourceRule::kNone,
               "the live board names every athlete: staff run the day"},
    AccessRule{"/runform.v1.AssessmentService/GetResults", kCoachReaders, ResourceRule::kAssignedAthletes,
               "a coach gets only their own athletes' rows (decided from the account, not the request)"},
};

unsigned bit_of(const Caller& caller) {
  switch (caller.kind) {
    case Caller::Kind::kAnonymous: return kAnonymous;
    case Caller::Kind::kKiosk: return kKiosks;
    case Caller::Kind::kPerson:
      switch (caller.role) {
        case v1::ROLE_COACH: return kCoaches;
        case v1::ROLE_STAFF: return kStaff;
        case v1::ROLE_ADMIN: return kAdmins;
        default: return 0;
      }
  }
  return 0;
}

}  // namespace

std::span<const AccessRule> access_rules() { return kRules; }

std::optional<AccessRule> access_rule(std::string_view method) {
  for (const AccessRule& rule : kRules) {
    if (rule.method == method) return rule;
  }
  return std::nullopt;
}

bool rule_admits(const AccessRule& rule, const Caller& caller) { return (rule.callers & bit_of(caller)) != 0; }

}  // namespace runform::services
