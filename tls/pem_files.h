// Reading and checking the PEM files TLS needs (a server's certificate chain and key, a client's
// CA bundle) with OpenSSL, before gRPC gets them: gRPC reports a bad file only as a failed bind
// ("is the port free?") or a failed handshake, never naming the file or what is wrong with it.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>

namespace investtrack::tls {

// TLS settings that cannot be used: the message names the file (or setting) and says what is wrong.
class TlsError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A server's certificate chain and its private key, as PEM text, checked to belong together.
struct KeyPair {
  std::string certificate_chain;
  std::string private_key;
};

// Reads both files and checks that the certificate chain parses, the key parses, and the key is
// the one the first (leaf) certificate was issued for. Throws TlsError otherwise.
KeyPair read_key_pair(const std::filesystem::path& certificate_file,
                      const std::filesystem::path& key_file);

// Reads a file of one or more PEM certificates (CA roots, or a server's own chain) and checks that
// every block in it parses. `role` says what the file is for in messages ("CA file").
std::string read_certificates(const std::filesystem::path& file, const std::string& role);

// The name a client should expect the first certificate of `certificate_pem` to be issued for:
// its first DNS subject alternative name, else its first IP address one, else its common name;
// empty when it has none.
std::string certificate_host_name(const std::string& certificate_pem);

}  // namespace investtrack::tls
