// Acceptance 1 of issue 11, the authorization matrix: every RPC of every service the hub serves
// (walked from the protobuf service descriptors) × every kind of caller, each cell's status code
// asserted. An RPC added to a .proto without a row in services/hub/access_rules.cpp and a column
// here fails this test. Every call targets athlete "ath-1" (assigned to coach-a only) and its
// session, so "other coach" and "kiosk of another station" are real attempts, not empty ones.
#include <gtest/gtest.h>

#include <google/protobuf/descriptor.h>
#include <grpcpp/client_context.h>

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <thread>

#include "runform/v1/access.grpc.pb.h"
#include "runform/v1/assessment.grpc.pb.h"
#include "runform/v1/athlete_data.grpc.pb.h"
#include "runform/v1/coach.grpc.pb.h"
#include "runform/v1/ingest.grpc.pb.h"
#include "services/client/kiosk_uploader.h"
#include "services/hub/access_rules.h"
#include "services/hub/auth_secrets.h"
#include "support/access_helpers.h"
#include "support/hub_harness.h"

namespace runform::testing {
namespace {

using grpc::StatusCode;

constexpr const char* kPassword = "correct horse battery staple";  // access_helpers' default

enum class Who { kAnonymous, kRevokedKiosk, kOtherStationKiosk, kOwnKiosk, kCoachOfAthlete, kOtherCoach, kStaff, kAdmin };
constexpr std::array kEveryone = {Who::kAnonymous, Who::kRevokedKiosk, Who::kOtherStationKiosk, Who::kOwnKiosk,
                                  Who::kCoachOfAthlete, Who::kOtherCoach, Who::kStaff, Who::kAdmin};

const char* name_of(Who who) {
  switch (who) {
    case Who::kAnonymous: return "anonymous";
    case Who::kRevokedKiosk: return "revoked kiosk";
    case Who::kOtherStationKiosk: return "kiosk of another station";
    case Who::kOwnKiosk: return "own kiosk";
    case Who::kCoachOfAthlete: return "coach of the athlete";
    case Who::kOtherCoach: return "other coach";
    case Who::kStaff: return "staff";
    case Who::kAdmin: return "admin";
  }
  return "?";
}

using Row = std::array<StatusCode, kEveryone.size()>;
constexpr StatusCode OK = StatusCode::OK;
constexpr StatusCode UN = StatusCode::UNAUTHENTICATED;
constexpr StatusCode PD = StatusCode::PERMISSION_DENIED;

//                              anon revoked other-st own  coach other-c staff admin
constexpr Row kAnyoneRow      = {OK,  OK,     OK,      OK,  OK,   OK,     OK,   OK};
constexpr Row kPeopleRow      = {UN,  UN,     PD,      PD,  OK,   OK,     OK,   OK};
constexpr Row kSignedInRow    = {UN,  UN,     OK,      OK,  OK,   OK,     OK,   OK};
constexpr Row kAdminRow       = {UN,  UN,     PD,      PD,  PD,   PD,     PD,   OK};
constexpr Row kOwnKioskRow    = {UN,  UN,     PD,      OK,  PD,   PD,     PD,   PD};
constexpr Row kAthleteRow     = {UN,  UN,     PD,      PD,  OK,   PD,     OK,   OK};
constexpr Row kDataRightsRow  = {UN,  UN,     PD,      PD,  PD,   PD,     OK,   OK};  // staff and admins only
constexpr Row kAthleteListRow = {UN,  UN,     PD,      PD,  OK,   OK,     OK,   OK};  // filtered, not refused
constexpr Row kStaffDeskRow   = {UN,  UN,     PD,      PD,  PD,   PD,     OK,   OK};  // assessments: staff run the day
constexpr Row kStationRow     = {UN,  UN,     PD,      OK,  OK,   OK,     OK,   OK};  // a kiosk: its station's assessments

class AuthorizationMatrix : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    hub_ = std::make_unique<HubUnderTest>(GetParam());
    if (!hub_->available()) GTEST_SKIP() << hub_->skip_reason();
    auto& access = hub_->hub().access();
    person_token(access, "coach-a", v1::ROLE_COACH);
    person_token(access, "coach-b", v1::ROLE_COACH);
    person_token(access, "matrix-staff", v1::ROLE_STAFF);
    person_token(access, "matrix-admin", v1::ROLE_ADMIN);
    access.assign_athlete("coach-a", "ath-1");
    access.assign_athlete("coach-b", "ath-2");
    own_kiosk_ = hub_->kiosk_credential("station-1");
    other_kiosk_ = hub_->kiosk_credential("station-2");
    revoked_kiosk_ = kiosk_token(access, "station-1", "kiosk-revoked");
    ASSERT_TRUE(access.revoke_kiosk("kiosk-revoked", 1));
    // The athlete's session, uploaded by the station's own kiosk.
    const auto session = recorded_session("matrix-1", 10.0, form::View::kFront, "ath-1", "station-1");
    services::KioskUploader kiosk(hub_->channel());
    kiosk.open(session.start);
    for (const auto& f : session.frames) kiosk.add_frame("matrix-1", f);
    kiosk.close("matrix-1", session.summary, session.start.started_unix_ms() + 60'000);
    ASSERT_TRUE(kiosk.wait_closed("matrix-1", std::chrono::seconds(30))) << kiosk.stats().paused_reason;
    start_ = session.start;
    // An assessment at station-1 (not station-2) with ath-1 on its roster, and an open check-in
    // of another athlete at station-1 for RecordStep (set up by staff and the own kiosk).
    auto assessments = assessment_stub();
    grpc::ClientContext protocol_context;
    v1::Protocol protocol;
    protocol.set_name("matrix protocol");
    auto* step = protocol.add_steps();
    step->set_label("Front");
    step->set_kind(v1::STEP_KIND_RUN);
    step->set_duration_s(60);
    step->set_view(v1::VIEW_FRONT);
    ASSERT_TRUE(assessments->SaveProtocol(&protocol_context, protocol, &protocol).ok());
    protocol_id_ = protocol.protocol_id();
    grpc::ClientContext create_context;
    v1::CreateAssessmentRequest create;
    create.set_name("matrix day");
    create.set_date("2026-05-01");
    create.add_station_ids("station-1");
    create.set_protocol_id(protocol_id_);
    v1::Assessment assessment;
    ASSERT_TRUE(assessments->CreateAssessment(&create_context, create, &assessment).ok());
    assessment_id_ = assessment.assessment_id();
    grpc::ClientContext roster_context;
    v1::ImportRosterRequest roster;
    roster.set_assessment_id(assessment_id_);
    roster.set_csv("name,code,coach\nAthlete One,ath-1,coach-a\nAthlete Rec,ath-rec,coach-b\n");
    v1::ImportRosterResponse imported;
    ASSERT_TRUE(assessments->ImportRoster(&roster_context, roster, &imported).ok());
    grpc::ClientContext check_in_context;
    check_in_context.AddMetadata("authorization", "Bearer " + own_kiosk_);
    v1::CheckInRequest check_in;
    check_in.set_assessment_id(assessment_id_);
    check_in.set_badge("ath-rec");
    v1::CheckInResponse ticket;
    const auto checked_in = v1::AssessmentService::NewStub(hub_->anonymous_channel())
                                ->CheckIn(&check_in_context, check_in, &ticket);
    ASSERT_TRUE(checked_in.ok()) << checked_in.error_message();
    check_in_id_ = ticket.check_in_id();
  }

