// `investtrack whoami`: the role and token name the server gives this command's credentials.
#pragma once

#include "command_support.h"

namespace investtrack::client {

void add_whoami_command(const CommandSetup& setup);

}  // namespace investtrack::client
