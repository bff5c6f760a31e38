#include "tls/pem_files.h"

#include <arpa/inet.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace investtrack::tls {
namespace {

struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct X509Free {
  void operator()(X509* cert) const { X509_free(cert); }
};
struct KeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct NamesFree {
  void operator()(GENERAL_NAMES* names) const { GENERAL_NAMES_free(names); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;
using X509Ptr = std::unique_ptr<X509, X509Free>;
using KeyPtr = std::unique_ptr<EVP_PKEY, KeyFree>;

std::string read_file(const std::filesystem::path& file, const std::string& role) {
  if (file.empty()) throw TlsError(role + ": no file given");
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec)) {
    throw TlsError("cannot read " + role + " " + file.string() + ": it is a directory");
  }
  std::FILE* in = std::fopen(file.c_str(), "rb");
  if (in == nullptr) {
    throw TlsError("cannot read " + role + " " + file.string() + ": " + std::strerror(errno));
  }
  std::string text;
  char buffer[4096];
  std::size_t got = 0;
  while ((got = std::fread(buffer, 1, sizeof buffer, in)) > 0) text.append(buffer, got);
  const bool failed = std::ferror(in) != 0;
  std::fclose(in);
  if (failed) throw TlsError("cannot read " + role + " " + file.string());
  return text;
}

// OpenSSL's reason for the last failure, and an empty queue for whoever comes next.
std::string openssl_reason() {
  const unsigned long code = ERR_peek_last_error();
  const char* reason = code != 0 ? ERR_reason_error_string(code) : nullptr;
  ERR_clear_error();
  return reason != nullptr ? reason : "unknown error";
}

BioPtr memory_bio(const std::string& text) {
  return BioPtr(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

// Refuses to ask for a passphrase: a server starting unattended has nobody to type one, and
// OpenSSL's default would prompt on the terminal.
int no_passphrase(char*, int, int, void*) { return -1; }

// Every certificate in `pem`, in order; throws when a block does not parse or there is none.
std::vector<X509Ptr> parse_certificates(const std::string& pem, const std::filesystem::path& file,
                                        const std::string& role) {
  ERR_clear_error();
  const BioPtr bio = memory_bio(pem);
  std::vector<X509Ptr> certificates;
  while (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, no_passphrase, nullptr)) {
    certificates.emplace_back(cert);
  }
  // Running out of input ends the loop with "no start line"; anything else is a broken block.
  const unsigned long last = ERR_peek_last_error();
  if (last != 0 && ERR_GET_REASON(last) != PEM_R_NO_START_LINE) {
    throw TlsError(role + " " + file.string() + ": certificate " +
                   std::to_string(certificates.size() + 1) + " is not valid PEM (" +
                   openssl_reason() + ")");
  }
  ERR_clear_error();
  if (certificates.empty()) {
    throw TlsError(role + " " + file.string() +
                   " holds no PEM certificate (a -----BEGIN CERTIFICATE----- block)");
  }
  return certificates;
}

std::string ip_address_text(const ASN1_OCTET_STRING* address) {
  char text[INET6_ADDRSTRLEN] = {};
  const int length = ASN1_STRING_length(address);
  const unsigned char* bytes = ASN1_STRING_get0_data(address);
  if (length == 4 && inet_ntop(AF_INET, bytes, text, sizeof text) != nullptr) return text;
  if (length == 16 && inet_ntop(AF_INET6, bytes, text, sizeof text) != nullptr) return text;
  return "";
}

std::string asn1_text(const ASN1_STRING* value) {
  return {reinterpret_cast<const char*>(ASN1_STRING_get0_data(value)),
          static_cast<std::size_t>(ASN1_STRING_length(value))};
}

}  // namespace

std::string read_certificates(const std::filesystem::path& file, const std::string& role) {
  std::string pem = read_file(file, role);
  parse_certificates(pem, file, role);
  return pem;
}

KeyPair read_key_pair(const std::filesystem::path& certificate_file,
                      const std::filesystem::path& key_file) {
  KeyPair pair{read_file(certificate_file, "TLS certificate"), read_file(key_file, "TLS key")};
  const std::vector<X509Ptr> chain =
      parse_certificates(pair.certificate_chain, certificate_file, "TLS certificate");

  ERR_clear_error();
  const BioPtr key_bio = memory_bio(pair.private_key);
  const KeyPtr key(PEM_read_bio_PrivateKey(key_bio.get(), nullptr, no_passphrase, nullptr));
  if (!key) {
    throw TlsError("TLS key " + key_file.string() + " holds no usable PEM private key (" +
                   openssl_reason() + "; a key protected by a passphrase is not supported)");
  }
  if (X509_check_private_key(chain.front().get(), key.get()) != 1) {
    ERR_clear_error();
    throw TlsError("TLS certificate and key do not match: the key in " + key_file.string() +
                   " is not the one the first certificate in " + certificate_file.string() +
                   " was issued for");
  }
  return pair;
}

std::string certificate_host_name(const std::string& certificate_pem) {
  const BioPtr bio = memory_bio(certificate_pem);
  const X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, no_passphrase, nullptr));
  ERR_clear_error();
  if (!cert) return "";
  const std::unique_ptr<GENERAL_NAMES, NamesFree> names(static_cast<GENERAL_NAMES*>(
      X509_get_ext_d2i(cert.get(), NID_subject_alt_name, nullptr, nullptr)));
  if (names) {
    std::string address;
    for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i) {
      const GENERAL_NAME* name = sk_GENERAL_NAME_value(names.get(), i);
      if (name->type == GEN_DNS) return asn1_text(name->d.dNSName);
      if (name->type == GEN_IPADD && address.empty()) address = ip_address_text(name->d.iPAddress);
    }
    if (!address.empty()) return address;
  }
  const X509_NAME* subject = X509_get_subject_name(cert.get());
  const int index = X509_NAME_get_index_by_NID(subject, NID_commonName, -1);
  if (index < 0) return "";
  return asn1_text(X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, index)));
}

}  // namespace investtrack::tls
