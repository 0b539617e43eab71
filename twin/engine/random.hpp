// Random streams: a small, fully specified generator so results are bit-identical on every
// compiler and standard library (std:: distributions are implementation-defined).
#pragma once
#include <cstdint>
#include <string_view>

namespace twin {

/// Stable 64-bit hash of a string (FNV-1a); used to key streams by station name.
std::uint64_t stable_hash(std::string_view text);

/// What a stream is used for: separate streams keep e.g. failure draws from shifting cycle-time
/// draws, so two scenarios that differ only in failures still share their cycle times
/// (common random numbers).
enum class StreamPurpose : std::uint64_t { cycle = 1, scrap = 2, failure = 3, release = 4, setup = 5, cost = 6, sample = 7 };

/// xoshiro256** (Blackman & Vigna), seeded through splitmix64.
class Rng {
 public:
  explicit Rng(std::uint64_t seed = 1);
  std::uint64_t next_u64();
  /// Uniform in [0, 1) with 53 random bits.
  double uniform01();

 private:
  std::uint64_t state_[4];
};

/// The stream of one machine: derived from (scenario seed, replication, station, machine,
/// purpose) only, so it does not depend on thread count, run order or actor scheduling.
Rng make_stream(std::uint64_t seed, std::uint64_t replication, std::string_view station,
                std::uint64_t machine, StreamPurpose purpose);

}  // namespace twin
