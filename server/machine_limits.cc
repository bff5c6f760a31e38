#include "server/machine_limits.h"

#include <algorithm>
#include <fstream>
#include <string>
#include <thread>

namespace investtrack::server {
namespace {

// cgroup v2, as the process sees its own group inside a container.
constexpr const char* kCpuMax = "/sys/fs/cgroup/cpu.max";
constexpr const char* kMemoryMax = "/sys/fs/cgroup/memory.max";

}  // namespace

std::size_t available_cores() {
  const std::size_t machine = std::max(1u, std::thread::hardware_concurrency());
  std::ifstream file(kCpuMax);
  std::string quota;
  std::size_t period = 0;
  if (!(file >> quota >> period) || quota == "max" || period == 0) return machine;
  try {
    const std::size_t micros = std::stoull(quota);
    return std::clamp<std::size_t>((micros + period - 1) / period, 1, machine);
  } catch (const std::exception&) {
    return machine;
  }
}

std::size_t available_memory_bytes() {
  std::size_t machine = 0;
  {
    std::ifstream meminfo("/proc/meminfo");
    std::string key;
    std::size_t kib = 0;
    while (meminfo >> key >> kib) {
      if (key == "MemTotal:") {
        machine = kib * 1024;
        break;
      }
      meminfo.ignore(256, '\n');
    }
  }
  std::ifstream file(kMemoryMax);
  std::string limit;
  if (!(file >> limit) || limit == "max") return machine;
  try {
    const std::size_t bytes = std::stoull(limit);
    return machine == 0 ? bytes : std::min(bytes, machine);
  } catch (const std::exception&) {
    return machine;
  }
}

}  // namespace investtrack::server
