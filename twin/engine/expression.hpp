// Arithmetic over named quantities, for values written as {cell: "EXPR"}: a number that is a
// product or sum of cell-design quantities (e.g. "(cathode_sheets + anode_sheets) * 0.65") is
// written as the arithmetic it is, so it follows the cell instead of being typed in.
// Grammar: numbers, names, + - * /, unary minus, parentheses, min(a, b), max(a, b), ceil(a).
#pragma once
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace twin {

struct ExpressionError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Evaluated {
  double value = 0;
  std::vector<std::string> names;  // the names used, in order of first use
};

/// Evaluates `text`; throws ExpressionError on a syntax error, an unknown name (listing the
/// known ones), a division by zero or a non-finite result.
Evaluated evaluate(const std::string& text, const std::map<std::string, double>& names);

}  // namespace twin