  /// Signed as the harness's staff account.
  std::unique_ptr<v1::AssessmentService::Stub> assessment_stub() {
    return v1::AssessmentService::NewStub(hub_->channel());
  }

  // A credential for the caller; people get a fresh token each time (Logout ends the one it gets).
  std::string token_of(Who who) {
    auto& access = hub_->hub().access();
    switch (who) {
      case Who::kAnonymous: return {};
      case Who::kRevokedKiosk: return revoked_kiosk_;
      case Who::kOtherStationKiosk: return other_kiosk_;
      case Who::kOwnKiosk: return own_kiosk_;
      case Who::kCoachOfAthlete: return person_token(access, "coach-a", v1::ROLE_COACH);
      case Who::kOtherCoach: return person_token(access, "coach-b", v1::ROLE_COACH);
      case Who::kStaff: return person_token(access, "matrix-staff", v1::ROLE_STAFF);
      case Who::kAdmin: return person_token(access, "matrix-admin", v1::ROLE_ADMIN);
    }
    return {};
  }

  static void sign(grpc::ClientContext& context, const std::string& token) {
    if (!token.empty()) context.AddMetadata("authorization", "Bearer " + token);
  }

  std::unique_ptr<v1::AccessService::Stub> access_stub() { return v1::AccessService::NewStub(hub_->anonymous_channel()); }
  std::unique_ptr<v1::CoachService::Stub> coach_stub() { return v1::CoachService::NewStub(hub_->anonymous_channel()); }

