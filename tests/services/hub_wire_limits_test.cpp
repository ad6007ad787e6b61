// Bounded by design: every string, bytes and repeated field of runform.v1 has a documented limit
// (services/hub/wire_limits.cpp), each RPC refuses a request over any of them with
// INVALID_ARGUMENT, a 4 MiB SessionStart stores nothing, and list pages end early when full.
// After the abuse a well-behaved kiosk and coach still work and stored data is unchanged.
#include <gtest/gtest.h>

#include <google/protobuf/descriptor.h>
#include <grpcpp/client_context.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/support/byte_buffer.h>

#include <algorithm>
#include <set>
#include <string>

#include "runform/v1/assessment.pb.h"
#include "runform/v1/athlete_data.pb.h"
#include "services/client/kiosk_uploader.h"
#include "services/hub/wire_codec.h"
#include "services/hub/wire_limits.h"
#include "runform/v1/access.pb.h"
#include "support/hub_harness.h"

namespace runform::testing {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

std::vector<const google::protobuf::FileDescriptor*> contract_files() {
  return {v1::FrameRecord::descriptor()->file(), v1::SessionInfo::descriptor()->file(),
          v1::IngestRequest::descriptor()->file(), v1::LoginRequest::descriptor()->file(),
          v1::ExportChunk::descriptor()->file(), v1::CheckInRequest::descriptor()->file()};
}

void collect(const Descriptor* message, std::vector<const Descriptor*>& out) {
  out.push_back(message);
  for (int i = 0; i < message->nested_type_count(); ++i) collect(message->nested_type(i), out);
}

std::vector<const Descriptor*> contract_messages() {
  std::vector<const Descriptor*> out;
  for (const auto* file : contract_files()) {
    for (int i = 0; i < file->message_type_count(); ++i) collect(file->message_type(i), out);
  }
  return out;
}

bool bounded_kind(const FieldDescriptor* f) {
  return f->is_repeated() || f->type() == FieldDescriptor::TYPE_STRING || f->type() == FieldDescriptor::TYPE_BYTES;
}

TEST(WireLimits, EveryStringBytesAndRepeatedFieldOfTheContractHasALimit) {
  std::set<std::string> fields;
  for (const Descriptor* message : contract_messages()) {
    for (int i = 0; i < message->field_count(); ++i) {
      const FieldDescriptor* f = message->field(i);
      if (!bounded_kind(f)) continue;
      fields.insert(f->full_name());
      const auto limit = services::wire_limit(f->full_name());
      ASSERT_TRUE(limit.has_value()) << f->full_name() << " has no row in services/hub/wire_limits.cpp";
      if (f->is_repeated()) {
        EXPECT_GT(limit->max_count, 0U) << f->full_name();
      }
      if (f->type() == FieldDescriptor::TYPE_STRING || f->type() == FieldDescriptor::TYPE_BYTES) {
        EXPECT_GT(limit->max_bytes, 0U) << f->full_name();
      }
      EXPECT_FALSE(limit->why.empty()) << f->full_name();
    }
  }
  for (const auto& row : services::wire_limits()) {
    EXPECT_TRUE(fields.contains(std::string(row.field))) << row.field << " names no field of the contract";
  }
}

// Sets one field of `message` just over its limit: one byte too long, or one element too many.
void overfill(Message& message, const FieldDescriptor* field) {
  const auto limit = *services::wire_limit(field->full_name());
  const auto* r = message.GetReflection();
  const bool is_string = field->type() == FieldDescriptor::TYPE_STRING || field->type() == FieldDescriptor::TYPE_BYTES;
  if (!field->is_repeated()) {
    r->SetString(&message, field, std::string(limit.max_bytes + 1, 'x'));
    return;
  }
  r->ClearField(&message, field);
  for (std::size_t i = 0; i <= limit.max_count; ++i) {
    switch (field->cpp_type()) {
      case FieldDescriptor::CPPTYPE_STRING: r->AddString(&message, field, "x"); break;
      case FieldDescriptor::CPPTYPE_MESSAGE: r->AddMessage(&message, field); break;
      case FieldDescriptor::CPPTYPE_UINT32: r->AddUInt32(&message, field, 0); break;
      case FieldDescriptor::CPPTYPE_ENUM: r->AddEnumValue(&message, field, 1); break;
      default: FAIL() << "no filler for " << field->full_name();
    }
  }
  if (is_string) r->SetRepeatedString(&message, field, 0, std::string(limit.max_bytes + 1, 'x'));
}

TEST(WireLimits, CheckNamesTheFieldAndPathOverItsLimit) {
  v1::SessionStart start;
  start.set_software_version(std::string(64, 'v'));
  EXPECT_TRUE(services::check_wire_limits(start).ok());
  start.set_software_version(std::string(65, 'v'));
  const auto status = services::check_wire_limits(start);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("software_version"), std::string::npos) << status.error_message();

  v1::SessionSummary summary;
  summary.add_drift()->set_message(std::string(201, 'm'));
  EXPECT_NE(services::check_wire_limits(summary).error_message().find("drift[0].message"), std::string::npos);
}

