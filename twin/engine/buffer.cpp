#include "twin/engine/buffer.hpp"

#include <simgrid/s4u/Engine.hpp>

#include <stdexcept>

namespace twin {

Buffer::Buffer(int station, long long capacity_lots, long long downstream_positions,
               EventBus& bus)
    : station_(station), capacity_(capacity_lots), bus_(bus) {
  if (capacity_lots >= 0) {
    const long long positions = capacity_lots + downstream_positions;
    if (positions > 1'000'000'000) throw std::invalid_argument("buffer too large");
    free_ = simgrid::s4u::Semaphore::create(static_cast<unsigned>(positions));
  }
  waiting_ = simgrid::s4u::Semaphore::create(0);
}

bool Buffer::would_block() const { return !unlimited() && free_->would_block(); }

void Buffer::reserve() {
  if (!unlimited()) free_->acquire();
}

void Buffer::put(Lot lot) {
  lot.holds_slot = !unlimited();
  enqueue(std::move(lot));
}

void Buffer::put_overflow(Lot lot) {
  lot.holds_slot = false;
  enqueue(std::move(lot));
}

void Buffer::enqueue(Lot lot) {
  lots_.push_back(std::move(lot));
  const Lot& stored = lots_.back();
  bus_.emit({simgrid::s4u::Engine::get_clock(), station_, -1, Event::arrive, &stored,
             stored.quantity});
  waiting_->release();
}

Lot Buffer::pop() {
  Lot lot = std::move(lots_.front());
  lots_.pop_front();
  return lot;
}

Lot Buffer::take() {
  waiting_->acquire();
  return pop();
}

std::optional<Lot> Buffer::take_until(double deadline_s) {
  const double timeout = deadline_s - simgrid::s4u::Engine::get_clock();
  if (timeout <= 0) {
    if (waiting_->would_block()) return std::nullopt;
    waiting_->acquire();
    return pop();
  }
  if (waiting_->acquire_timeout(timeout)) return std::nullopt;
  return pop();
}

void Buffer::release_position(bool held_slot) {
  if (held_slot && !unlimited()) free_->release();
}

}  // namespace twin