  // Every RPC: how to call it as a caller, and the expected row.
  struct Column {
    Row expected;
    std::function<StatusCode(const std::string& token)> call;
  };

  template <typename Request, typename Response, typename Method>
  StatusCode unary(Method method, const Request& request, const std::string& token) {
    grpc::ClientContext context;
    sign(context, token);
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    Response response;
    return method(context, request, response).error_code();
  }

  std::map<std::string, Column> columns() {
    std::map<std::string, Column> c;
    const std::string a = "/runform.v1.AccessService/";
    const std::string k = "/runform.v1.CoachService/";
    c[a + "Login"] = {kAnyoneRow, [this](const std::string& token) {
                        v1::LoginRequest r;
                        r.set_user_name("matrix-staff");
                        r.set_password(kPassword);
                        return unary<v1::LoginRequest, v1::LoginResponse>(
                            [&](auto& ctx, auto& req, auto& resp) { return access_stub()->Login(&ctx, req, &resp); }, r,
                            token);
                      }};
    c[a + "RefreshToken"] = {kPeopleRow, [this](const std::string& token) {
                               return unary<v1::RefreshTokenRequest, v1::LoginResponse>(
                                   [&](auto& ctx, auto& req, auto& resp) {
                                     return access_stub()->RefreshToken(&ctx, req, &resp);
                                   },
                                   {}, token);
                             }};
    c[a + "Logout"] = {kPeopleRow, [this](const std::string& token) {
                         return unary<v1::LogoutRequest, v1::LogoutResponse>(
                             [&](auto& ctx, auto& req, auto& resp) { return access_stub()->Logout(&ctx, req, &resp); },
                             {}, token);
                       }};
    c[a + "WhoAmI"] = {kSignedInRow, [this](const std::string& token) {
                         return unary<v1::WhoAmIRequest, v1::WhoAmIResponse>(
                             [&](auto& ctx, auto& req, auto& resp) { return access_stub()->WhoAmI(&ctx, req, &resp); },
                             {}, token);
                       }};
    c[a + "EnrollKiosk"] = {kAnyoneRow, [this](const std::string& token) {
                              const std::string code = services::new_enrolment_code();
                              hub_->hub().access().add_enrolment_code(
                                  {services::secret_hash(code), "station-5", 4'102'444'800'000});
                              v1::EnrollKioskRequest r;
                              r.set_enrolment_code(code);
                              r.set_kiosk_id("enrolled-" + std::to_string(++enrolled_));
                              return unary<v1::EnrollKioskRequest, v1::EnrollKioskResponse>(
                                  [&](auto& ctx, auto& req, auto& resp) {
                                    return access_stub()->EnrollKiosk(&ctx, req, &resp);
                                  },
                                  r, token);
                            }};
    c[a + "IssueEnrolmentCode"] = {kAdminRow, [this](const std::string& token) {
                                     v1::IssueEnrolmentCodeRequest r;
                                     r.set_station_id("station-6");
                                     return unary<v1::IssueEnrolmentCodeRequest, v1::IssueEnrolmentCodeResponse>(
                                         [&](auto& ctx, auto& req, auto& resp) {
                                           return access_stub()->IssueEnrolmentCode(&ctx, req, &resp);
                                         },
                                         r, token);
                                   }};
    c[a + "RevokeKiosk"] = {kAdminRow, [this](const std::string& token) {
                              // A throwaway kiosk, so an allowed revocation leaves the matrix's kiosks alone.
                              const std::string id = "doomed-" + std::to_string(++enrolled_);
                              kiosk_token(hub_->hub().access(), "station-7", id);
                              v1::RevokeKioskRequest r;
                              r.set_kiosk_id(id);
                              return unary<v1::RevokeKioskRequest, v1::RevokeKioskResponse>(
                                  [&](auto& ctx, auto& req, auto& resp) {
                                    return access_stub()->RevokeKiosk(&ctx, req, &resp);
                                  },
                                  r, token);
                            }};
    c[a + "ListAuditEvents"] = {kAdminRow, [this](const std::string& token) {
                                  return unary<v1::ListAuditEventsRequest, v1::ListAuditEventsResponse>(
                                      [&](auto& ctx, auto& req, auto& resp) {
                                        return access_stub()->ListAuditEvents(&ctx, req, &resp);
                                      },
                                      {}, token);
                                }};
    c["/runform.v1.KioskIngest/Ingest"] = {kOwnKioskRow, [this](const std::string& token) {
                                             // Station-1's own kiosk and station, as the matrix's athlete trains there.
                                             grpc::ClientContext context;
                                             sign(context, token);
                                             auto stub = v1::KioskIngest::NewStub(hub_->anonymous_channel());
                                             auto stream = stub->Ingest(&context);
                                             v1::IngestRequest open;
                                             *open.mutable_open()->mutable_start() = start_;
                                             open.mutable_open()->mutable_start()->set_session_id(
                                                 "matrix-open-" + std::to_string(++enrolled_));
                                             stream->Write(open);
                                             v1::IngestResponse response;
                                             const bool resumed = stream->Read(&response) && response.has_resume();
                                             stream->WritesDone();
                                             while (stream->Read(&response)) {
                                             }
                                             const auto status = stream->Finish();
                                             return status.ok() && !resumed ? StatusCode::UNKNOWN : status.error_code();
                                           }};
    const auto session_call = [this](auto rpc) {
      return [this, rpc](const std::string& token) {
        grpc::ClientContext context;
        sign(context, token);
        context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
        return rpc(*coach_stub(), context).error_code();
      };
    };
    c[k + "ListAthletes"] = {kAthleteListRow, session_call([](v1::CoachService::Stub& s, grpc::ClientContext& ctx) {
                               v1::ListAthletesResponse r;
                               return s.ListAthletes(&ctx, {}, &r);
                             })};
    c[k + "ListSessions"] = {kAthleteRow, session_call([](v1::CoachService::Stub& s, grpc::ClientContext& ctx) {
                               v1::ListSessionsRequest q;
                               q.set_athlete_id("ath-1");
                               v1::ListSessionsResponse r;
                               return s.ListSessions(&ctx, q, &r);
                             })};
    c[k + "GetSession"] = {kAthleteRow, session_call([](v1::CoachService::Stub& s, grpc::ClientContext& ctx) {
                             v1::GetSessionRequest q;
                             q.set_session_id("matrix-1");
                             v1::SessionInfo r;
                             return s.GetSession(&ctx, q, &r);
                           })};
    c[k + "ReadFrames"] = {kAthleteRow, session_call([](v1::CoachService::Stub& s, grpc::ClientContext& ctx) {
                             v1::ReadFramesRequest q;
                             q.set_session_id("matrix-1");
                             auto reader = s.ReadFrames(&ctx, q);
                             v1::FrameBatch batch;
                             while (reader->Read(&batch)) {
                             }
                             return reader->Finish();
                           })};
    c[k + "GetMetricSeries"] = {kAthleteRow, session_call([](v1::CoachService::Stub& s, grpc::ClientContext& ctx) {
                                  v1::MetricSeriesRequest q;
                                  q.set_session_id("matrix-1");
                                  q.set_metric(v1::METRIC_SHOULDERS_ELEVATION_PCT);
                                  v1::MetricSeries r;
                                  return s.GetMetricSeries(&ctx, q, &r);
                                })};
    c[k + "GetMetricTrend"] = {kAthleteRow, session_call([](v1::CoachService::Stub& s, grpc::ClientContext& ctx) {
                                 v1::MetricTrendRequest q;
                                 q.set_athlete_id("ath-1");
                                 q.set_metric(v1::METRIC_SHOULDERS_ELEVATION_PCT);
                                 v1::MetricTrend r;
                                 return s.GetMetricTrend(&ctx, q, &r);
                               })};
    c[k + "AddAnnotation"] = {kAthleteRow, session_call([](v1::CoachService::Stub& s, grpc::ClientContext& ctx) {
                                v1::AddAnnotationRequest q;
                                q.mutable_annotation()->set_session_id("matrix-1");
                                q.mutable_annotation()->set_kind(v1::Annotation::KIND_NOTE);
                                q.mutable_annotation()->set_text("relax the shoulders");
                                v1::Annotation r;
                                return s.AddAnnotation(&ctx, q, &r);
                              })};
    c[k + "ListAnnotations"] = {kAthleteRow, session_call([](v1::CoachService::Stub& s, grpc::ClientContext& ctx) {
                                  v1::ListAnnotationsRequest q;
                                  q.set_session_id("matrix-1");
                                  v1::ListAnnotationsResponse r;
                                  return s.ListAnnotations(&ctx, q, &r);
                                })};
    c[k + "WatchLive"] = {kAthleteRow, [this](const std::string& token) {
                            // Admitted watches are registered before their initial metadata goes out;
                            // refused ones end with their status and are never registered.
                            grpc::ClientContext context;
                            sign(context, token);
                            v1::WatchLiveRequest q;
                            q.add_athlete_ids("ath-1");
                            const std::size_t before = hub_->hub().stats().watchers;
                            auto reader = coach_stub()->WatchLive(&context, q);
                            reader->WaitForInitialMetadata();
                            const bool admitted = hub_->hub().stats().watchers == before + 1;
                            if (admitted) {
                              context.TryCancel();
                              reader->Finish();
                              // The hub drops the watch in its OnDone, after the client's Finish:
                              // wait for that, or the next cell's count starts one too high and an
                              // admitted watch there reads as refused (its Read then never ends).
                              const auto bound = std::chrono::steady_clock::now() + std::chrono::seconds(10);
                              while (hub_->hub().stats().watchers > before &&
                                     std::chrono::steady_clock::now() < bound) {
                                std::this_thread::sleep_for(std::chrono::milliseconds(1));
                              }
                              EXPECT_EQ(hub_->hub().stats().watchers, before) << "a cancelled watch stayed registered";
                              return StatusCode::OK;
                            }
                            v1::LiveUpdate update;
                            EXPECT_FALSE(reader->Read(&update)) << "a refused watch sent an update";
                            return reader->Finish().error_code();
                          }};
    const std::string d = "/runform.v1.AthleteDataService/";
    c[d + "ExportAthlete"] = {kDataRightsRow, [this](const std::string& token) {
                                grpc::ClientContext context;
                                sign(context, token);
                                v1::ExportAthleteRequest q;
                                q.set_athlete_id("ath-1");
                                auto reader = v1::AthleteDataService::NewStub(hub_->anonymous_channel())
                                                  ->ExportAthlete(&context, q);
                                v1::ExportChunk chunk;
                                while (reader->Read(&chunk)) {
                                }
                                return reader->Finish().error_code();
                              }};
    c[d + "EraseAthlete"] = {kDataRightsRow, [this](const std::string& token) {
                               // A throwaway athlete per call: an admitted erasure must find someone.
                               const std::string athlete = "matrix-erase-" + std::to_string(++erasable_);
                               services::StoredSession row;
                               row.session_id = athlete + "-s";
                               row.kiosk_id = "kiosk-station-1";
                               row.station_id = "station-1";
                               row.athlete_id = athlete;
                               row.started_unix_ms = 1;
                               row.start_payload = "x";
                               hub_->hub().store().write({services::OpenOp{row}});
                               v1::EraseAthleteRequest q;
                               q.set_athlete_id(athlete);
                               auto stub = v1::AthleteDataService::NewStub(hub_->anonymous_channel());
                               return unary<v1::EraseAthleteRequest, v1::EraseAthleteResponse>(
                                   [&](grpc::ClientContext& ctx, const v1::EraseAthleteRequest& r,
                                       v1::EraseAthleteResponse& out) { return stub->EraseAthlete(&ctx, r, &out); },
                                   q, token);
                             }};
    add_assessment_columns(c);
    return c;
  }

