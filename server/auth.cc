#include "server/auth.h"

#include <array>
#include <cctype>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>

#include "server/digest.h"

namespace investtrack::server {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\r')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

// The next blank-separated word of `text`, removed from it.
std::string_view next_word(std::string_view& text) {
  text = trim(text);
  std::size_t end = 0;
  while (end < text.size() && text[end] != ' ' && text[end] != '\t') ++end;
  const std::string_view word = text.substr(0, end);
  text.remove_prefix(end);
  return word;
}

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// The credentials after an authorization scheme of `scheme` (compared without case, RFC 7235:
// "bearer", "Bearer" and "BEARER" are one scheme) and one space; nullopt for another scheme.
std::optional<std::string_view> credentials_of(std::string_view authorization,
                                               std::string_view scheme) {
  if (authorization.size() <= scheme.size() || authorization[scheme.size()] != ' ')
    return std::nullopt;
  for (std::size_t i = 0; i < scheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(authorization[i])) != scheme[i])
      return std::nullopt;
  }
  return authorization.substr(scheme.size() + 1);
}

}  // namespace

std::string_view to_string(Role role) {
  switch (role) {
    case Role::kReader:
      return "reader";
    case Role::kEditor:
      return "editor";
    case Role::kAdmin:
      return "admin";
  }
  return "reader";
}

std::optional<Role> role_from_string(std::string_view name) {
  if (name == "reader") return Role::kReader;
  if (name == "editor") return Role::kEditor;
  if (name == "admin") return Role::kAdmin;
  return std::nullopt;
}

bool is_loopback_peer(std::string_view peer) {
  if (starts_with(peer, "unix:")) return true;
  if (starts_with(peer, "ipv4:")) return starts_with(peer.substr(5), "127.");
  if (starts_with(peer, "ipv6:")) {
    const std::string_view address = peer.substr(5);
    return starts_with(address, "[::1]") || starts_with(address, "[::ffff:127.");
  }
  return false;
}

namespace {

// Shorter tokens can be guessed; `openssl rand -hex 32` gives 64 characters.
constexpr std::size_t kMinTokenLength = 16;

// Words the shipped examples and common templates put where a token belongs
// (REPLACE_WITH_RANDOM_TOKEN_1, changeme, <token>): applied unedited, they would be working
// credentials that everyone who read the template knows.
bool reads_as_placeholder(std::string_view token) {
  std::string lower;
  for (const char c : token)
    lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  for (std::string_view word : {"replace", "changeme", "change_me", "change-me", "placeholder",
                                "example", "your_token", "your-token", "todo", "xxxx", "<", ">"}) {
    if (lower.find(word) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

void Authenticator::add_line(std::string_view line, const std::string& where) {
  line = trim(line);
  if (line.empty() || line.front() == '#') return;
  const std::string_view token = next_word(line);
  const std::string_view role_name = next_word(line);
  const std::string_view name = trim(line);
  const std::optional<Role> role = role_from_string(role_name);
  if (token.empty() || !role || name.empty()) {
    throw std::invalid_argument(where +
                                ": expected `token role name` with role reader, editor or "
                                "admin");
  }
  // The messages never repeat the token: they end up in logs.
  if (token.size() < kMinTokenLength) {
    throw std::invalid_argument(where + ": the token has " + std::to_string(token.size()) +
                                " characters; a token needs at least " +
                                std::to_string(kMinTokenLength) +
                                " (generate one with `openssl rand -hex 32`)");
  }
  if (reads_as_placeholder(token)) {
    throw std::invalid_argument(where +
                                ": the token still reads as a placeholder; replace it with a "
                                "random one (`openssl rand -hex 32`)");
  }
  if (!tokens_.emplace(sha256(token), Caller{std::string(name), *role}).second) {
    throw std::invalid_argument(where + ": the same token is listed twice");
  }
}

Authenticator Authenticator::from_sources(const std::optional<std::filesystem::path>& token_file,
                                          std::string_view tokens_env) {
  Authenticator auth;
  if (token_file) {
    std::ifstream in(*token_file);
    if (!in) throw std::invalid_argument("cannot read token file " + token_file->string());
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
      auth.add_line(line, token_file->string() + ":" + std::to_string(number));
    }
  }
  std::size_t entry = 0;
  while (!tokens_env.empty()) {
    const std::size_t end = tokens_env.find_first_of(";\n");
    auth.add_line(tokens_env.substr(0, end), "INVESTTRACK_TOKENS entry " + std::to_string(++entry));
    tokens_env.remove_prefix(end == std::string_view::npos ? tokens_env.size() : end + 1);
  }
  return auth;
}

AuthDecision Authenticator::check(std::string_view authorization, std::string_view peer,
                                  Role needed) const {
  AuthDecision decision;
  if (tokens_.empty()) {
    if (!is_loopback_peer(peer)) {
      decision.outcome = AuthDecision::Outcome::kPermissionDenied;
      decision.message =
          "this server has no access tokens configured and only accepts calls from the same "
          "machine";
      return decision;
    }
    decision.outcome = AuthDecision::Outcome::kAllowed;
    decision.caller = Caller{"local", Role::kAdmin};
    return decision;
  }
  if (authorization.empty()) {
    decision.message = "missing credentials: send the metadata `authorization: Bearer <token>`";
    return decision;
  }
  const std::optional<std::string_view> credentials = credentials_of(authorization, "bearer");
  if (!credentials || trim(*credentials).empty()) {
    decision.message = "the authorization metadata must be `Bearer <token>`";
    return decision;
  }
  const auto found = tokens_.find(sha256(trim(*credentials)));
  if (found == tokens_.end()) {
    decision.message = "the access token is not valid";
    return decision;
  }
  decision.caller = found->second;
  if (static_cast<int>(found->second.role) < static_cast<int>(needed)) {
    decision.outcome = AuthDecision::Outcome::kPermissionDenied;
    decision.message = "this call needs the " + std::string(to_string(needed)) + " role; " +
                       found->second.name + " has " + std::string(to_string(found->second.role));
    return decision;
  }
  decision.outcome = AuthDecision::Outcome::kAllowed;
  return decision;
}

}  // namespace investtrack::server
