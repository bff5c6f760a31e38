// Fixing entity resolution by hand: the review queue, merging records that are one project, and
// undoing a merge.
#pragma once

#include "command_support.h"

namespace investtrack::client {

void add_review_commands(const CommandSetup& setup);

}  // namespace investtrack::client
