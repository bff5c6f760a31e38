#include "call_options.h"

#include <algorithm>

#include "store_error.h"

namespace investtrack::store {

std::chrono::milliseconds CallOptions::time_for_statement() const {
  if (cancelled && cancelled()) {
    throw StoreError(StoreErrorCode::kCancelled, "the caller went away; the work was stopped");
  }
  if (deadline == Clock::time_point::max()) return statement_timeout;
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
  if (left.count() <= 0) {
    throw StoreError(StoreErrorCode::kDeadlineExceeded,
                     "the call's deadline passed before the database work was done");
  }
  return statement_timeout.count() == 0 ? left : std::min(left, statement_timeout);
}

}  // namespace investtrack::store
