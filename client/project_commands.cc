#include "project_commands.h"

#include <algorithm>
#include <map>
#include <ostream>

#include "csv_writer.h"
#include "exit_codes.h"
#include "investtrack/v1/project_service.grpc.pb.h"
#include "project_columns.h"
#include "text_table.h"
#include "value_format.h"

namespace investtrack::client {
namespace {

struct EditableField {
  const char* flag;
  const char* path;
  const char* help;
};

// Flags of `edit`, each one update_mask path. Repeatable list flags are registered separately.
constexpr EditableField kEditableFields[] = {
    {"--display-name", "display_name", "The project's name"},
    {"--status", "status",
     "Status: ANNOUNCED, SIGNED, PREPARING, UNDER_CONSTRUCTION, COMPLETED, OPERATING, SUSPENDED, "
     "CANCELLED, UNKNOWN"},
    {"--total-investment", "total_investment",
     "Total investment: 120000000, 1.2亿 or 3500万 (in --currency)"},
    {"--industry", "industry", "Industry key, e.g. photovoltaics"},
    {"--province", "location.province", "Province, e.g. 山西省"},
    {"--city", "location.city", "Prefecture-level city, e.g. 长治市"},
    {"--county", "location.county", "County-level division, e.g. 武乡县"},
    {"--zone", "location.zone", "Development zone or park"},
    {"--division-code", "location.division_code", "GB/T 2260 code of the most specific division"},
    {"--level", "level", "Project level, e.g. 省级重点工程"},
    {"--project-code", "project_code", "National project code"},
};

void add_mask_path(google::protobuf::FieldMask& mask, const std::string& path) {
  for (const auto& existing : mask.paths()) {
    if (existing == path) return;
  }
  mask.add_paths(path);
}

std::string event_detail(const v1::ProjectEvent& event) {
  std::string detail;
  switch (event.kind()) {
    case v1::ProjectEvent::KIND_EDIT:
      detail = event.field_path();
      if (!event.old_value().empty() || !event.new_value().empty()) {
        detail += ": " + event.old_value() + " -> " + event.new_value();
      }
      return detail;
    default:
      detail = event.status_phrase();
      if (!event.match_rule().empty()) {
        detail += (detail.empty() ? "" : " ") + std::string("[") + event.match_rule() + "]";
      }
      return detail;
  }
}

void add_format_option(CLI::App* sub, std::string& format, std::vector<std::string> allowed) {
  std::string help = "Output:";
  for (const auto& name : allowed) help += " " + name;
  sub->add_option("--format", format, help)
      ->check(CLI::IsMember(std::move(allowed)))
      ->capture_default_str();
}

// Calls `call(context, request, page)` for each page, following next_page_token, and hands every
// page to on_page; stops at the first failure.
template <typename Response, typename Request, typename Call, typename OnPage>
grpc::Status for_each_page(const ServerConnection& server, Request request, Call call,
                           OnPage on_page) {
  do {
    grpc::ClientContext context;
    server.prepare(context);
    Response page;
    if (grpc::Status status = call(&context, request, &page); !status.ok()) return status;
    request.set_page_token(page.next_page_token());
    on_page(page);
  } while (!request.page_token().empty());
  return grpc::Status::OK;
}

// Every event of a project, all pages.
grpc::Status fetch_events(const std::string& name, const ServerConnection& server,
                          v1::ListProjectEventsResponse& all) {
  auto stub = v1::ProjectService::NewStub(server.channel());
  v1::ListProjectEventsRequest request;
  request.set_parent(name);
  return for_each_page<v1::ListProjectEventsResponse>(
      server, request,
      [&](grpc::ClientContext* context, const auto& r, auto* page) {
        return stub->ListProjectEvents(context, r, page);
      },
      [&](v1::ListProjectEventsResponse& page) {
        for (auto& event : *page.mutable_events()) *all.add_events() = std::move(event);
      });
}

// The total investment as each bulletin stated it, in date order, one line per change.
void print_investment_history(const v1::ListProjectEventsResponse& events, std::ostream& out) {
  std::vector<std::string> lines;
  std::string previous;
  for (const auto& event : events.events()) {
    if (event.kind() != v1::ProjectEvent::KIND_OBSERVATION) continue;
    const std::string amount = amount_label(event.total_investment());
    if (amount.empty() || amount == previous) continue;
    previous = amount;
    lines.push_back("  " + civil_date_label(event.date()) + "  " + amount + "  " +
                    event.bulletin() + "\n");
  }
  if (lines.size() < 2) return;  // one stated amount is the total above
  out << "investment history:\n";
  for (const auto& line : lines) out << line;
}

// The phases of the project recorded on their own (X二期 with its own record), one line each.
grpc::Status print_phases_recorded_apart(const std::string& name, const ServerConnection& server,
                                         std::ostream& out) {
  auto stub = v1::ProjectService::NewStub(server.channel());
  v1::ListProjectsRequest request;
  request.set_filter("parent = \"" + name + "\"");
  request.set_order_by("display_name");
  std::vector<std::string> lines;
  grpc::Status status = for_each_page<v1::ListProjectsResponse>(
      server, request,
      [&](grpc::ClientContext* context, const auto& r, auto* page) {
        return stub->ListProjects(context, r, page);
      },
      [&](const v1::ListProjectsResponse& page) {
        for (const auto& phase : page.projects()) {
          lines.push_back("  " + phase.name() + "  " + phase.display_name() + "  " +
                          status_label(phase.status()) + "\n");
        }
      });
  if (!status.ok()) return status;
  if (lines.empty()) return grpc::Status::OK;
  out << "phases recorded apart:\n";
  for (const auto& line : lines) out << line;
  return grpc::Status::OK;
}

int run_get(const std::string& name, const std::string& format, const ServerConnection& server,
            const CommandIo& io) {
  grpc::ClientContext context;
  server.prepare(context);
  v1::GetProjectRequest request;
  request.set_name(name);
  v1::Project project;
  const auto status =
      v1::ProjectService::NewStub(server.channel())->GetProject(&context, request, &project);
  if (!status.ok()) return report_rpc_error("get", status, io.err);
  print_project(project, format, io.out);
  if (format != "json") {
    v1::ListProjectEventsResponse events;
    const auto events_status = fetch_events(project.name(), server, events);
    if (!events_status.ok()) return report_rpc_error("get", events_status, io.err);
    print_investment_history(events, io.out);
    const auto phases_status = print_phases_recorded_apart(project.name(), server, io.out);
    if (!phases_status.ok()) return report_rpc_error("get", phases_status, io.err);
  }
  return kExitOk;
}

int run_history(const std::string& name, const std::string& format, const ServerConnection& server,
                const CommandIo& io) {
  v1::ListProjectEventsResponse all;
  if (const auto status = fetch_events(name, server, all); !status.ok()) {
    return report_rpc_error("history", status, io.err);
  }

  if (format == "json") {
    io.out << to_json(all) << "\n";
    return kExitOk;
  }
  TextTable table(
      {"time", "kind", "date", "status", "investment", "detail", "by", "reason", "bulletin"});
  for (const auto& event : all.events()) {
    table.add_row(
        {timestamp_label(event.event_time()),
         enum_label(v1::ProjectEvent::Kind_Name(event.kind()), "KIND_"),
         civil_date_label(event.date()),
         event.status() == v1::PROJECT_STATUS_UNSPECIFIED ? "" : status_label(event.status()),
         amount_label(event.total_investment()), event_detail(event), event.actor(), event.reason(),
         event.bulletin()});
  }
  io.out << table.render(80);
  return kExitOk;
}

// DeleteProject and UndeleteProject take the same request fields and return the project.
template <typename Request, typename Call>
int run_soft_delete_call(std::string_view command, const std::string& name,
                         const std::string& reason, const std::string& etag,
                         const ServerConnection& server, const CommandIo& io, Call call) {
  grpc::ClientContext context;
  server.prepare(context);
  Request request;
  request.set_name(name);
  request.set_reason(reason);
  request.set_etag(etag);
  v1::Project project;
  auto stub = v1::ProjectService::NewStub(server.channel());
  const auto status = call(*stub, context, request, project);
  if (!status.ok()) return report_rpc_error(command, status, io.err);
  io.out << project.name() << " " << command << "d\n";
  return kExitOk;
}

}  // namespace

std::optional<v1::UpdateProjectRequest> build_update_request(const std::string& name,
                                                             const EditOptions& options,
                                                             std::string& error) {
  v1::UpdateProjectRequest request;
  request.set_reason(options.reason);
  auto& project = *request.mutable_project();
  project.set_name(name);
  project.set_etag(options.etag);
  auto& location = *project.mutable_location();
  // Each path maps to the setter of its field; the mask names exactly the paths given.
  const std::map<std::string, std::function<bool(const std::string&)>> setters = {
      {"display_name",
       [&](const std::string& v) {
         project.set_display_name(v);
         return true;
       }},
      {"status",
       [&](const std::string& v) {
         const auto status = parse_status(v);
         if (!status)
           error = "--status: unknown status '" + v + "'";
         else
           project.set_status(*status);
         return status.has_value();
       }},
      {"total_investment",
       [&](const std::string& v) {
         const auto money = parse_money(v, options.currency_code);
         if (!money)
           error =
               "--total-investment: '" + v + "' is not an amount like 120000000, 1.2亿 or 3500万";
         else
           *project.mutable_total_investment() = *money;
         return money.has_value();
       }},
      {"industry",
       [&](const std::string& v) {
         project.set_industry(v);
         return true;
       }},
      {"location.province",
       [&](const std::string& v) {
         location.set_province(v);
         return true;
       }},
      {"location.city",
       [&](const std::string& v) {
         location.set_city(v);
         return true;
       }},
      {"location.county",
       [&](const std::string& v) {
         location.set_county(v);
         return true;
       }},
      {"location.zone",
       [&](const std::string& v) {
         location.set_zone(v);
         return true;
       }},
      {"location.division_code",
       [&](const std::string& v) {
         location.set_division_code(v);
         return true;
       }},
      {"level",
       [&](const std::string& v) {
         project.set_level(v);
         return true;
       }},
      {"project_code",
       [&](const std::string& v) {
         project.set_project_code(v);
         return true;
       }},
      {"organizations",
       [&](const std::string& v) {
         project.add_organizations(v);
         return true;
       }},
      {"aliases",
       [&](const std::string& v) {
         project.add_aliases(v);
         return true;
       }},
  };
  if (options.edits.empty()) {
    error = "nothing to change: give at least one field flag (see --help)";
    return std::nullopt;
  }
  for (const auto& edit : options.edits) {
    const auto setter = setters.find(edit.path);
    if (setter == setters.end()) {
      error = "cannot edit field '" + edit.path + "'";
      return std::nullopt;
    }
    if (!setter->second(edit.value)) return std::nullopt;
    add_mask_path(*request.mutable_update_mask(), edit.path);
  }
  if (!project.has_location() || project.location().ByteSizeLong() == 0) project.clear_location();
  return request;
}

int run_list(const ListOptions& options, const ServerConnection& server, const CommandIo& io) {
  auto stub = v1::ProjectService::NewStub(server.channel());
  v1::ListProjectsRequest request;
  request.set_filter(options.filter);
  request.set_order_by(options.order_by);
  request.set_page_size(options.page_size);
  request.set_page_token(options.page_token);
  request.set_show_deleted(options.show_deleted);

  std::optional<CsvWriter> csv;
  if (options.format == "csv") {
    csv.emplace(io.out, options.byte_order_mark);
    csv->write_row(project_csv_header());
  }
  v1::ListProjectsResponse collected;
  while (true) {
    grpc::ClientContext context;
    server.prepare(context);
    v1::ListProjectsResponse page;
    const auto status = stub->ListProjects(&context, request, &page);
    if (!status.ok()) return report_rpc_error("list", status, io.err);
    for (auto& project : *page.mutable_projects()) {
      if (csv) {
        csv->write_row(project_csv_row(project));
      } else {
        *collected.add_projects() = std::move(project);
      }
    }
    collected.set_next_page_token(page.next_page_token());
    if (!options.all || page.next_page_token().empty()) break;
    request.set_page_token(page.next_page_token());
  }

  if (options.format == "json") {
    io.out << to_json(collected) << "\n";
    return kExitOk;
  }
  if (options.format == "table") {
    TextTable table(project_table_header());
    for (const auto& project : collected.projects()) table.add_row(project_table_row(project));
    io.out << table.render();
  }
  print_next_page_hint("list", collected.next_page_token(), io.err);
  return kExitOk;
}

int run_edit(const EditOptions& options, const ServerConnection& server, const CommandIo& io) {
  const auto name = name_argument("edit", "projects", options.project, io.err);
  if (!name) return kExitUsage;
  if (options.reason.empty())
    return usage_error("edit", "--reason is required: it is kept in the edit log", io.err);
  std::string error;
  auto request = build_update_request(*name, options, error);
  if (!request) return usage_error("edit", error, io.err);

  auto stub = v1::ProjectService::NewStub(server.channel());
  if (options.etag.empty()) {
    // The etag read now makes the update fail, rather than overwrite, if someone edits in between.
    grpc::ClientContext context;
    server.prepare(context);
    v1::GetProjectRequest get;
    get.set_name(*name);
    v1::Project current;
    const auto status = stub->GetProject(&context, get, &current);
    if (!status.ok()) return report_rpc_error("edit", status, io.err);
    request->mutable_project()->set_etag(current.etag());
  }
  grpc::ClientContext context;
  server.prepare(context);
  v1::Project updated;
  const auto status = stub->UpdateProject(&context, *request, &updated);
  if (!status.ok()) return report_rpc_error("edit", status, io.err);
  print_project(updated, options.format, io.out);
  return kExitOk;
}

void print_project(const v1::Project& project, const std::string& format, std::ostream& out) {
  if (format == "json") {
    out << to_json(project) << "\n";
    return;
  }
  TextTable table({"field", "value"});
  auto row = [&](const char* field, const std::string& value) {
    if (!value.empty()) table.add_row({field, value});
  };
  row("name", project.name());
  row("display_name", project.display_name());
  row("parent", project.parent());
  row("status", status_label(project.status()) +
                    (project.status_phrase().empty() ? "" : " (" + project.status_phrase() + ")"));
  if (project.has_total_investment()) {
    row("total_investment", money_label(project.total_investment()) +
                                (project.total_investment_amount().text().empty()
                                     ? ""
                                     : " (" + project.total_investment_amount().text() + ")"));
  }
  row("place", place_label(project.location()));
  row("division_code", project.location().division_code());
  row("industry", project.industry());
  row("organizations", join(project.organizations(), "; "));
  row("aliases", join(project.aliases(), "; "));
  for (const auto& capacity : project.capacities()) row("capacity", capacity.text());
  for (const auto& phase : project.phases()) {
    std::string value = phase.name();
    if (phase.status() != v1::PROJECT_STATUS_UNSPECIFIED)
      value += " " + status_label(phase.status());
    if (const std::string amount = amount_label(phase.total_investment()); !amount.empty())
      value += ", " + amount;
    for (const auto& capacity : phase.capacities()) value += ", " + capacity.text();
    row("phase", value);
  }
  for (const auto& key_date : project.key_dates())
    row(key_date.kind().c_str(), civil_date_label(key_date.date()));
  row("level", project.level());
  row("project_code", project.project_code());
  row("create_time", timestamp_label(project.create_time()));
  row("update_time", timestamp_label(project.update_time()));
  row("delete_time", timestamp_label(project.delete_time()));
  row("etag", project.etag());
  out << table.render(100);
  // One sentence often supports several fields: print it once, naming them all.
  std::vector<std::pair<std::string, std::string>>
      sentences;  // (fields, sentence), first-seen order
  for (const auto& evidence : project.evidence()) {
    auto same = std::find_if(sentences.begin(), sentences.end(), [&](const auto& entry) {
      return entry.second == evidence.sentence();
    });
    if (same == sentences.end()) {
      sentences.emplace_back(evidence.field(), evidence.sentence());
    } else {
      same->first += ", " + evidence.field();
    }
  }
  if (!sentences.empty()) out << "evidence:\n";
  for (const auto& [fields, sentence] : sentences)
    out << "  " << fields << ": " << sentence << "\n";
}

void add_project_commands(const CommandSetup& setup) {
  {
    auto options = std::make_shared<ListOptions>();
    auto* sub = setup.app.add_subcommand("list", "List projects, one page or --all");
    sub->add_option("--filter", options->filter,
                    "AIP-160 filter, e.g. 'status = UNDER_CONSTRUCTION AND city = \"长治市\" AND "
                    "total_investment >= 100000000'");
    sub->add_option("--order-by", options->order_by,
                    "e.g. 'update_time desc' or 'total_investment desc'");
    sub->add_option("--page-size", options->page_size, "Projects per page (server default when 0)")
        ->check(CLI::NonNegativeNumber);
    sub->add_option("--page-token", options->page_token,
                    "Continue from the token a previous page printed");
    sub->add_flag("--all", options->all, "Fetch every page");
    sub->add_flag("--show-deleted", options->show_deleted, "Include soft-deleted projects");
    add_format_option(sub, options->format, {"table", "json", "csv"});
    sub->add_flag("--bom", options->byte_order_mark,
                  "Start CSV with a UTF-8 byte-order mark (for Excel)");
    on_selected(setup, sub, [options](const ServerConnection& server, const CommandIo& io) {
      return run_list(*options, server, io);
    });
  }
  {
    auto id = std::make_shared<std::string>();
    auto format = std::make_shared<std::string>("text");
    auto* sub = setup.app.add_subcommand("get", "Show one project with its evidence");
    sub->add_option("id", *id, "projects/ID or ID")->required();
    add_format_option(sub, *format, {"text", "json"});
    on_selected(setup, sub, [id, format](const ServerConnection& server, const CommandIo& io) {
      const auto name = name_argument("get", "projects", *id, io.err);
      return name ? run_get(*name, *format, server, io) : kExitUsage;
    });
  }
  {
    auto id = std::make_shared<std::string>();
    auto format = std::make_shared<std::string>("table");
    auto* sub =
        setup.app.add_subcommand("history", "A project's observations, status changes and edits");
    sub->add_option("id", *id, "projects/ID or ID")->required();
    add_format_option(sub, *format, {"table", "json"});
    on_selected(setup, sub, [id, format](const ServerConnection& server, const CommandIo& io) {
      const auto name = name_argument("history", "projects", *id, io.err);
      return name ? run_history(*name, *format, server, io) : kExitUsage;
    });
  }
  {
    auto options = std::make_shared<EditOptions>();
    auto values = std::make_shared<std::map<std::string, std::string>>();
    auto organizations = std::make_shared<std::vector<std::string>>();
    auto aliases = std::make_shared<std::vector<std::string>>();
    auto* sub = setup.app.add_subcommand("edit",
                                         "Correct a project by hand; only the fields given change, "
                                         "and they win over later parser output");
    sub->add_option("id", options->project, "projects/ID or ID")->required();
    std::vector<std::pair<CLI::Option*, std::string>> field_options;
    for (const auto& field : kEditableFields) {
      field_options.emplace_back(sub->add_option(field.flag, (*values)[field.path], field.help),
                                 field.path);
    }
    auto* organization_option = sub->add_option("--organization", *organizations,
                                                "Replaces the organizations (repeat for several)");
    auto* alias_option =
        sub->add_option("--alias", *aliases, "Replaces the aliases (repeat for several)");
    sub->add_option("--currency", options->currency_code, "ISO 4217 code of --total-investment")
        ->capture_default_str();
    sub->add_option("--reason", options->reason, "Why (kept in the edit log)")->required();
    sub->add_option("--etag", options->etag,
                    "Fail unless the project still has this etag (default: read it first)");
    add_format_option(sub, options->format, {"text", "json"});
    const ConnectionOptions& connection = setup.connection;
    const CommandIo& io = setup.io;
    CommandAction& chosen = setup.chosen;
    sub->callback([=, &connection, &io, &chosen] {
      options->edits.clear();
      for (const auto& [option, path] : field_options) {
        if (option->count() > 0) options->edits.push_back({path, values->at(path)});
      }
      if (organization_option->count() > 0) {
        for (const auto& organization : *organizations)
          options->edits.push_back({"organizations", organization});
      }
      if (alias_option->count() > 0) {
        for (const auto& alias : *aliases) options->edits.push_back({"aliases", alias});
      }
      chosen = [options, &connection, &io] {
        return run_edit(*options, ServerConnection(connection), io);
      };
    });
  }
  for (const bool undelete : {false, true}) {
    auto id = std::make_shared<std::string>();
    auto reason = std::make_shared<std::string>();
    auto etag = std::make_shared<std::string>();
    const char* command = undelete ? "undelete" : "delete";
    auto* sub = setup.app.add_subcommand(command,
                                         undelete ? "Restore a soft-deleted project"
                                                  : "Soft-delete a project (undelete restores it)");
    sub->add_option("id", *id, "projects/ID or ID")->required();
    sub->add_option("--reason", *reason, "Why (kept in the edit log)");
    sub->add_option("--etag", *etag, "Fail unless the project still has this etag");
    on_selected(setup, sub, [=](const ServerConnection& server, const CommandIo& io) {
      const auto name = name_argument(command, "projects", *id, io.err);
      if (!name) return kExitUsage;
      if (undelete) {
        return run_soft_delete_call<v1::UndeleteProjectRequest>(
            command, *name, *reason, *etag, server, io,
            [](auto& stub, auto& context, auto& request, auto& project) {
              return stub.UndeleteProject(&context, request, &project);
            });
      }
      return run_soft_delete_call<v1::DeleteProjectRequest>(
          command, *name, *reason, *etag, server, io,
          [](auto& stub, auto& context, auto& request, auto& project) {
            return stub.DeleteProject(&context, request, &project);
          });
    });
  }
}

}  // namespace investtrack::client
