#include "twin/engine/run_context.hpp"

#include <simgrid/Exception.hpp>
#include <simgrid/s4u/Actor.hpp>

#include <cmath>
#include <stdexcept>

namespace twin {

void sleep_for_s(double seconds, const char* what) {
  if (!(seconds >= 0) || !std::isfinite(seconds))
    throw std::range_error(std::string(what) + " of " + std::to_string(seconds) +
                           " s: a duration must be finite and >= 0");
  simgrid::s4u::this_actor::sleep_for(seconds);
}

void start_daemon(const std::string& name, simgrid::s4u::Host* host, RunContext& run,
                  std::function<void()> body) {
  simgrid::s4u::Actor::create(name, host, [&run, name, body = std::move(body)] {
    simgrid::s4u::Actor::self()->daemonize();
    try {
      body();
    } catch (const simgrid::ForcefulKillException&) {
      throw;  // how SimGrid unwinds daemons at the end of the run
    } catch (const std::exception& e) {
      run.fail(name + ": " + e.what());
      simgrid::s4u::Actor::kill_all();
    }
  });
}

}  // namespace twin
