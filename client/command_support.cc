#include "command_support.h"

#include <ostream>

#include "exit_codes.h"
#include "resource_names.h"

namespace investtrack::client {

std::optional<std::string> name_argument(std::string_view command, std::string_view collection,
                                         std::string_view text, std::ostream& err) {
  auto name = full_resource_name(collection, text);
  if (!name) {
    err << "investtrack " << command << ": '" << text << "' is not a " << collection
        << " name: give " << collection << "/ID or ID\n";
  }
  return name;
}

int usage_error(std::string_view command, std::string_view message, std::ostream& err) {
  err << "investtrack " << command << ": " << message << "\n";
  return kExitUsage;
}

void print_next_page_hint(std::string_view command, const std::string& next_page_token,
                          std::ostream& err) {
  if (next_page_token.empty()) return;
  err << "investtrack " << command << ": more results: --page-token " << next_page_token
      << " (or --all)\n";
}

}  // namespace investtrack::client