  // AssessmentService (issue 14): staff run the day, the station's own kiosk checks in and
  // records (as its own station only), coaches read their athletes' results.
  void add_assessment_columns(std::map<std::string, Column>& c) {
    const std::string s = "/runform.v1.AssessmentService/";
    const auto call = [this](auto rpc) {
      return [this, rpc](const std::string& token) {
        grpc::ClientContext context;
        sign(context, token);
        context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
        auto stub = v1::AssessmentService::NewStub(hub_->anonymous_channel());
        return rpc(*stub, context).error_code();
      };
    };
    c[s + "SaveProtocol"] = {kStaffDeskRow, call([](v1::AssessmentService::Stub& stub, grpc::ClientContext& ctx) {
                               v1::Protocol q;
                               q.set_name("another protocol");
                               auto* step = q.add_steps();
                               step->set_label("Side");
                               step->set_kind(v1::STEP_KIND_RUN);
                               step->set_duration_s(60);
                               step->set_view(v1::VIEW_SIDE);
                               v1::Protocol r;
                               return stub.SaveProtocol(&ctx, q, &r);
                             })};
    c[s + "ListProtocols"] = {kStaffDeskRow, call([](v1::AssessmentService::Stub& stub, grpc::ClientContext& ctx) {
                                v1::ListProtocolsResponse r;
                                return stub.ListProtocols(&ctx, {}, &r);
                              })};
    c[s + "CreateAssessment"] = {kStaffDeskRow, call([this](v1::AssessmentService::Stub& stub, grpc::ClientContext& ctx) {
                                   v1::CreateAssessmentRequest q;
                                   q.set_name("another day");
                                   q.set_date("2026-05-02");
                                   q.add_station_ids("station-1");
                                   q.set_protocol_id(protocol_id_);
                                   v1::Assessment r;
                                   return stub.CreateAssessment(&ctx, q, &r);
                                 })};
    c[s + "ListAssessments"] = {kSignedInRow, call([](v1::AssessmentService::Stub& stub, grpc::ClientContext& ctx) {
                                  v1::ListAssessmentsResponse r;
                                  return stub.ListAssessments(&ctx, {}, &r);
                                })};
    c[s + "GetAssessment"] = {kStationRow, call([this](v1::AssessmentService::Stub& stub, grpc::ClientContext& ctx) {
                                v1::GetAssessmentRequest q;
                                q.set_assessment_id(assessment_id_);
                                v1::Assessment r;
                                return stub.GetAssessment(&ctx, q, &r);
                              })};
    c[s + "ImportRoster"] = {kStaffDeskRow, call([this](v1::AssessmentService::Stub& stub, grpc::ClientContext& ctx) {
                               // A fresh code per call, so an admitted import succeeds.
                               v1::ImportRosterRequest q;
                               q.set_assessment_id(assessment_id_);
                               q.set_csv("name,code\nNew Runner,new-" + std::to_string(++enrolled_) + "\n");
                               v1::ImportRosterResponse r;
                               return stub.ImportRoster(&ctx, q, &r);
                             })};
    c[s + "ListRoster"] = {kStaffDeskRow, call([this](v1::AssessmentService::Stub& stub, grpc::ClientContext& ctx) {
                             v1::ListRosterRequest q;
                             q.set_assessment_id(assessment_id_);
                             v1::ListRosterResponse r;
                             return stub.ListRoster(&ctx, q, &r);
                           })};
    c[s + "CheckIn"] = {kOwnKioskRow, call([this](v1::AssessmentService::Stub& stub, grpc::ClientContext& ctx) {
                          // Names station-1: the kiosk of station-2 is refused for naming another station.
                          v1::CheckInRequest q;
                          q.set_assessment_id(assessment_id_);
                          q.set_station_id("station-1");
                          q.set_badge("ath-1");
                          v1::CheckInResponse r;
                          return stub.CheckIn(&ctx, q, &r);
                        })};
    c[s + "RecordStep"] = {kOwnKioskRow, call([this](v1::AssessmentService::Stub& stub, grpc::ClientContext& ctx) {
                             // Station-1's check-in: only station-1's kiosk may record it.
                             v1::RecordStepRequest q;
                             q.set_check_in_id(check_in_id_);
                             q.set_outcome(v1::STEP_OUTCOME_INTERRUPTED);
                             v1::RecordStepResponse r;
                             return stub.RecordStep(&ctx, q, &r);
                           })};
    c[s + "GetBoard"] = {kStaffDeskRow, call([this](v1::AssessmentService::Stub& stub, grpc::ClientContext& ctx) {
                           v1::GetBoardRequest q;
                           q.set_assessment_id(assessment_id_);
                           v1::Board r;
                           return stub.GetBoard(&ctx, q, &r);
                         })};
    c[s + "GetResults"] = {kAthleteListRow, call([this](v1::AssessmentService::Stub& stub, grpc::ClientContext& ctx) {
                             // Filtered for coaches, not refused (ResultsOfACoachAreTheirAthletesOnly).
                             v1::GetResultsRequest q;
                             q.set_assessment_id(assessment_id_);
                             v1::Results r;
                             return stub.GetResults(&ctx, q, &r);
                           })};
  }

