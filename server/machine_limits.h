// What this process may use of the machine: the cores and memory a container's cgroup allows, or
// the machine's own when there is no such limit. For sizing defaults that a container must not
// exceed (a pod limited to 1 CPU and 1 GiB on a 64-core node).
#pragma once

#include <cstddef>

namespace investtrack::server {

// Cores: cgroup v2 cpu.max (quota / period, rounded up), else std::thread::hardware_concurrency; at
// least 1.
std::size_t available_cores();

// Bytes: cgroup v2 memory.max, else the machine's MemTotal; 0 when neither can be read.
std::size_t available_memory_bytes();

}  // namespace investtrack::server
