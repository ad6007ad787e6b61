#include "support/access_helpers.h"

#include "services/client/hub_channel.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/client_interceptor.h>

#include <chrono>
#include <stdexcept>

#include "services/hub/auth_secrets.h"

namespace runform::testing {

namespace {

constexpr std::int64_t kFarFutureUnixMs = 4'102'444'800'000;  // 2100-01-01: tests never see it expire

class MethodTokenInterceptor : public grpc::experimental::Interceptor {
 public:
  explicit MethodTokenInterceptor(std::string header) : header_(std::move(header)) {}
  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (!header_.empty() &&
        methods->QueryInterceptionHookPoint(grpc::experimental::InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      methods->GetSendInitialMetadata()->insert({"authorization", header_});
    }
    methods->Proceed();
  }

 private:
  std::string header_;
};

class MethodTokenFactory : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  MethodTokenFactory(std::string person, std::string ingest) : person_(std::move(person)), ingest_(std::move(ingest)) {}
  grpc::experimental::Interceptor* CreateClientInterceptor(grpc::experimental::ClientRpcInfo* info) override {
    const std::string method = info->method();
    const std::string& token = method.find("runform.v1.KioskIngest/") != std::string::npos ? ingest_ : person_;
    return new MethodTokenInterceptor(token.empty() ? "" : "Bearer " + token);
  }

 private:
  std::string person_;
  std::string ingest_;
};

}  // namespace

std::string person_token(services::AccessStore& access, const std::string& user_name, v1::Role role,
                         const std::string& password) {
  if (!access.account(user_name)) {
    access.create_account({user_name, role,
                           services::hash_password(password, services::PasswordCost::fastest_for_tests()), 1});
  }
  const std::string token = services::new_bearer_token(services::kPersonTokenPrefix);
  access.add_person_token({services::secret_hash(token), user_name, kFarFutureUnixMs});
  return token;
}

std::string kiosk_token(services::AccessStore& access, const std::string& station_id, const std::string& kiosk_id,
                        const std::string& given_token) {
  const std::string code = services::new_enrolment_code();
  access.add_enrolment_code({services::secret_hash(code), station_id, kFarFutureUnixMs});
  const std::string token =
      given_token.empty() ? services::new_bearer_token(services::kKioskTokenPrefix) : given_token;
  services::KioskRow kiosk{kiosk_id, "", services::secret_hash(token), 0, 0};
  const auto now_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  if (access.enrol_kiosk(services::secret_hash(code), now_ms, kiosk) != services::EnrolOutcome::kEnrolled) {
    throw std::runtime_error("test kiosk '" + kiosk_id + "' could not be enrolled (id taken?)");
  }
  return token;
}

std::shared_ptr<grpc::Channel> token_channel(const std::string& target, const std::string& person_token,
                                             const std::string& ingest_token) {
  grpc::ChannelArguments args = services::hub_channel_arguments();  // as make_hub_channel
  std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>> interceptors;
  interceptors.push_back(std::make_unique<MethodTokenFactory>(person_token, ingest_token));
  return grpc::experimental::CreateCustomChannelWithInterceptors(target, grpc::InsecureChannelCredentials(), args,
                                                                 std::move(interceptors));
}

}  // namespace runform::testing