  std::string protocol_id_;
  std::string assessment_id_;
  std::string check_in_id_;
  int erasable_ = 0;
  std::unique_ptr<HubUnderTest> hub_;
  std::string own_kiosk_;
  std::string other_kiosk_;
  std::string revoked_kiosk_;
  v1::SessionStart start_;
  int enrolled_ = 0;
};

TEST_P(AuthorizationMatrix, EveryRpcTimesEveryCallerHasItsStatus) {
  const auto table = columns();
  std::size_t cells = 0;
  for (const char* service_name : {"runform.v1.AccessService", "runform.v1.KioskIngest", "runform.v1.CoachService",
                                   "runform.v1.AthleteDataService", "runform.v1.AssessmentService"}) {
    const auto* service = google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(service_name);
    ASSERT_NE(service, nullptr) << service_name;
    for (int m = 0; m < service->method_count(); ++m) {
      const std::string method = "/" + service->full_name() + "/" + service->method(m)->name();
      EXPECT_TRUE(services::access_rule(method).has_value())
          << method << " has no row in services/hub/access_rules.cpp (deny by default refuses it for everyone)";
      const auto column = table.find(method);
      if (column == table.end()) {
        ADD_FAILURE() << method << " has no column in this matrix: add how to call it and who may";
        continue;
      }
      for (std::size_t w = 0; w < kEveryone.size(); ++w) {
        const StatusCode got = column->second.call(token_of(kEveryone[w]));
        EXPECT_EQ(got, column->second.expected[w]) << method << " called by " << name_of(kEveryone[w]);
        ++cells;
      }
    }
  }
  std::printf("authorization matrix: %zu cells (%zu RPCs × %zu callers)\n", cells, cells / kEveryone.size(),
              kEveryone.size());
}

TEST_P(AuthorizationMatrix, ACoachSeesOnlyAssignedAthletesEverywhere) {
  // A session of another athlete (ath-2, coach-b's) at the same station.
  const auto other = recorded_session("matrix-2", 10.0, form::View::kFront, "ath-2", "station-1");
  services::KioskUploader kiosk(hub_->channel());
  kiosk.open(other.start);
  for (const auto& f : other.frames) kiosk.add_frame("matrix-2", f);
  kiosk.close("matrix-2", other.summary, other.start.started_unix_ms() + 60'000);
  ASSERT_TRUE(kiosk.wait_closed("matrix-2", std::chrono::seconds(30)));

  auto coach = v1::CoachService::NewStub(hub_->channel_with_token(token_of(Who::kCoachOfAthlete)));
  grpc::ClientContext athletes_context;
  v1::ListAthletesResponse athletes;
  ASSERT_TRUE(coach->ListAthletes(&athletes_context, {}, &athletes).ok());
  ASSERT_EQ(athletes.athletes_size(), 1);
  EXPECT_EQ(athletes.athletes(0).athlete_id(), "ath-1");

  grpc::ClientContext sessions_context;
  v1::ListSessionsResponse sessions;
  ASSERT_TRUE(coach->ListSessions(&sessions_context, {}, &sessions).ok());
  ASSERT_EQ(sessions.sessions_size(), 1);
  EXPECT_EQ(sessions.sessions(0).start().session_id(), "matrix-1");

  // Staff see both.
  grpc::ClientContext staff_context;
  v1::ListSessionsResponse all;
  ASSERT_TRUE(hub_->coach()->ListSessions(&staff_context, {}, &all).ok());
  EXPECT_EQ(all.sessions_size(), 2);

  // The author of a note is the signed-in account, whatever the request says.
  grpc::ClientContext note_context;
  v1::AddAnnotationRequest note;
  note.mutable_annotation()->set_session_id("matrix-1");
  note.mutable_annotation()->set_kind(v1::Annotation::KIND_NOTE);
  note.mutable_annotation()->set_text("hips level");
  note.mutable_annotation()->set_author("head-coach-mallory");
  v1::Annotation stored;
  ASSERT_TRUE(coach->AddAnnotation(&note_context, note, &stored).ok());
  EXPECT_EQ(stored.author(), "coach-a");
}

TEST_P(AuthorizationMatrix, ResultsOfACoachAreTheirAthletesOnly) {
  // The roster gives ath-1 to coach-a and ath-rec to coach-b; a request naming a coach changes nothing.
  for (const auto& [who, expected] : {std::pair{Who::kCoachOfAthlete, "ath-1"}, std::pair{Who::kOtherCoach, "ath-rec"}}) {
    auto stub = v1::AssessmentService::NewStub(hub_->channel_with_token(token_of(who)));
    grpc::ClientContext context;
    v1::GetResultsRequest request;
    request.set_assessment_id(assessment_id_);
    request.set_coach("coach-a");
    v1::Results results;
    ASSERT_TRUE(stub->GetResults(&context, request, &results).ok());
    ASSERT_EQ(results.athletes_size(), 1) << name_of(who);
    EXPECT_EQ(results.athletes(0).athlete().athlete_code(), expected) << name_of(who);
  }
  grpc::ClientContext staff_context;
  v1::GetResultsRequest all;
  all.set_assessment_id(assessment_id_);
  v1::Results results;
  ASSERT_TRUE(assessment_stub()->GetResults(&staff_context, all, &results).ok());
  EXPECT_EQ(results.athletes_size(), 2);
}

TEST_P(AuthorizationMatrix, DenialsAreAuditedWithoutPersonalData) {
  auto coach = v1::CoachService::NewStub(hub_->channel_with_token(token_of(Who::kOtherCoach)));
  grpc::ClientContext context;
  v1::GetSessionRequest request;
  request.set_session_id("matrix-1");
  v1::SessionInfo info;
  ASSERT_EQ(coach->GetSession(&context, request, &info).error_code(), StatusCode::PERMISSION_DENIED);
  bool found = false;
  for (const auto& e : hub_->hub().access().list_audit(0, 1000)) {
    EXPECT_EQ(e.reference.find("ath-1"), std::string::npos) << "an athlete id in the audit log";
    EXPECT_EQ(e.rpc.find("ath-1"), std::string::npos);
    if (e.actor == "coach-b" && e.rpc == "/runform.v1.CoachService/GetSession" &&
        e.status == static_cast<int>(StatusCode::PERMISSION_DENIED)) {
      found = true;
    }
  }
  EXPECT_TRUE(found) << "the denial is not in the audit log";
}

INSTANTIATE_TEST_SUITE_P(Backends, AuthorizationMatrix, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& p) { return backend_name(p.param); });

}  // namespace
}  // namespace runform::testing
