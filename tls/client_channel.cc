#include "tls/client_channel.h"

#include <cstdlib>

#include <openssl/x509.h>

#include "tls/pem_files.h"

namespace investtrack::tls {
namespace {

// The system's trust store as OpenSSL finds it (SSL_CERT_FILE, else Debian's
// /usr/lib/ssl/cert.pem -> /etc/ssl/certs/ca-certificates.crt), so CAs added with
// update-ca-certificates count; gRPC's own default is a bundle frozen when gRPC was packaged.
// The Python client finds the same file (ssl.get_default_verify_paths).
std::filesystem::path system_roots_file() {
  if (const char* file = std::getenv(X509_get_default_cert_file_env());
      file != nullptr && *file != '\0') {
    return file;
  }
  return X509_get_default_cert_file();
}

bool contains(const std::string& text, const char* part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

std::shared_ptr<grpc::ChannelCredentials> channel_credentials(const ClientTls& tls) {
  if (!tls.enabled) {
    // A name to verify with nothing verifying it is a mistake in the settings, not a preference.
    if (!tls.server_name.empty()) {
      throw TlsError("a TLS server name (" + tls.server_name +
                     ") is set but TLS is off: turn TLS on "
                     "or leave the name out");
    }
    return grpc::InsecureChannelCredentials();
  }
  grpc::SslCredentialsOptions options;
  if (!tls.ca_file.empty()) {
    options.pem_root_certs = read_certificates(tls.ca_file, "CA file");
  } else if (const std::filesystem::path roots = system_roots_file();
             std::filesystem::exists(roots)) {
    options.pem_root_certs = read_certificates(roots, "system CA file");
  }  // else empty: gRPC's own bundle, on a system without a trust store
  return grpc::SslCredentials(options);
}

std::shared_ptr<grpc::Channel> create_channel(const std::string& target, const ClientTls& tls,
                                              grpc::ChannelArguments arguments) {
  const auto credentials = channel_credentials(tls);
  if (tls.enabled && !tls.server_name.empty()) arguments.SetSslTargetNameOverride(tls.server_name);
  return grpc::CreateCustomChannel(target, credentials, arguments);
}

std::string connection_failure_hint(const grpc::Status& status) {
  if (status.error_code() != grpc::StatusCode::UNAVAILABLE) return "";
  const std::string& message = status.error_message();
  // The texts below are gRPC's (core/tsi/ssl_transport_security.cc) and OpenSSL's.
  if (contains(message, "wrong version number") || contains(message, "packet length too long")) {
    return "TLS handshake failed: the server does not speak TLS (connect without TLS, or give the "
           "server a certificate)";
  }
  if (contains(message, "certificate verify failed")) {
    return "TLS handshake failed: the server's certificate is not signed by a trusted CA (give the "
           "CA that issued it with --tls-ca FILE or INVESTTRACK_TLS_CA)";
  }
  if (contains(message, "is not in peer certificate")) {
    return "TLS handshake failed: the server's certificate is not issued for the name connected to "
           "(connect by a name on the certificate, or give that name with --tls-server-name)";
  }
  if (contains(message, "Ssl handshake failed") || contains(message, "Handshake failed")) {
    return "TLS handshake failed";
  }
  // A TLS server hangs up on a plaintext client at once: the client sees only a closed socket.
  if (contains(message, "Socket closed") || contains(message, "Connection reset by peer")) {
    return "the server closed the connection without answering: if it serves TLS, connect over TLS "
           "(--tls-ca FILE or INVESTTRACK_TLS_CA)";
  }
  return "";
}

}  // namespace investtrack::tls
