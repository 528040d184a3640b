#!/usr/bin/env bash
#===- scripts/install-deps.sh - Install zara's Debian packages ------------===#
#
# Installs every Debian 12 (bookworm) package zara needs to build, test and
# run its examples. Idempotent: when all packages are already installed it
# does not touch apt at all, so reruns take well under a second.
#
# Run as root (or as a user with sudo). The llvm-22 packages come from
# bookworm-security, which is in Debian 12's default sources.
#
#   bash scripts/install-deps.sh            install what is missing
#   bash scripts/install-deps.sh --list     print the package list and exit
#
#===----------------------------------------------------------------------===#
set -euo pipefail

PACKAGES=(
  # Compiler toolchain and build tools.
  g++ cmake ninja-build ccache git
  # LLVM/MLIR 22: headers, CMake configs, libMLIR; llvm-22-tools ships
  # FileCheck, not, count, split-file and lit (/usr/lib/llvm-22/bin/lit).
  llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools
  # zlib for the static LLVMSupport zara-sim links (tools/zara-sim; also
  # pulled in by libprotobuf-dev).
  zlib1g-dev
  # ONNX (C++ library with checker and shape inference) and the ONNX
  # backend test models used by check-zara-integration.
  libonnx-dev libonnx-testdata libprotobuf-dev protobuf-compiler
  # FlatBuffers (program files of later stages).
  libflatbuffers-dev flatbuffers-compiler flatbuffers-compiler-dev
  # OpenBLAS: the fp32 GEMM that bench/sim_throughput compares zara-sim with.
  libopenblas-dev
  # Unit tests.
  libgtest-dev
  # Python tooling (python/, integration tests): models are exported with
  # Debian's torch; lit itself runs on python3.
  python3 python3-onnx python3-numpy python3-torch python3-flatbuffers
  python3-matplotlib
  # /usr/bin/time -v for bench/.
  time
)

if [[ "${1:-}" == "--list" ]]; then
  printf '%s\n' "${PACKAGES[@]}"
  exit 0
fi

# Packages not yet fully installed ("install ok installed").
missing=()
for pkg in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  if [[ "$status" != "install ok installed" ]]; then
    missing+=("$pkg")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#PACKAGES[@]} packages are installed"
  exit 0
fi

echo "install-deps: installing ${#missing[@]} missing packages: ${missing[*]}"

# Root runs apt directly (a fresh container may have no sudo); anyone else
# needs sudo.
SUDO=()
if [[ $(id -u) -ne 0 ]]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "install-deps: error: not root and sudo is not available;" \
         "install as root: ${missing[*]}" >&2
    exit 1
  fi
  SUDO=(sudo)
fi

export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update
"${SUDO[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
