#include "server/health_check.h"

#include <cstdint>
#include <future>
#include <iostream>
#include <string>

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/wire_format_lite.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/support/byte_buffer.h>

#include "tls/pem_files.h"

namespace investtrack::server {
namespace {

using google::protobuf::internal::WireFormatLite;

constexpr const char* kHealthCheckMethod = "/grpc.health.v1.Health/Check";
constexpr int kServiceField = 1;  // HealthCheckRequest.service
constexpr int kStatusField = 1;   // HealthCheckResponse.status
constexpr std::uint32_t kServing = 1;

// The two messages have one field each, so they are encoded by hand rather than generated from a
// .proto the project would otherwise not need.
std::string encode_request(const std::string& service) {
  std::string bytes;
  if (service.empty()) return bytes;
  google::protobuf::io::StringOutputStream stream(&bytes);
  google::protobuf::io::CodedOutputStream out(&stream);
  WireFormatLite::WriteString(kServiceField, service, &out);
  return bytes;
}

// The status field's value, or -1 when the answer cannot be read.
long decode_status(const std::string& bytes) {
  google::protobuf::io::CodedInputStream in(reinterpret_cast<const std::uint8_t*>(bytes.data()),
                                            static_cast<int>(bytes.size()));
  long status = 0;  // proto3: an absent field is UNKNOWN
  while (const std::uint32_t tag = in.ReadTag()) {
    if (WireFormatLite::GetTagFieldNumber(tag) == kStatusField &&
        WireFormatLite::GetTagWireType(tag) == WireFormatLite::WIRETYPE_VARINT) {
      std::uint32_t value = 0;
      if (!in.ReadVarint32(&value)) return -1;
      status = value;
    } else if (!WireFormatLite::SkipField(&in, tag)) {
      return -1;
    }
  }
  return in.ConsumedEntireMessage() ? status : -1;
}

const char* status_name(long status) {
  switch (status) {
    case 0:
      return "UNKNOWN";
    case 1:
      return "SERVING";
    case 2:
      return "NOT_SERVING";
    case 3:
      return "SERVICE_UNKNOWN";
    default:
      return "UNREADABLE";
  }
}

}  // namespace

std::string local_target_for(const std::string& listen_address) {
  const std::size_t colon = listen_address.rfind(':');
  if (colon == std::string::npos) return listen_address;
  const std::string host = listen_address.substr(0, colon);
  const std::string port = listen_address.substr(colon + 1);
  if (host.empty() || host == "0.0.0.0") return "127.0.0.1:" + port;
  if (host == "[::]" || host == "::") return "[::1]:" + port;
  return listen_address;
}

tls::ClientTls health_check_tls(const HealthCheck& check) {
  tls::ClientTls tls;
  tls.enabled = !check.server_certificate.empty() || !check.ca_file.empty();
  tls.server_name = check.server_name;  // without TLS, create_channel refuses a name
  if (!tls.enabled) return tls;
  // The server's own certificate as the root works for a self-signed one, and for a CA-signed
  // one too, since gRPC accepts a trusted leaf without the rest of its chain.
  tls.ca_file = check.ca_file.empty() ? check.server_certificate : check.ca_file;
  if (tls.server_name.empty() && !check.server_certificate.empty()) {
    tls.server_name = tls::certificate_host_name(
        tls::read_certificates(check.server_certificate, "TLS certificate"));
  }
  return tls;
}

int check_health(const HealthCheck& check) {
  const std::string& target = check.target;
  std::shared_ptr<grpc::Channel> channel;
  try {
    channel = tls::create_channel(target, health_check_tls(check));
  } catch (const tls::TlsError& e) {
    std::cerr << "health check of " << target << " not sent: " << e.what() << "\n";
    return 1;
  }
  grpc::GenericStub stub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + check.timeout);

  const std::string request_bytes = encode_request(check.service);
  grpc::Slice request_slice(request_bytes);
  const grpc::ByteBuffer request(&request_slice, 1);
  grpc::ByteBuffer response;
  std::promise<grpc::Status> done;
  stub.UnaryCall(&context, kHealthCheckMethod, grpc::StubOptions(), &request, &response,
                 [&done](grpc::Status status) { done.set_value(std::move(status)); });
  const grpc::Status status = done.get_future().get();
  if (!status.ok()) {
    std::cerr << "health check of " << target << " failed: " << status.error_message() << " (code "
              << static_cast<int>(status.error_code()) << ")\n";
    if (const std::string hint = tls::connection_failure_hint(status); !hint.empty()) {
      std::cerr << "health check of " << target << ": " << hint << "\n";
    }
    return 1;
  }
  grpc::Slice response_slice;
  if (!response.DumpToSingleSlice(&response_slice).ok()) {
    std::cerr << "health check of " << target << ": unreadable answer\n";
    return 1;
  }
  const long serving_status = decode_status(
      std::string(reinterpret_cast<const char*>(response_slice.begin()), response_slice.size()));
  std::cout << status_name(serving_status) << '\n';
  return serving_status == kServing ? 0 : 1;
}

}  // namespace investtrack::server
