#!/usr/bin/env bash
#===- scripts/build.sh - Configure and build zara --------------------------===#
#
# Configures zara with Ninja against Debian's LLVM/MLIR 22 (Release) and
# builds it. A build directory that is already configured is reused: ninja
# re-runs CMake itself when a CMakeLists.txt changed.
#
#   bash scripts/build.sh [TARGET...]      default target: all
#
# Environment:
#   ZARA_BUILD_DIR   build directory (default: ./build in the repository)
#   ZARA_JOBS        parallel jobs for ninja (default: ninja's choice)
#
# Run scripts/install-deps.sh first on a fresh machine (the README's
# commands do).
#
#===----------------------------------------------------------------------===#
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${ZARA_BUILD_DIR:-$ROOT/build}
LLVM_PREFIX=/usr/lib/llvm-22

if [[ ! -f "$BUILD_DIR/build.ninja" || ! -f "$BUILD_DIR/CMakeCache.txt" ]]; then
  echo "build: configuring $BUILD_DIR"
  cmake -G Ninja -S "$ROOT" -B "$BUILD_DIR" \
    -DCMAKE_BUILD_TYPE=Release \
    -DMLIR_DIR="$LLVM_PREFIX/lib/cmake/mlir" \
    -DLLVM_EXTERNAL_LIT="$LLVM_PREFIX/bin/lit"
fi

jobs=()
if [[ -n "${ZARA_JOBS:-}" ]]; then
  jobs=(-j "$ZARA_JOBS")
fi
echo "build: building ${*:-all} in $BUILD_DIR"
ninja -C "$BUILD_DIR" "${jobs[@]}" "$@"
