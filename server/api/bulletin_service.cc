#include "server/api/bulletin_service.h"

#include <string>
#include <vector>

#include "server/api/errors.h"
#include "server/app/resources.h"

namespace investtrack::server::api {
namespace {

// Bulletins a ReparseBulletins call names at most; the whole register is reparsed by naming none.
constexpr int kMaxReparseNames = 1000;

}  // namespace

grpc::Status BulletinService::ParseBulletin(grpc::ServerContext* context,
                                            const v1::ParseBulletinRequest* request,
                                            v1::ParseBulletinResponse* response) {
  return runner_.run(context, "ParseBulletin", Role::kReader, [&](const CallScope& scope) {
    return reply(bulletins_.parse(*request, app_call(scope)), *response);
  });
}

grpc::Status BulletinService::IngestBulletin(grpc::ServerContext* context,
                                             const v1::IngestBulletinRequest* request,
                                             v1::IngestBulletinResponse* response) {
  return runner_.run(context, "IngestBulletin", Role::kEditor, [&](const CallScope& scope) {
    return reply(bulletins_.ingest(*request, app_call(scope)), *response);
  });
}

grpc::Status BulletinService::BatchIngestBulletins(grpc::ServerContext* context,
                                                   const v1::BatchIngestBulletinsRequest* request,
                                                   v1::BatchIngestBulletinsResponse* response) {
  return runner_.run(context, "BatchIngestBulletins", Role::kEditor, [&](const CallScope& scope) {
    app::Outcome<app::Bulletins::BatchItems> items =
        bulletins_.ingest_batch(request->requests(), app_call(scope));
    if (!items.ok()) return to_status(items.error());
    for (app::Outcome<v1::IngestBulletinResponse>& item : items.value()) {
      v1::BatchIngestBulletinsResult* result = response->add_results();
      if (!item.ok()) {
        *result->mutable_status() = rpc_status(item.error());
        continue;
      }
      result->mutable_status()->set_code(static_cast<int>(grpc::StatusCode::OK));
      *result->mutable_response() = std::move(item).value();
    }
    return grpc::Status::OK;
  });
}

grpc::Status BulletinService::GetBulletin(grpc::ServerContext* context,
                                          const v1::GetBulletinRequest* request,
                                          v1::Bulletin* response) {
  return runner_.run(context, "GetBulletin", Role::kReader, [&](const CallScope& scope) {
    const std::int64_t id = app::bulletin_id_from_name(request->name(), "name");
    if (!v1::BulletinView_IsValid(request->view())) {
      throw invalid_argument("view", "view has an unknown value");
    }
    const bool full = request->view() == v1::BULLETIN_VIEW_FULL;
    *response = app::to_bulletin(store_.get_bulletin(id, full, scope.store_options), full);
    return grpc::Status::OK;
  });
}

grpc::Status BulletinService::ListBulletins(grpc::ServerContext* context,
                                            const v1::ListBulletinsRequest* request,
                                            v1::ListBulletinsResponse* response) {
  return runner_.run(context, "ListBulletins", Role::kReader, [&](const CallScope& scope) {
    const int page_size = effective_page_size(request->page_size());
    const PageCursor cursor(tokens_, "bulletins", request_fingerprint({}));
    std::int64_t before_id = 0;
    if (const auto position = cursor.position(request->page_token(), {1})) {
      before_id = token_number((*position)[0]);
    }
    // One more than asked tells whether another page follows.
    std::vector<store::StoredBulletin> page =
        store_.list_bulletins_newest_first(before_id, page_size + 1, scope.store_options);
    const bool more = static_cast<int>(page.size()) > page_size;
    if (more) page.resize(static_cast<std::size_t>(page_size));
    for (const store::StoredBulletin& stored : page) {
      *response->add_bulletins() = app::to_bulletin(stored, false);
    }
    if (more) response->set_next_page_token(cursor.token({std::to_string(page.back().id)}));
    return grpc::Status::OK;
  });
}

grpc::Status BulletinService::ReparseBulletins(grpc::ServerContext* context,
                                               const v1::ReparseBulletinsRequest* request,
                                               v1::ReparseBulletinsResponse* response) {
  return runner_.run(context, "ReparseBulletins", Role::kAdmin, [&](const CallScope& scope) {
    if (request->names_size() > kMaxReparseNames) {
      throw invalid_argument("names", "at most " + std::to_string(kMaxReparseNames) +
                                          " bulletins can be named; name none to reparse all");
    }
    std::vector<std::int64_t> ids;
    ids.reserve(static_cast<std::size_t>(request->names_size()));
    for (const std::string& name : request->names()) {
      ids.push_back(app::bulletin_id_from_name(name, "names"));
    }
    return reply(bulletins_.reparse(ids, app_call(scope)), *response);
  });
}

}  // namespace investtrack::server::api
