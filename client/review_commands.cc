#include "review_commands.h"

#include <cstdio>
#include <ostream>

#include "exit_codes.h"
#include "investtrack/v1/project_service.grpc.pb.h"
#include "project_columns.h"
#include "resource_names.h"
#include "text_table.h"
#include "value_format.h"

namespace investtrack::client {
namespace {

struct ReviewOptions {
  bool show_resolved = false;
  std::string format = "table";
};

struct MergeOptions {
  std::string target;
  std::vector<std::string> sources;
  std::string reason;
};

struct SplitOptions {
  std::string project;
  std::string merge;
  std::string reason;
};

std::string score_label(double score) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%.2f", score);
  return buffer;
}

int run_review(const ReviewOptions& options, const ServerConnection& server, const CommandIo& io) {
  auto stub = v1::ProjectService::NewStub(server.channel());
  v1::ListReviewItemsRequest request;
  request.set_show_resolved(options.show_resolved);
  v1::ListReviewItemsResponse all;
  do {
    grpc::ClientContext context;
    server.prepare(context);
    v1::ListReviewItemsResponse page;
    const auto status = stub->ListReviewItems(&context, request, &page);
    if (!status.ok()) return report_rpc_error("review", status, io.err);
    for (auto& item : *page.mutable_review_items()) *all.add_review_items() = std::move(item);
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());

  if (options.format == "json") {
    io.out << to_json(all) << "\n";
    return kExitOk;
  }
  TextTable table({"item", "project", "might be", "rule", "score", "state", "reason"});
  for (const auto& item : all.review_items()) {
    table.add_row({resource_id(item.name()), item.project(), item.candidate_project(), item.rule(),
                   score_label(item.score()), item.state(), item.reason()});
  }
  io.out << table.render(60);
  return kExitOk;
}

int run_merge(const MergeOptions& options, const ServerConnection& server, const CommandIo& io) {
  v1::MergeProjectsRequest request;
  const auto target = name_argument("merge", "projects", options.target, io.err);
  if (!target) return kExitUsage;
  request.set_name(*target);
  for (const auto& source : options.sources) {
    const auto name = name_argument("merge", "projects", source, io.err);
    if (!name) return kExitUsage;
    if (*name == *target)
      return usage_error("merge", "a project cannot be merged into itself", io.err);
    request.add_sources(*name);
  }
  request.set_reason(options.reason);
  grpc::ClientContext context;
  server.prepare(context);
  v1::MergeProjectsResponse response;
  const auto status =
      v1::ProjectService::NewStub(server.channel())->MergeProjects(&context, request, &response);
  if (!status.ok()) return report_rpc_error("merge", status, io.err);
  io.out << "merged into " << response.project().name() << " as " << response.merge()
         << " (undo: investtrack split " << response.project().name() << " --merge "
         << response.merge() << ")\n";
  return kExitOk;
}

int run_split(const SplitOptions& options, const ServerConnection& server, const CommandIo& io) {
  const auto project = name_argument("split", "projects", options.project, io.err);
  if (!project) return kExitUsage;
  const auto merge = name_argument("split", "merges", options.merge, io.err);
  if (!merge) return kExitUsage;
  v1::SplitProjectRequest request;
  request.set_name(*project);
  request.set_merge(*merge);
  request.set_reason(options.reason);
  grpc::ClientContext context;
  server.prepare(context);
  v1::SplitProjectResponse response;
  const auto status =
      v1::ProjectService::NewStub(server.channel())->SplitProject(&context, request, &response);
  if (!status.ok()) return report_rpc_error("split", status, io.err);
  TextTable table(project_table_header());
  for (const auto& restored : response.projects()) table.add_row(project_table_row(restored));
  io.out << table.render();
  return kExitOk;
}

}  // namespace

void add_review_commands(const CommandSetup& setup) {
  {
    auto options = std::make_shared<ReviewOptions>();
    auto* sub = setup.app.add_subcommand("review",
                                         "Doubtful matches the register kept apart for a reviewer");
    sub->add_flag("--show-resolved", options->show_resolved, "Include resolved items");
    sub->add_option("--format", options->format, "Output: table json")
        ->check(CLI::IsMember({"table", "json"}))
        ->capture_default_str();
    on_selected(setup, sub, [options](const ServerConnection& server, const CommandIo& io) {
      return run_review(*options, server, io);
    });
  }
  {
    auto options = std::make_shared<MergeOptions>();
    auto* sub = setup.app.add_subcommand(
        "merge", "Merge SOURCE projects into TARGET with all history and evidence");
    sub->add_option("target", options->target, "The project that survives")->required();
    sub->add_option("sources", options->sources, "Projects merged into it")->required();
    sub->add_option("--reason", options->reason, "Why (kept in the edit log)")->required();
    on_selected(setup, sub, [options](const ServerConnection& server, const CommandIo& io) {
      return run_merge(*options, server, io);
    });
  }
  {
    auto options = std::make_shared<SplitOptions>();
    auto* sub = setup.app.add_subcommand("split",
                                         "Undo a merge: the merged projects become separate again");
    sub->add_option("id", options->project, "The project the merge went into")->required();
    sub->add_option("--merge", options->merge, "The merge to undo: merges/N (printed by merge)")
        ->required();
    sub->add_option("--reason", options->reason, "Why (kept in the edit log)");
    on_selected(setup, sub, [options](const ServerConnection& server, const CommandIo& io) {
      return run_split(*options, server, io);
    });
  }
}

}  // namespace investtrack::client
