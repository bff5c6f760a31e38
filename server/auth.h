// Who may call: bearer tokens with roles, or, with no tokens configured, loopback callers only.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace investtrack::server {

// Ordered: each role may do everything the ones below it may.
enum class Role { kReader = 1, kEditor = 2, kAdmin = 3 };

std::string_view to_string(Role role);
std::optional<Role> role_from_string(std::string_view name);

struct Caller {
  std::string name;
  Role role = Role::kReader;
};

// The outcome of checking one call's credentials.
struct AuthDecision {
  enum class Outcome { kAllowed, kUnauthenticated, kPermissionDenied };
  Outcome outcome = Outcome::kUnauthenticated;
  Caller caller;        // when allowed
  std::string message;  // when refused: English, for the caller
};

class Authenticator {
 public:
  // Token lines are `token role name` (name may contain spaces); blank lines and # comments are
  // skipped. The file and the environment variable (entries separated by ';' or newlines) add up.
  // Throws std::invalid_argument naming the line of a malformed entry, a duplicate token, a token
  // shorter than 16 characters or one that still reads as a placeholder (REPLACE_..., changeme).
  static Authenticator from_sources(const std::optional<std::filesystem::path>& token_file,
                                    std::string_view tokens_env);

  // No tokens: loopback callers only, each acting as admin under the name "local".
  bool open_to_loopback() const { return tokens_.empty(); }
  std::size_t token_count() const { return tokens_.size(); }

  // authorization: the call's "authorization" metadata (empty when absent); peer: gRPC's peer
  // string (ipv4:127.0.0.1:5000, ipv6:[::1]:5000, unix:...).
  AuthDecision check(std::string_view authorization, std::string_view peer, Role needed) const;

 private:
  void add_line(std::string_view line, const std::string& where);

  // Keyed by the SHA-256 of the token, so lookups do not compare secrets byte by byte.
  std::map<std::string, Caller> tokens_;
};

// True for 127.0.0.0/8, ::1, ::ffff:127.x and unix sockets.
bool is_loopback_peer(std::string_view peer);

}  // namespace investtrack::server
