// A value that follows a learning curve over plant time (ramp-up): scrap rates, cycle-time
// factors, and later any rate. v(t) = mature + (initial - mature) exp(-t / tau_h); a value
// without a curve (tau_h <= 0 or initial == mature) is constant.
#pragma once
#include <cmath>

namespace twin {

struct Ramped {
  double initial = 0;
  double mature = 0;
  double tau_h = 0;  // learning time constant: the excess falls to 37 % after tau_h

  static Ramped constant(double value) { return {value, value, 0}; }
  bool ramps() const { return tau_h > 0 && initial != mature; }
  /// The value at `plant_time_s` seconds after plant start.
  double at(double plant_time_s) const {
    if (!ramps()) return mature;
    return mature + (initial - mature) * std::exp(-plant_time_s / 3600.0 / tau_h);
  }
  double highest() const { return initial > mature ? initial : mature; }
};

}  // namespace twin
