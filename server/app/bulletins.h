// The bulletin use cases behind BulletinService, without gRPC: read a bulletin (refusing empty,
// oversized and unreadable ones and those naming too many projects), hand what was read to the
// store, read back what it stored; the same for a batch, one outcome per bulletin; reparse stored
// bulletins with the current parser. Every call that parses is admitted by HeavyCalls first, and
// every write drops what it touched from the ProjectCache before it answers.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include <google/protobuf/repeated_ptr_field.h>

#include "investtrack/v1/bulletin_service.pb.h"
#include "server/app/call.h"
#include "server/app/heavy_calls.h"
#include "server/app/outcome.h"
#include "server/app/project_cache.h"
#include "server/metrics.h"
#include "server/store/project_store.h"

namespace investtrack::server::app {

struct BulletinLimits {
  // Larger bulletins are refused with RESOURCE_EXHAUSTED before parsing.
  std::size_t max_bulletin_bytes = std::size_t{8} * 1024 * 1024;
  // Bulletins naming more projects are refused with RESOURCE_EXHAUSTED after parsing, before
  // anything is stored or sent: the real lists seen name at most a few hundred, and the work
  // and the reply grow with the count.
  int max_projects = 5000;
  // ParseBulletin answers larger than this are refused with RESOURCE_EXHAUSTED.
  std::size_t max_reply_bytes = 64u << 20;
  // How long a heavy call waits for room (HeavyCalls) when its deadline allows longer.
  std::chrono::milliseconds max_queue_wait{30'000};
};

// Bulletins one BatchIngestBulletins call carries at most.
inline constexpr int kMaxBatchBulletins = 100;

// ParseBulletin's work without admission, so it can be tested alone. should_stop:
// ParseOptions::should_stop.
Outcome<v1::ParseBulletinResponse> parse_bulletin(const v1::ParseBulletinRequest& request,
                                                  const BulletinLimits& limits,
                                                  const std::function<bool()>& should_stop = {});

class Bulletins {
 public:
  // metrics: where ingests count the bulletins and projects they stored or refused.
  Bulletins(BulletinLimits limits, HeavyCalls& heavy_calls, store::ProjectStore& store,
            ProjectCache& cache, Metrics& metrics)
      : limits_(limits),
        heavy_calls_(heavy_calls),
        store_(store),
        cache_(cache),
        metrics_(metrics) {}

  Outcome<v1::ParseBulletinResponse> parse(const v1::ParseBulletinRequest& request,
                                           const Call& call) const;

  // The bulletin stored and read back. A StoreError of the write or the read is thrown.
  Outcome<v1::IngestBulletinResponse> ingest(const v1::IngestBulletinRequest& request,
                                             const Call& call);

  // One outcome per request, in order, each as if ingested alone (ProjectStore::ingest_batch);
  // or the call's own refusal (no bulletins, too many, too many bytes together, no room, stopped).
  using BatchItems = std::vector<Outcome<v1::IngestBulletinResponse>>;
  Outcome<BatchItems> ingest_batch(
      const google::protobuf::RepeatedPtrField<v1::IngestBulletinRequest>& requests,
      const Call& call);

  // Reparses the bulletins `ids` names, or every stored bulletin when it is empty. A bulletin the
  // current parser cannot read keeps its earlier observations (and is logged).
  Outcome<v1::ReparseBulletinsResponse> reparse(const std::vector<std::int64_t>& ids,
                                                const Call& call);

 private:
  // Waits for room to parse `content_bytes` of bulletins.
  Outcome<HeavyCalls::Admission> admit(const Call& call, std::size_t content_bytes) const;

  // IngestBulletin's response for each stored bulletin, responses[k] for results[k], read back
  // from the store in two statements however many there are.
  void fill_ingest_responses(const std::vector<store::IngestResult>& results, const Call& call,
                             const std::vector<v1::IngestBulletinResponse*>& responses);

  BulletinLimits limits_;
  HeavyCalls& heavy_calls_;
  store::ProjectStore& store_;
  ProjectCache& cache_;
  Metrics& metrics_;
};

}  // namespace investtrack::server::app
