// A finite (or unlimited) FIFO buffer in front of a station, with blocking after service.
//
// Idiom (measured in SIMGRID_NOTES): a deque plus two SimGrid semaphores. `free_` counts the
// positions a lot may occupy from the moment it enters the buffer until it leaves the downstream
// station: the buffer's capacity plus every lot position of the downstream machines. So with
// `buffer_in: 0` a finished upstream lot waits on its machine until a downstream machine is
// free, which is exact blocking after service. Actors are cooperative: the deque needs no lock.
#pragma once
#include <simgrid/s4u/Semaphore.hpp>

#include <deque>
#include <optional>

#include "twin/engine/event_log.hpp"
#include "twin/engine/lot.hpp"

namespace twin {

class Buffer {
 public:
  /// capacity_lots < 0: unlimited. station: index of the station this buffer feeds.
  Buffer(int station, long long capacity_lots, long long downstream_positions, EventBus& bus);

  bool unlimited() const { return capacity_ < 0; }
  long long capacity() const { return capacity_; }
  std::size_t size() const { return lots_.size(); }

  // Upstream side.
  bool would_block() const;
  /// Waits until a position is free and takes it.
  void reserve();
  /// Puts a lot into the buffer after reserve(); emits `arrive`.
  void put(Lot lot);
  /// Puts a rework lot past the capacity: rework carts do not block the line.
  void put_overflow(Lot lot);

  // Downstream side.
  /// Waits for a lot and takes it from the buffer.
  Lot take();
  /// As take(), but gives up at `deadline_s` (simulated time).
  std::optional<Lot> take_until(double deadline_s);
  /// A lot taken from here has left the downstream station: its position becomes free
  /// (only if it held one, see Lot::holds_slot).
  void release_position(bool held_slot);

 private:
  void enqueue(Lot lot);
  Lot pop();
  int station_;
  long long capacity_;
  EventBus& bus_;
  std::deque<Lot> lots_;
  simgrid::s4u::SemaphorePtr free_;
  simgrid::s4u::SemaphorePtr waiting_;
};

}  // namespace twin