// Calls any method with any request as raw bytes (unary or server streaming) and returns the status.
grpc::Status call(const std::shared_ptr<grpc::Channel>& channel, const std::string& method, const Message& request) {
  grpc::GenericStub stub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  grpc::CompletionQueue cq;
  auto next = [&cq] {
    void* tag = nullptr;
    bool ok = false;
    cq.Next(&tag, &ok);
    return ok;
  };
  auto rpc = stub.PrepareCall(&context, method, &cq);
  rpc->StartCall(reinterpret_cast<void*>(1));
  next();
  const std::string bytes = request.SerializeAsString();
  grpc::Slice slice(bytes);
  grpc::ByteBuffer out(&slice, 1);
  rpc->WriteLast(out, grpc::WriteOptions(), reinterpret_cast<void*>(2));
  next();
  grpc::ByteBuffer in;
  do {
    rpc->Read(&in, reinterpret_cast<void*>(3));
  } while (next());
  grpc::Status status;
  rpc->Finish(&status, reinterpret_cast<void*>(4));
  next();
  cq.Shutdown();
  while (next()) {
  }
  return status;
}

void upload(services::KioskUploader& uploader, const services::RecordedSession& session) {
  uploader.open(session.start);
  for (const auto& f : session.frames) uploader.add_frame(session.start.session_id(), f);
  uploader.close(session.start.session_id(), session.summary, session.start.started_unix_ms() + 60'000);
  ASSERT_TRUE(uploader.wait_closed(session.start.session_id(), std::chrono::seconds(30)))
      << uploader.stats().last_error << uploader.stats().paused_reason;
}

std::vector<std::string> session_ids(v1::CoachService::Stub& coach) {
  std::vector<std::string> ids;
  std::string token;
  do {
    grpc::ClientContext context;
    v1::ListSessionsRequest request;
    request.set_page_token(token);
    v1::ListSessionsResponse response;
    const auto status = coach.ListSessions(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    if (!status.ok()) break;
    for (const auto& s : response.sessions()) ids.push_back(s.start().session_id());
    token = response.next_page_token();
  } while (!token.empty());
  return ids;
}

class HubWireLimits : public ::testing::Test {
 protected:
  void SetUp() override {
    kiosk_ = std::make_unique<services::KioskUploader>(hub_.channel());
    upload(*kiosk_, kept_);
    coach_ = hub_.coach();
    kept_frames_ = hub_.hub().store().count_frames("kept-1");
    ASSERT_EQ(kept_frames_, kept_.frames.size());
  }

  // The well-behaved kiosk and coach still work, and what was stored is unchanged.
  void expect_still_serving(const std::string& new_session_id) {
    EXPECT_EQ(hub_.hub().store().count_frames("kept-1"), kept_frames_);
    upload(*kiosk_, recorded_session(new_session_id, 10.0, form::View::kFront, "ath-9", "station-1"));
    const auto ids = session_ids(*coach_);
    EXPECT_NE(std::find(ids.begin(), ids.end(), new_session_id), ids.end());
    EXPECT_NE(std::find(ids.begin(), ids.end(), "kept-1"), ids.end());
  }

  HubUnderTest hub_{Backend::kSqlite};
  services::RecordedSession kept_ = recorded_session("kept-1", 10.0);
  std::unique_ptr<services::KioskUploader> kiosk_;
  std::unique_ptr<v1::CoachService::Stub> coach_;
  std::uint64_t kept_frames_ = 0;
};

TEST_F(HubWireLimits, EveryCoachRpcRefusesEveryOversizedField) {
  const auto* service = v1::SessionInfo::descriptor()->file()->FindServiceByName("CoachService");
  ASSERT_NE(service, nullptr);
  int refused = 0;
  for (int m = 0; m < service->method_count(); ++m) {
    const auto* method = service->method(m);
    const std::string path = "/" + std::string(service->full_name()) + "/" + method->name();
    // The request's own bounded fields, and those of the messages it carries (an annotation).
    std::vector<std::pair<const FieldDescriptor*, const FieldDescriptor*>> targets;  // (outer, inner)
    const Descriptor* request_type = method->input_type();
    for (int i = 0; i < request_type->field_count(); ++i) {
      const auto* f = request_type->field(i);
      if (bounded_kind(f)) targets.emplace_back(nullptr, f);
      if (!f->is_repeated() && f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
        for (int j = 0; j < f->message_type()->field_count(); ++j) {
          if (bounded_kind(f->message_type()->field(j))) targets.emplace_back(f, f->message_type()->field(j));
        }
      }
    }
    for (const auto& [outer, inner] : targets) {
      std::unique_ptr<Message> request(
          google::protobuf::MessageFactory::generated_factory()->GetPrototype(request_type)->New());
      Message* target = outer ? request->GetReflection()->MutableMessage(request.get(), outer) : request.get();
      overfill(*target, inner);
      const auto status = call(hub_.channel(), path, *request);
      EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
          << path << " accepted an oversized " << inner->full_name() << ": " << status.error_message();
      ++refused;
    }
  }
  EXPECT_GE(refused, 15);  // every coach request field above
  expect_still_serving("after-coach-abuse");
}

TEST_F(HubWireLimits, IngestRefusesEveryOversizedFieldOfStartFrameAndSummary) {
  std::vector<std::string> cases;
  for (const Descriptor* type : {v1::SessionStart::descriptor(), v1::FrameRecord::descriptor(),
                                 v1::CueEvent::descriptor(), v1::SessionSummary::descriptor(), v1::Drift::descriptor()}) {
    for (int i = 0; i < type->field_count(); ++i) {
      const FieldDescriptor* field = type->field(i);
      if (!bounded_kind(field)) continue;
      RawIngest raw(hub_.channel());
      v1::SessionStart start = kept_.start;
      start.set_session_id("abuse-" + std::to_string(cases.size()));
      v1::FrameRecord frame = kept_.frames.front();
      frame.set_seq(1);
      v1::SessionSummary summary = kept_.summary;
      if (type == v1::SessionStart::descriptor()) {
        overfill(start, field);
        v1::IngestRequest request;
        *request.mutable_open()->mutable_start() = start;
        raw.send(request);
      } else {
        ASSERT_EQ(raw.open(start), 1U);
        if (type == v1::FrameRecord::descriptor()) overfill(frame, field);
        if (type == v1::CueEvent::descriptor()) overfill(*frame.add_cues(), field);
        if (type == v1::SessionSummary::descriptor() || type == v1::Drift::descriptor()) {
          overfill(type == v1::Drift::descriptor() ? *summary.add_drift() : static_cast<Message&>(summary), field);
          raw.send_chunk(start.session_id(), {frame});
          v1::IngestRequest close;
          close.mutable_close()->set_session_id(start.session_id());
          *close.mutable_close()->mutable_summary() = summary;
          close.mutable_close()->set_ended_unix_ms(start.started_unix_ms() + 1000);
          raw.send(close);
        } else {
          raw.send_chunk(start.session_id(), {frame});
        }
      }
      const auto status = raw.finish();
      EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
          << "an oversized " << field->full_name() << " was accepted: " << status.error_message();
      cases.push_back(field->full_name());
    }
  }
  EXPECT_GE(cases.size(), 15U);
  // Nothing of an oversized start was stored, and nothing was closed with an oversized summary.
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const auto stored = hub_.hub().store().session("abuse-" + std::to_string(i));
    if (cases[i].starts_with("runform.v1.SessionStart.")) {
      EXPECT_FALSE(stored.has_value()) << cases[i];
    }
    if (stored) {
      EXPECT_FALSE(stored->closed) << cases[i];
    }
  }
  expect_still_serving("after-ingest-abuse");
}

TEST_F(HubWireLimits, FourMebibyteSessionStartStoresNothingAndListsStillFit) {
  RawIngest raw(hub_.channel());
  v1::SessionStart start = kept_.start;
  start.set_session_id("huge-start");
  start.set_software_version(std::string((4 << 20) - 1024, 'v'));
  v1::IngestRequest request;
  *request.mutable_open()->mutable_start() = start;
  raw.send(request);
  const auto status = raw.finish();
  EXPECT_TRUE(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT ||
              status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED)
      << status.error_message();
  EXPECT_FALSE(hub_.hub().store().session("huge-start").has_value());
  expect_still_serving("after-huge-start");
}

TEST_F(HubWireLimits, ListPagesEndEarlyWhenFullOfLargeRowsStoredBeforeTheLimits) {
  // Rows the hub would refuse today, written straight to the store as an older hub did.
  constexpr int kLarge = 5;
  for (int i = 0; i < kLarge; ++i) {
    v1::SessionStart start = kept_.start;
    start.set_session_id("legacy-" + std::to_string(i));
    start.set_started_unix_ms(kept_.start.started_unix_ms() + 1000 * (i + 1));
    start.set_software_version(std::string(600 * 1024, 'v'));
    hub_.hub().store().write({services::OpenOp{services::to_stored(start)}});
  }
  std::size_t pages = 0;
  std::string token;
  std::set<std::string> seen;
  do {
    grpc::ClientContext context;
    v1::ListSessionsRequest request;
    request.set_page_token(token);
    v1::ListSessionsResponse response;
    const auto status = coach_->ListSessions(&context, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_LE(response.ByteSizeLong(), services::kMaxResponseBytes + 700 * 1024);  // one row may pass the budget alone
    for (const auto& s : response.sessions()) seen.insert(s.start().session_id());
    token = response.next_page_token();
    ++pages;
  } while (!token.empty() && pages < 20);
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(kLarge + 1)) << "every session is reachable through the pages";
  EXPECT_GE(pages, 3U) << "pages did not end early";
  expect_still_serving("after-legacy-rows");
}

}  // namespace
}  // namespace runform::testing
