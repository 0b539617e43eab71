#include "stations/source.hpp"

#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>

namespace stations {

using twin::Change;
using twin::Range;

const twin::Schema<LotSpec>& lot_fields() {
  static const twin::Schema<LotSpec> table = {
      twin::name_field("kind", &LotSpec::kind, "part",
                       "what the lot is (part, roll, sheet, cell ...)")
          .as(Change::hardware),
      twin::number_field("quantity", &LotSpec::quantity, Range::above(0), "units", "1",
                         "units per lot (parts, metres, sheets, cells ...)")
          .as(Change::recipe),
  };
  return table;
}

namespace {

struct ArrivalSpec {
  twin::Distribution interarrival_s;
  std::string when_full = "block";
};

const twin::Schema<ArrivalSpec>& arrival_fields() {
  static const twin::Schema<ArrivalSpec> table = {
      twin::distribution_field("interarrival_s", &ArrivalSpec::interarrival_s, Range::above(0), "s",
                               "", "time between two releases")
          .as(Change::recipe),
      twin::choice_field("when_full", &ArrivalSpec::when_full, {"block", "drop"}, "block",
                         "an arrival finding the buffer full waits (block) or is lost (drop)")
          .as(Change::recipe),
  };
  return table;
}

void read_release(const twin::Reader& r, const YAML::Node& n, const std::string& p,
                  ReleaseConfig& out) {
  if (n.IsScalar()) {
    if (n.Scalar() != "saturated")
      r.fail(n, p,
             "must be 'saturated' or a map {interarrival_s, when_full} (got '" + n.Scalar() + "')");
    out.mode = "saturated";
    return;
  }
  ArrivalSpec spec;
  twin::read_block(r, n, p, arrival_fields(), spec);
  out.mode = "interarrival";
  out.interarrival_s = spec.interarrival_s;
  out.when_full = spec.when_full;
}

twin::Json write_release(const ReleaseConfig& in) {
  if (in.mode == "saturated") return "saturated";
  return twin::write_block(arrival_fields(), ArrivalSpec{in.interarrival_s, in.when_full});
}

}  // namespace

std::vector<twin::FieldDoc> arrival_docs() { return twin::document(arrival_fields()); }

const twin::Schema<ReleaseConfig>& release_fields() {
  static const twin::Schema<ReleaseConfig> table = {
      twin::Field<ReleaseConfig>{"release", "saturated or {interarrival_s, when_full}", "", "",
                                 "saturated: a lot whenever the head station can take one",
                                 read_release, write_release, arrival_docs()}
          .as(Change::recipe),
      twin::block_field("lot", &ReleaseConfig::lot, lot_fields(), "", "the lot released")
          .as(Change::recipe),
      twin::integer_field("max_lots", &ReleaseConfig::max_lots, Range::at_least(0), "lots",
                          "no limit", "release at most this many lots (a production order)")
          .as(Change::recipe),
  };
  return table;
}

Source::Source(ReleaseConfig config, int head_station, const std::string& head_name,
               twin::Buffer& head, twin::RunContext& run)
    : config_(std::move(config)),
      head_station_(head_station),
      head_name_(head_name),
      head_(head),
      run_(run),
      rng_(run.stream("source:" + head_name, 0, twin::StreamPurpose::release)) {}

void Source::start(simgrid::s4u::Host* host) {
  twin::start_daemon("source:" + head_name_, host, run_, [this] { (*this)(); });
}

twin::Lot Source::new_lot() {
  twin::Lot lot;
  lot.id = run_.new_lot_id();
  lot.kind = config_.lot->kind;
  lot.quantity = config_.lot->quantity;
  lot.released_s = simgrid::s4u::Engine::get_clock();
  return lot;
}

void Source::operator()() {
  const bool saturated = config_.mode == "saturated";
  const bool drop = config_.when_full == "drop";
  for (long long released = 0; config_.max_lots < 0 || released < config_.max_lots;) {
    if (!saturated) twin::sleep_for_s(config_.interarrival_s.sample(rng_), "an interarrival time");
    if (drop && head_.would_block()) {
      twin::Lot lost = new_lot();
      run_.emit(head_station_, -1, twin::Event::reject, &lost, lost.quantity);
      continue;
    }
    head_.reserve();
    twin::Lot lot = new_lot();
    run_.emit(head_station_, -1, twin::Event::release, &lot, lot.quantity);
    head_.put(std::move(lot));
    ++released;
  }
}

}  // namespace stations
