// Reading and correcting the project register: list, get, history, edit, delete, undelete.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "command_support.h"
#include "investtrack/v1/project_service.pb.h"

namespace investtrack::client {

struct ListOptions {
  std::string filter;
  std::string order_by;
  int page_size = 0;  // 0: the server's default
  std::string page_token;
  bool all = false;  // follow next_page_token to the end
  bool show_deleted = false;
  std::string format = "table";  // table | json | csv
  bool byte_order_mark = false;
};

// One field the user set on `edit`: the update_mask path and the value as typed.
struct FieldEdit {
  std::string path;
  std::string value;
};

struct EditOptions {
  std::string project;
  std::vector<FieldEdit> edits;
  std::string currency_code = "CNY";
  std::string reason;
  std::string etag;  // read from the server first when empty
  std::string format = "text";
};

// The UpdateProject request for `edit`: the mask holds exactly the edited paths. nullopt with
// `error` set when a value does not parse (an unknown status, a malformed amount).
std::optional<v1::UpdateProjectRequest> build_update_request(const std::string& name,
                                                             const EditOptions& options,
                                                             std::string& error);

int run_list(const ListOptions& options, const ServerConnection& server, const CommandIo& io);
int run_edit(const EditOptions& options, const ServerConnection& server, const CommandIo& io);

// A project as `get` prints it: a field/value table and its evidence, or one JSON object.
void print_project(const v1::Project& project, const std::string& format, std::ostream& out);

void add_project_commands(const CommandSetup& setup);

}  // namespace investtrack::client
