// Generic gRPC tools work against the hub: standard health checking and server reflection.
#include <gtest/gtest.h>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/dynamic_message.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/support/byte_buffer.h>
#include <grpcpp/client_context.h>

#include <set>

#include "grpc/health/v1/health.grpc.pb.h"
#include "support/hub_harness.h"

namespace runform::testing {
namespace {

TEST(HubTooling, HealthCheckSaysServing) {
  HubUnderTest hub(Backend::kSqlite);
  auto health = grpc::health::v1::Health::NewStub(hub.channel());
  grpc::ClientContext context;
  grpc::health::v1::HealthCheckResponse response;
  ASSERT_TRUE(health->Check(&context, {}, &response).ok());
  EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING);
}

// Plays a generic tool: the reflection messages are built from descriptors (as grpcurl does),
// not from generated classes, and travel as raw bytes over a generic stub.
class ReflectionClient {
 public:
  explicit ReflectionClient(const std::shared_ptr<grpc::Channel>& channel)
      : stub_(channel), call_(stub_.PrepareCall(&context_, "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", &cq_)) {
    call_->StartCall(tag(1));
    next();
  }
  ~ReflectionClient() {
    call_->WritesDone(tag(2));
    next();
    grpc::Status status;
    call_->Finish(&status, tag(3));
    next();
    cq_.Shutdown();
    void* t = nullptr;
    bool ok = false;
    while (cq_.Next(&t, &ok)) {
    }
  }

  /// Sends a request with one string field set and returns the decoded response.
  std::unique_ptr<google::protobuf::Message> ask(const std::string& field, const std::string& value) {
    std::unique_ptr<google::protobuf::Message> request(factory_.GetPrototype(type("ServerReflectionRequest"))->New());
    request->GetReflection()->SetString(request.get(), request->GetDescriptor()->FindFieldByName(field), value);
    const std::string bytes = request->SerializeAsString();
    grpc::Slice slice(bytes);
    grpc::ByteBuffer out(&slice, 1);
    call_->Write(out, tag(4));
    next();
    grpc::ByteBuffer in;
    call_->Read(&in, tag(5));
    EXPECT_TRUE(next());
    std::vector<grpc::Slice> slices;
    in.Dump(&slices);
    std::string received;
    for (const auto& s : slices) received.append(reinterpret_cast<const char*>(s.begin()), s.size());
    std::unique_ptr<google::protobuf::Message> response(factory_.GetPrototype(type("ServerReflectionResponse"))->New());
    EXPECT_TRUE(response->ParseFromString(received));
    return response;
  }

  static const google::protobuf::Descriptor* type(const std::string& name) {
    const auto* d = google::protobuf::DescriptorPool::generated_pool()->FindMessageTypeByName("grpc.reflection.v1alpha." + name);
    EXPECT_NE(d, nullptr) << name;
    return d;
  }

 private:
  static void* tag(std::intptr_t n) { return reinterpret_cast<void*>(n); }
  bool next() {
    void* t = nullptr;
    bool ok = false;
    cq_.Next(&t, &ok);
    return ok;
  }

  grpc::GenericStub stub_;
  grpc::ClientContext context_;
  grpc::CompletionQueue cq_;
  std::unique_ptr<grpc::GenericClientAsyncReaderWriter> call_;
  google::protobuf::DynamicMessageFactory factory_;
};

const google::protobuf::Message& sub(const google::protobuf::Message& m, const std::string& field) {
  return m.GetReflection()->GetMessage(m, m.GetDescriptor()->FindFieldByName(field));
}

TEST(HubTooling, ReflectionListsTheServicesAndServesTheirDescriptors) {
  HubUnderTest hub(Backend::kSqlite);
  ReflectionClient client(hub.channel());

  const auto listed = client.ask("list_services", "");
  const auto& list = sub(*listed, "list_services_response");
  const auto* service_field = list.GetDescriptor()->FindFieldByName("service");
  std::set<std::string> services;
  for (int i = 0; i < list.GetReflection()->FieldSize(list, service_field); ++i) {
    const auto& service = list.GetReflection()->GetRepeatedMessage(list, service_field, i);
    services.insert(service.GetReflection()->GetString(service, service.GetDescriptor()->FindFieldByName("name")));
  }
  EXPECT_TRUE(services.contains("runform.v1.KioskIngest"));
  EXPECT_TRUE(services.contains("runform.v1.CoachService"));
  EXPECT_TRUE(services.contains("grpc.health.v1.Health"));

  const auto described = client.ask("file_containing_symbol", "runform.v1.CoachService");
  const auto& files = sub(*described, "file_descriptor_response");
  const auto* proto_field = files.GetDescriptor()->FindFieldByName("file_descriptor_proto");
  ASSERT_GT(files.GetReflection()->FieldSize(files, proto_field), 0);
  google::protobuf::FileDescriptorProto file;
  ASSERT_TRUE(file.ParseFromString(files.GetReflection()->GetRepeatedString(files, proto_field, 0)));
  EXPECT_EQ(file.name(), "runform/v1/coach.proto");
  EXPECT_EQ(file.package(), "runform.v1");
}

}  // namespace
}  // namespace runform::testing
