//===- Tensor.cpp - The reference interpreter's tensor value --------------===//
//
// Part of zara.
//
//===----------------------------------------------------------------------===//

#include "zara/Interpreter/Tensor.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <cassert>

using namespace zara;
using namespace zara::interp;

Tensor::Tensor(llvm::ArrayRef<int64_t> shape, double fill)
    : shape(shape.begin(), shape.end()),
      data(interp::getNumElements(shape), fill) {}

Tensor::Tensor(llvm::ArrayRef<int64_t> shape, std::vector<double> data)
    : shape(shape.begin(), shape.end()), data(std::move(data)) {
  assert((int64_t)this->data.size() == interp::getNumElements(shape) &&
         "data does not match the shape");
}

int64_t interp::getNumElements(llvm::ArrayRef<int64_t> shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

std::string interp::formatShape(llvm::ArrayRef<int64_t> shape) {
  if (shape.empty())
    return "scalar";
  std::string s;
  llvm::raw_string_ostream os(s);
  llvm::interleave(shape, os, "x");
  return s;
}
