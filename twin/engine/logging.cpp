#include "twin/engine/logging.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace twin {
namespace {
int g_verbosity = 0;
}

void setup_logging(int level) {
  g_verbosity = level;
  auto logger = spdlog::get("celltwin");
  if (!logger) logger = spdlog::stderr_color_st("celltwin");
  logger->set_pattern("celltwin: %^%l%$: %v");
  logger->set_level(level < 0   ? spdlog::level::err
                    : level == 0 ? spdlog::level::warn
                    : level == 1 ? spdlog::level::info
                                 : spdlog::level::debug);
  spdlog::set_default_logger(logger);
}

int verbosity() { return g_verbosity; }

std::vector<std::string> simgrid_flags() {
  // "thres:off" does not exist in 3.32 (it aborts); critical is the quietest level.
  if (g_verbosity >= 2) return {"--log=root.thres:info"};
  if (g_verbosity == 1) return {"--log=root.thres:warning"};
  return {"--log=root.thres:critical"};
}

}  // namespace twin
