#include "resource_names.h"

namespace investtrack::client {

std::optional<std::string> full_resource_name(std::string_view collection, std::string_view text) {
  std::string prefix(collection);
  prefix += '/';
  std::string_view id = text;
  if (id.substr(0, prefix.size()) == prefix) id.remove_prefix(prefix.size());
  if (id.empty()) return std::nullopt;
  for (const char c : id) {
    if (c == '/' || c == ' ' || c == '\t' || c == '\n' || c == '\r') return std::nullopt;
  }
  return prefix + std::string(id);
}

}  // namespace investtrack::client
