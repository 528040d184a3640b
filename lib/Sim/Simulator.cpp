//===- Simulator.cpp - The instruction-level accelerator simulator --------===//
//
// Part of zara. Executes a validated program (docs/ISA.md):
//
// Scheduling. Every core has a local clock (the cycle its next instruction
// may issue). The core with the earliest clock runs next (a min-heap; ties
// by core index, so runs are deterministic) and keeps running while its
// clock is not later than the next core's. An instruction is a sequence of
// phases; a phase starts when the previous one has ended (plus any fixed
// latency) and every resource it needs is free, and holds them all for its
// duration (the earliest such start, which may fill a gap between phases
// reserved earlier by other cores: back-filling). The core's clock
// then moves to the end of the last phase: in-order issue, one instruction
// at a time per core, overlap across cores limited only by shared resources
// (tile buffers, network links, the DRAM channel).
//
// Data. The scheduler never reads a data value: for each instruction that
// touches memory it submits a DataOp (the instruction and its patterns'
// bases, resolved with the current loop indices) to the DataPath, which
// owns DRAM, the tile buffers, the weights and the messages' elements and
// applies the ops in submission order: inline (SimOptions::threads == 1)
// or on a second thread fed through a ring (DataThread). Operands are
// gathered into contiguous scratch vectors through their patterns (a
// memcpy when a pattern is one stride-1 run), computed, and scattered.
// `recv` blocks until a matching `send` has been scheduled;
// `barrier` until all participants arrive; a run in which every remaining
// core is blocked is a deadlock and fails with the waiting cores named.
// One exception to submission order in ideal mode: an MVM's op
// gathers, computes and writes later, together with up to seven more MVMs
// of the same group (the weights are then read once for all, and a loop's
// inputs, which mostly share cache lines, one after the other), and
// always before any op (an MVM included) reads or writes an
// element it writes, writes an element it reads, or the group is
// reprogrammed, so the results are the same as in schedule order. As
// computing a pending MVM early is always correct, a flush also computes
// the pending MVMs of the replicas that share the group's weights. The
// scheduler decides when (MvmPlanner: addresses only) and submits the
// flushes as ops of their own, which keeps that bookkeeping off the data
// path's thread.
//
// Arithmetic. Ideal mode: an MVM is a float32 saxpy over the group's
// row-major weight block, rows in increasing order. Quantized mode: weights
// are quantized per column when first used after programming, inputs per
// vector; groups whose ADC cannot saturate (fixed::isAdcLossless) use the
// exact integer product (in doubles when no partial sum can exceed 2^53,
// else in int64), the others the bit-sliced model of FixedPoint.h.
//
// Timing and energy of each instruction follow docs/ISA.md line by line;
// the constants of an MVM are computed once per group.
//
//===----------------------------------------------------------------------===//

#include "zara/Sim/Simulator.h"

#include "zara/Sim/FixedPoint.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <limits>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <tuple>

#if defined(__linux__)
#include <sys/mman.h>
#endif
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) &&         \
    defined(__linux__)
#include <immintrin.h>
#endif

using namespace llvm;
using namespace zara;
using namespace zara::sim;

static Error makeError(const Twine &message) {
  return createStringError(inconvertibleErrorCode(), message);
}

namespace {

constexpr uint8_t kOriginal = static_cast<uint8_t>(Tag::Original);
constexpr uint8_t kZero = static_cast<uint8_t>(Tag::Zero);

/// Zero-filled memory for the simulator's large arrays (DRAM, the tile
/// buffers, the groups' weights), allocated at once. On Linux it asks for
/// transparent huge pages: the instructions of thousands of cores touch
/// these arrays in turn, and with 4 KiB pages the TLB misses cost about a
/// fifth of a run.
class Arena {
public:
  Arena() = default;
  Arena(const Arena &) = delete;
  Arena &operator=(const Arena &) = delete;
  ~Arena() { release(); }
  /// Makes room for `bytes` (every later allocate must fit).
  void reserve(size_t bytes) {
    release();
    capacity = bytes;
    used = 0;
    if (bytes == 0)
      return;
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    constexpr size_t kHuge = size_t(2) << 20;
    mapped = bytes + kHuge;
    void *p = mmap(nullptr, mapped, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p != MAP_FAILED) {
      mapping = static_cast<char *>(p);
      base = reinterpret_cast<char *>(
          (reinterpret_cast<uintptr_t>(mapping) + kHuge - 1) & ~(kHuge - 1));
      madvise(base, bytes, MADV_HUGEPAGE); // advice: failure is harmless
      return;
    }
    mapped = 0;
#endif
    base = static_cast<char *>(std::calloc(bytes, 1));
    if (!base)
      report_bad_alloc_error("zara-sim: out of memory");
  }
  /// n zeroed elements of T, 64-byte aligned.
  template <typename T> T *allocate(size_t n) {
    used = (used + 63) & ~size_t(63);
    T *p = reinterpret_cast<T *>(base + used);
    used += n * sizeof(T);
    assert(used <= capacity && "arena too small");
    return p;
  }
  /// Bytes allocate(n) of T takes, with its alignment.
  template <typename T> static size_t footprint(size_t n) {
    return ((n * sizeof(T) + 63) & ~size_t(63));
  }
  /// The first byte, which every allocation follows (64-byte aligned).
  const char *begin() const { return base; }
  size_t size() const { return capacity; }

private:
  void release() {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    if (mapping) {
      munmap(mapping, mapped);
      mapping = base = nullptr;
      return;
    }
#endif
    std::free(base);
    base = nullptr;
  }
  char *mapping = nullptr; ///< the mmap'd region, base rounded up in it
  char *base = nullptr;
  size_t capacity = 0, used = 0, mapped = 0;
};

/// How many elements gatherRuns copies at a time, and so may read past a
/// run's end.
constexpr unsigned kRunChunk = 8;

/// Values and tags of one memory (in the simulator's Arena).
struct Memory {
  float *data = nullptr;
  uint8_t *tags = nullptr;
  size_t size = 0;
  /// Elements readable after the last (gatherRuns reads kRunChunk at a
  /// time, gatherOffsets tags four bytes at a time).
  static constexpr size_t kSlack = kRunChunk;
  static size_t footprint(size_t n) {
    return Arena::footprint<float>(n + kSlack) +
           Arena::footprint<uint8_t>(n + kSlack);
  }
  /// n elements holding 0 tagged Zero, but those of [originalBegin,
  /// originalEnd), tagged Original (left as the Arena zeroed them: pages
  /// nothing writes are never faulted in).
  void init(Arena &arena, size_t n, size_t originalBegin = 0,
            size_t originalEnd = 0) {
    static_assert(kOriginal == 0, "the Arena's zeros are Original tags");
    size = n;
    data = arena.allocate<float>(n + kSlack);
    tags = arena.allocate<uint8_t>(n + kSlack);
    originalBegin = std::min(originalBegin, n);
    originalEnd = std::clamp(originalEnd, originalBegin, n);
    std::memset(tags, kZero, originalBegin);
    std::memset(tags + originalEnd, kZero, n - originalEnd);
  }
};

/// A pattern's dimensions padded to four (outer dimensions of count 1).
struct Dims4 {
  int64_t stride[4];
  uint32_t count[4];
  explicit Dims4(const Pattern &p) {
    unsigned pad = kMaxPatternDims - p.numDims;
    for (unsigned k = 0; k < kMaxPatternDims; ++k) {
      bool real = k >= pad;
      stride[k] = real ? p.strides[k - pad] : 0;
      count[k] = real ? p.counts[k - pad] : 1;
    }
  }
};

/// Calls f(address) for every element of `p` (base already resolved), in
/// enumeration order.
template <typename F>
inline void forEachAddress(const Pattern &p, int64_t base, F &&f) {
  if (p.contiguous) {
    for (uint64_t i = 0; i < p.size; ++i)
      f(base + int64_t(i));
    return;
  }
  Dims4 d(p);
  for (uint32_t i0 = 0; i0 < d.count[0]; ++i0)
    for (uint32_t i1 = 0; i1 < d.count[1]; ++i1)
      for (uint32_t i2 = 0; i2 < d.count[2]; ++i2) {
        int64_t a =
            base + i0 * d.stride[0] + i1 * d.stride[1] + i2 * d.stride[2];
        for (uint32_t i3 = 0; i3 < d.count[3]; ++i3, a += d.stride[3])
          f(a);
      }
}

/// Copies the elements of `p` from `mem` to `values`/`tags` (either may be
/// null).
void gather(const Memory &mem, const Pattern &p, int64_t base, float *values,
            uint8_t *tags) {
  if (p.contiguous) {
    if (values)
      std::memcpy(values, mem.data + base, p.size * sizeof(float));
    if (tags)
      std::memcpy(tags, mem.tags + base, p.size);
    return;
  }
  size_t i = 0;
  const float *data = mem.data;
  const uint8_t *memTags = mem.tags;
  forEachAddress(p, base, [&](int64_t a) {
    if (values)
      values[i] = data[a];
    if (tags)
      tags[i] = memTags[a];
    ++i;
  });
}

/// gather of both values and tags for a move's source, whose innermost
/// dimension is usually a stride-1 run (a few elements of an image row):
/// each run is copied kRunChunk elements at a time, so `values` and `tags`
/// need kRunChunk - 1 elements of room after p.size, which receive
/// whatever follows the last run (the memories have Memory::kSlack after
/// their last element).
void gatherRuns(const Memory &mem, const Pattern &p, int64_t base,
                float *values, uint8_t *tags) {
  Dims4 d(p);
  if (p.contiguous || d.stride[3] != 1 || d.count[3] < 2)
    return gather(mem, p, base, values, tags);
  const float *data = mem.data;
  const uint8_t *memTags = mem.tags;
  uint32_t run = d.count[3];
  for (uint32_t i0 = 0; i0 < d.count[0]; ++i0)
    for (uint32_t i1 = 0; i1 < d.count[1]; ++i1)
      for (uint32_t i2 = 0; i2 < d.count[2]; ++i2) {
        int64_t a =
            base + i0 * d.stride[0] + i1 * d.stride[1] + i2 * d.stride[2];
        for (uint32_t j = 0; j < run; j += kRunChunk) {
          std::memcpy(values + j, data + a + j, kRunChunk * sizeof(float));
          std::memcpy(tags + j, memTags + a + j, kRunChunk);
        }
        values += run;
        tags += run;
      }
}

/// Writes `values` and `tags` (or the single tag `tag` when `tags` is null)
/// to the elements of `p`.
void scatter(Memory &mem, const Pattern &p, int64_t base, const float *values,
             const uint8_t *tags, uint8_t tag) {
  if (p.contiguous) {
    std::memcpy(mem.data + base, values, p.size * sizeof(float));
    if (tags)
      std::memcpy(mem.tags + base, tags, p.size);
    else
      std::memset(mem.tags + base, tag, p.size);
    return;
  }
  size_t i = 0;
  float *data = mem.data;
  uint8_t *memTags = mem.tags;
  forEachAddress(p, base, [&](int64_t a) {
    data[a] = values[i];
    memTags[a] = tags ? tags[i] : tag;
    ++i;
  });
}

/// The smallest range [lo, hi) holding every element of `p` at `base`.
inline void extent(const Pattern &p, int64_t base, int64_t &lo, int64_t &hi) {
  lo = hi = base;
  if (p.contiguous) {
    hi = base + int64_t(p.size);
    return;
  }
  for (unsigned k = 0; k < p.numDims; ++k) {
    int64_t span = p.strides[k] * (int64_t(p.counts[k]) - 1);
    (span < 0 ? lo : hi) += span;
  }
  ++hi;
}

/// Whether some t_k with |t_k| < counts[k] for k >= first make
/// sum t_k * strides[k] == d: whether the pattern and itself moved by d
/// share an element. Gives up (true) after `budget` steps.
static bool latticeReaches(const Pattern &p, unsigned first, int64_t d,
                           unsigned &budget) {
  if (first == p.numDims)
    return d == 0;
  int64_t s = p.strides[first], c = p.counts[first];
  if (first + 1 == p.numDims)
    return s == 0 ? d == 0 : d % s == 0 && std::abs(d / s) < c;
  // Only the t whose remainder the inner dimensions can still reach.
  int64_t reach = 0;
  for (unsigned k = first + 1; k < p.numDims; ++k)
    reach += std::abs(p.strides[k]) * (int64_t(p.counts[k]) - 1);
  for (int64_t t = -(c - 1); t <= c - 1; ++t) {
    int64_t rest = d - t * s;
    if (std::abs(rest) > reach)
      continue;
    if (budget-- == 0 || latticeReaches(p, first + 1, rest, budget))
      return true;
  }
  return false;
}

/// Whether pattern `a` at `baseA` and `b` at `baseB` may share an element
/// (false only when they certainly do not).
static bool mayOverlap(const Pattern &a, int64_t baseA, const Pattern &b,
                       int64_t baseB) {
  int64_t loA, hiA, loB, hiB;
  extent(a, baseA, loA, hiA);
  extent(b, baseB, loB, hiB);
  if (hiA <= loB || hiB <= loA)
    return false;
  // The same walk at two bases (a loop's iterations): exact.
  if (&a == &b || (a.numDims == b.numDims && !a.contiguous && !b.contiguous &&
                   std::equal(a.strides, a.strides + a.numDims, b.strides) &&
                   std::equal(a.counts, a.counts + a.numDims, b.counts))) {
    unsigned budget = 256;
    return latticeReaches(a, 0, baseB - baseA, budget);
  }
  return true;
}

/// Compiles a kernel for the host's best vector extension (AVX-512, AVX2
/// with FMA, or the baseline), chosen once at load time.
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) &&         \
    defined(__linux__)
#define ZARA_VECTOR_CLONES                                                     \
  __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
/// The MVM kernels are written once per vector extension instead, each
/// instantiating the templates below with that extension's register width
/// and blocking: overloads that differ only in their target attribute,
/// one of which the loader picks as for target_clones (GCC's function
/// multiversioning).
#define ZARA_VECTOR_VERSIONS 1
#else
#define ZARA_VECTOR_CLONES
#endif

/// The kernels' helpers are always inlined, so that they are compiled for
/// the target of the kernel that calls them.
#define ZARA_KERNEL_INLINE __attribute__((always_inline)) inline

// GCC's vector extension, the register width of SSE2, AVX2 and AVX-512.
typedef float Float4 __attribute__((vector_size(16)));
typedef float Float8 __attribute__((vector_size(32)));
typedef float Float16 __attribute__((vector_size(64)));
typedef double Double2 __attribute__((vector_size(16)));
typedef double Double4 __attribute__((vector_size(32)));
typedef double Double8 __attribute__((vector_size(64)));

/// v = p[0 .. lanes), unaligned.
template <typename Vec, typename T>
ZARA_KERNEL_INLINE void loadVector(Vec &v, const T *p) {
  std::memcpy(&v, p, sizeof v);
}

/// p[0 .. lanes) = v, unaligned.
template <typename Vec, typename T>
ZARA_KERNEL_INLINE void storeVector(T *p, const Vec &v) {
  std::memcpy(p, &v, sizeof v);
}

/// Every lane of v = s: a broadcast, built over the bits as integers.
/// (`Vec{} + s` costs an add of 0 first, which GCC may not drop for
/// floats, and a float {s, s, ...} GCC 12 builds a lane at a time in
/// AVX-512.)
template <typename Vec, typename T>
ZARA_KERNEL_INLINE void splat(Vec &v, T s) {
  typedef decltype(v < v) Bits; // integers of the lanes' width
  decltype(Bits{}[0]) bits;
  std::memcpy(&bits, &s, sizeof bits);
  Bits lanes = Bits{} + bits;
  std::memcpy(&v, &lanes, sizeof v);
}

/// y[v][0..W*N) += x[v][r] * w[r][0..W*N) for V vectors (x holds them
/// `rows` apart, y `cols` apart, w its rows `ldw` apart) and every row r in
/// increasing order, W the lanes of Vec: the ideal MVM. The V x N partial sums
/// stay in registers while the rows stream past, each weight vector loaded once
/// for all V; every output still accumulates its rows in order, so the blocking
/// changes no result.
template <typename Vec, unsigned V, unsigned N>
ZARA_KERNEL_INLINE void saxpyBlock(unsigned rows, unsigned cols, size_t ldw,
                                   const float *x, const float *w, float *y) {
  constexpr unsigned W = sizeof(Vec) / sizeof(float);
  Vec acc[V][N];
  for (unsigned v = 0; v < V; ++v)
    for (unsigned j = 0; j < N; ++j)
      loadVector(acc[v][j], y + size_t(v) * cols + W * j);
  const float *row = w;
  for (unsigned r = 0; r < rows; ++r, row += ldw) {
    Vec wv[N];
    for (unsigned j = 0; j < N; ++j)
      loadVector(wv[j], row + W * j);
    for (unsigned v = 0; v < V; ++v) {
      Vec xr;
      splat(xr, x[size_t(v) * rows + r]);
      for (unsigned j = 0; j < N; ++j)
        acc[v][j] += xr * wv[j];
    }
  }
  for (unsigned v = 0; v < V; ++v)
    for (unsigned j = 0; j < N; ++j)
      storeVector(y + size_t(v) * cols + W * j, acc[v][j]);
}

/// acc[v] += x[v][r] * wv for V vectors (x holding them `rows` apart).
template <typename Vec, unsigned V, typename T, typename X>
ZARA_KERNEL_INLINE void axpyRow(Vec (&acc)[V], const Vec &wv, const X *x,
                                unsigned rows, unsigned r) {
  for (unsigned v = 0; v < V; ++v) {
    Vec xr;
    splat(xr, T(x[size_t(v) * rows + r]));
    acc[v] += xr * wv;
  }
}

/// The last n = cols - c0 < W columns of V vectors (w and y point at
/// column c0; the weights are a rows x cols matrix) in one partial vector
/// each, rows in order. A row's load of W weights runs on into the next
/// row, lanes whose sums are dropped, while it stays inside the matrix;
/// the last rows are copied into a zero-padded vector first. Also the
/// quantized path's (T = double).
template <typename Vec, unsigned V, typename T, typename X>
ZARA_KERNEL_INLINE void axpyTail(unsigned rows, unsigned cols, unsigned c0,
                                 const X *x, const T *w, T *y) {
  constexpr unsigned W = sizeof(Vec) / sizeof(T);
  unsigned n = cols - c0;
  T lanes[W] = {};
  Vec acc[V], wv;
  for (unsigned v = 0; v < V; ++v) {
    std::memcpy(lanes, y + size_t(v) * cols, n * sizeof(T));
    loadVector(acc[v], lanes);
  }
  // Row r may load W weights when (rows - r) * cols >= c0 + W.
  unsigned past = (c0 + W + cols - 1) / cols;
  unsigned safe = rows > past ? rows - past : 0, r = 0;
  const T *row = w;
  for (; r < safe; ++r, row += cols) {
    loadVector(wv, row);
    axpyRow<Vec, V, T>(acc, wv, x, rows, r);
  }
  std::fill(lanes, lanes + W, T(0));
  for (; r < rows; ++r, row += cols) {
    std::memcpy(lanes, row, n * sizeof(T));
    loadVector(wv, lanes);
    axpyRow<Vec, V, T>(acc, wv, x, rows, r);
  }
  for (unsigned v = 0; v < V; ++v) {
    storeVector(lanes, acc[v]);
    std::memcpy(y + size_t(v) * cols, lanes, n * sizeof(T));
  }
}

/// Columns [c0, cols) of V vectors when fewer than 2 * N * W remain: one
/// block of N vectors of W columns if it fits, then of N / 2, ..., 1.
template <typename Vec, unsigned V, unsigned N>
ZARA_KERNEL_INLINE void saxpyHalves(unsigned rows, unsigned cols, size_t ldw,
                                    unsigned &c0, const float *x,
                                    const float *w, float *y) {
  constexpr unsigned W = sizeof(Vec) / sizeof(float);
  if (c0 + N * W <= cols) {
    saxpyBlock<Vec, V, N>(rows, cols, ldw, x, w + c0, y + c0);
    c0 += N * W;
  }
  if constexpr (N > 1)
    saxpyHalves<Vec, V, N / 2>(rows, cols, ldw, c0, x, w, y);
}

/// All the columns of V vectors: blocks of N vectors of W columns, then
/// smaller ones, then the partial tail (which reads the weights as a
/// rows x cols matrix: only there may cols not be a multiple of 16, and
/// only those are kept with ldw = cols, DataPath::setUp).
template <typename Vec, unsigned V, unsigned N>
ZARA_KERNEL_INLINE void saxpyColumns(unsigned rows, unsigned cols, size_t ldw,
                                     const float *x, const float *w, float *y) {
  constexpr unsigned W = sizeof(Vec) / sizeof(float);
  unsigned c0 = 0;
  for (; c0 + N * W <= cols; c0 += N * W)
    saxpyBlock<Vec, V, N>(rows, cols, ldw, x, w + c0, y + c0);
  if constexpr (N > 1)
    saxpyHalves<Vec, V, N / 2>(rows, cols, ldw, c0, x, w, y);
  if (c0 < cols) {
    assert(ldw == cols && "strided weights have whole vectors of columns");
    axpyTail<Vec, V>(rows, cols, c0, x, w + c0, y + c0);
  }
}

/// y[v][0..cols) += x[v][r] * w[r][0..cols) for `batch` vectors against
/// the same weights, x holding them `rows` apart, y `cols` apart, w its
/// rows `ldw` apart: four
/// vectors at a time (the weights stream through the cache once per four)
/// in blocks of NB registers per vector, a single one in blocks of NS.
/// Every output accumulates its rows in order, whatever the blocking.
template <typename Vec, unsigned NB, unsigned NS>
ZARA_KERNEL_INLINE void
saxpyRowsBatchOf(unsigned batch, unsigned rows, unsigned cols, size_t ldw,
                 const float *x, const float *w, float *y) {
  unsigned v = 0;
  for (; v + 4 <= batch; v += 4)
    saxpyColumns<Vec, 4, NB>(rows, cols, ldw, x + size_t(v) * rows, w,
                             y + size_t(v) * cols);
  x += size_t(v) * rows;
  y += size_t(v) * cols;
  switch (batch - v) {
  case 3:
    saxpyColumns<Vec, 3, NB>(rows, cols, ldw, x, w, y);
    break;
  case 2:
    saxpyColumns<Vec, 2, NB>(rows, cols, ldw, x, w, y);
    break;
  case 1:
    saxpyColumns<Vec, 1, NS>(rows, cols, ldw, x, w, y);
    break;
  default:
    break;
  }
}

/// daxpy over the rows whose input is not zero (nz[0..count), inputs
/// xs[0..count)), N vectors of W columns.
template <typename Vec, unsigned N>
ZARA_KERNEL_INLINE void daxpyBlock(unsigned count, const unsigned *nz,
                                   const double *xs, unsigned cols,
                                   const double *w, double *y) {
  constexpr unsigned W = sizeof(Vec) / sizeof(double);
  Vec acc[N];
  for (unsigned j = 0; j < N; ++j)
    loadVector(acc[j], y + W * j);
  for (unsigned k = 0; k < count; ++k) {
    const double *row = w + size_t(nz[k]) * cols;
    Vec xr;
    splat(xr, xs[k]);
    for (unsigned j = 0; j < N; ++j) {
      Vec wv;
      loadVector(wv, row + W * j);
      acc[j] += xr * wv;
    }
  }
  for (unsigned j = 0; j < N; ++j)
    storeVector(y + W * j, acc[j]);
}

/// daxpyBlock for N, N / 2, ..., 1 vectors while they fit.
template <typename Vec, unsigned N>
ZARA_KERNEL_INLINE void daxpyHalves(unsigned count, const unsigned *nz,
                                    const double *xs, unsigned cols,
                                    unsigned &c0, const double *w, double *y) {
  constexpr unsigned W = sizeof(Vec) / sizeof(double);
  if (c0 + N * W <= cols) {
    daxpyBlock<Vec, N>(count, nz, xs, cols, w + c0, y + c0);
    c0 += N * W;
  }
  if constexpr (N > 1)
    daxpyHalves<Vec, N / 2>(count, nz, xs, cols, c0, w, y);
}

/// The same over exact integers held in doubles (the quantized fast path;
/// exact while partial sums stay below 2^53). The full vectors of columns
/// skip the rows whose input is 0; the partial tail does not.
template <typename Vec, unsigned N>
ZARA_KERNEL_INLINE void daxpyRowsOf(unsigned rows, unsigned cols,
                                    const int32_t *x, const double *w,
                                    double *y) {
  constexpr unsigned W = sizeof(Vec) / sizeof(double);
  // The rows with a nonzero input, a chunk of them at a time (rows in
  // increasing order across and within chunks).
  constexpr unsigned kChunk = 256;
  unsigned nz[kChunk];
  double xs[kChunk];
  for (unsigned r0 = 0; r0 < rows; r0 += kChunk) {
    unsigned end = std::min(rows, r0 + kChunk), count = 0;
    for (unsigned r = r0; r < end; ++r) {
      nz[count] = r;
      xs[count] = x[r];
      count += x[r] != 0;
    }
    unsigned c0 = 0;
    for (; c0 + N * W <= cols; c0 += N * W)
      daxpyBlock<Vec, N>(count, nz, xs, cols, w + c0, y + c0);
    if constexpr (N > 1)
      daxpyHalves<Vec, N / 2>(count, nz, xs, cols, c0, w, y);
  }
  // The blocks cover whole vectors of columns.
  unsigned c0 = cols - cols % W;
  if (c0 < cols)
    axpyTail<Vec, 1>(rows, cols, c0, x, w + c0, y + c0);
}

#ifdef ZARA_VECTOR_VERSIONS
// AVX-512: 32 registers of 16 floats; four vectors x 64 columns.
__attribute__((target("arch=x86-64-v4"))) void
saxpyRowsBatch(unsigned batch, unsigned rows, unsigned cols, size_t ldw,
               const float *x, const float *w, float *y) {
  saxpyRowsBatchOf<Float16, 4, 8>(batch, rows, cols, ldw, x, w, y);
}

// AVX2: 16 registers of 8 floats; four vectors x 16 columns.
__attribute__((target("arch=x86-64-v3"))) void
saxpyRowsBatch(unsigned batch, unsigned rows, unsigned cols, size_t ldw,
               const float *x, const float *w, float *y) {
  saxpyRowsBatchOf<Float8, 2, 8>(batch, rows, cols, ldw, x, w, y);
}

__attribute__((target("arch=x86-64-v4"))) void
daxpyRows(unsigned rows, unsigned cols, const int32_t *x, const double *w,
          double *y) {
  daxpyRowsOf<Double8, 8>(rows, cols, x, w, y);
}

__attribute__((target("arch=x86-64-v3"))) void
daxpyRows(unsigned rows, unsigned cols, const int32_t *x, const double *w,
          double *y) {
  daxpyRowsOf<Double4, 8>(rows, cols, x, w, y);
}
#define ZARA_DEFAULT_VERSION __attribute__((target("default")))
#else
#define ZARA_DEFAULT_VERSION
#endif

// The baseline (SSE2): 16 registers of 4 floats; four vectors x 8 columns.
ZARA_DEFAULT_VERSION void saxpyRowsBatch(unsigned batch, unsigned rows,
                                         unsigned cols, size_t ldw,
                                         const float *x, const float *w,
                                         float *y) {
  saxpyRowsBatchOf<Float4, 2, 8>(batch, rows, cols, ldw, x, w, y);
}

ZARA_DEFAULT_VERSION void daxpyRows(unsigned rows, unsigned cols,
                                    const int32_t *x, const double *w,
                                    double *y) {
  daxpyRowsOf<Double2, 8>(rows, cols, x, w, y);
}

/// values[i] = data[offsets[i]] for i < n; returns how many of the
/// elements are Original (tags[offsets[i]]). The vector versions read the
/// tags four bytes at a time: a memory's tags have Memory::kSlack bytes
/// after them.
/// Elements [i, n) of gatherOffsets, one at a time.
ZARA_KERNEL_INLINE uint64_t gatherOffsetsFrom(size_t i, const float *data,
                                              const uint8_t *tags,
                                              const int32_t *offsets, size_t n,
                                              float *values) {
  uint64_t original = 0;
  for (; i < n; ++i) {
    int32_t o = offsets[i];
    values[i] = data[o];
    original += tags[o] == kOriginal;
  }
  return original;
}

ZARA_DEFAULT_VERSION uint64_t gatherOffsets(const float *__restrict data,
                                            const uint8_t *__restrict tags,
                                            const int32_t *__restrict offsets,
                                            size_t n,
                                            float *__restrict values) {
  return gatherOffsetsFrom(0, data, tags, offsets, n, values);
}

#ifdef ZARA_VECTOR_VERSIONS
__attribute__((target("arch=x86-64-v4"))) uint64_t
gatherOffsets(const float *__restrict data, const uint8_t *__restrict tags,
              const int32_t *__restrict offsets, size_t n,
              float *__restrict values) {
  uint64_t original = 0;
  size_t i = 0;
  const __m512i low = _mm512_set1_epi32(0xff);
  for (; i + 16 <= n; i += 16) {
    __m512i o = _mm512_loadu_si512(offsets + i);
    // The masked forms, whose fallback lanes are defined: the plain
    // ones start from an undefined register GCC 12 warns about.
    _mm512_storeu_ps(values + i, _mm512_mask_i32gather_ps(
                                     _mm512_setzero_ps(), 0xffff, o, data, 4));
    __m512i t = _mm512_and_si512(
        _mm512_mask_i32gather_epi32(_mm512_setzero_si512(), 0xffff, o, tags,
                                    1),
        low);
    original += __builtin_popcount(
        _mm512_cmpeq_epi32_mask(t, _mm512_set1_epi32(kOriginal)));
  }
  return original + gatherOffsetsFrom(i, data, tags, offsets, n, values);
}

__attribute__((target("arch=x86-64-v3"))) uint64_t
gatherOffsets(const float *__restrict data, const uint8_t *__restrict tags,
              const int32_t *__restrict offsets, size_t n,
              float *__restrict values) {
  uint64_t original = 0;
  size_t i = 0;
  const __m256i low = _mm256_set1_epi32(0xff);
  const __m256i want = _mm256_set1_epi32(kOriginal);
  for (; i + 8 <= n; i += 8) {
    __m256i o =
        _mm256_loadu_si256(reinterpret_cast<const __m256i *>(offsets + i));
    _mm256_storeu_ps(values + i, _mm256_i32gather_ps(data, o, 4));
    __m256i t = _mm256_and_si256(
        _mm256_i32gather_epi32(reinterpret_cast<const int *>(tags), o, 1),
        low);
    original += __builtin_popcount(_mm256_movemask_ps(
        _mm256_castsi256_ps(_mm256_cmpeq_epi32(t, want))));
  }
  return original + gatherOffsetsFrom(i, data, tags, offsets, n, values);
}
#endif

/// Held-back MVMs of a group with few columns (the last layer of an image
/// generator: 3), computed together straight from the tile buffers: lane
/// k of a vector is MVM k, whose input element r is
/// data[dataIdx[k] + offsets[r]] with tag tags[tagIdx[k] + offsets[r]]
/// (indices from one base, so MVMs of replicas on other tiles share a
/// vector). For each row r in increasing order and column c,
/// y[k][c] += x[k][r] * w[r][c], one fused multiply-add as in
/// saxpyRowsBatch's vector versions, so the sums are the same; y starts at
/// 0. original[k] = how many of MVM k's inputs are Original. Returns false
/// (nothing done) where the host lacks AVX-512: the caller then gathers
/// the inputs and runs saxpyRowsBatch, which vectorizes over columns, one
/// register holding 3 useful lanes of 16.
constexpr unsigned kMaxSmallCols = 8;

ZARA_DEFAULT_VERSION bool
smallColsMvms(unsigned, unsigned, unsigned, const float *, const uint8_t *,
              const int32_t *, const int32_t *, const int32_t *,
              const float *, float *, uint32_t *) {
  return false;
}

#ifdef ZARA_VECTOR_VERSIONS
template <unsigned Cols>
__attribute__((target("arch=x86-64-v4"))) ZARA_KERNEL_INLINE void
smallColsBlock(__mmask16 lanes, unsigned rows, const float *data,
               const uint8_t *tags, __m512i di, __m512i ti,
               const int32_t *offsets, const float *w, __m512 (&acc)[Cols],
               __m512i &count) {
  const __m512i low = _mm512_set1_epi32(0xff);
  const __m512i want = _mm512_set1_epi32(kOriginal);
  const __m512i one = _mm512_set1_epi32(1);
  for (unsigned c = 0; c < Cols; ++c)
    acc[c] = _mm512_setzero_ps();
  count = _mm512_setzero_si512();
  for (unsigned r = 0; r < rows; ++r, w += Cols) {
    __m512i o = _mm512_set1_epi32(offsets[r]);
    __m512 x = _mm512_mask_i32gather_ps(
        _mm512_setzero_ps(), lanes, _mm512_add_epi32(di, o), data, 4);
    __m512i t = _mm512_and_si512(
        _mm512_mask_i32gather_epi32(_mm512_setzero_si512(), lanes,
                                    _mm512_add_epi32(ti, o), tags, 1),
        low);
    count = _mm512_mask_add_epi32(
        count, _mm512_mask_cmpeq_epi32_mask(lanes, t, want), count, one);
    for (unsigned c = 0; c < Cols; ++c)
      acc[c] = _mm512_fmadd_ps(x, _mm512_set1_ps(w[c]), acc[c]);
  }
}

template <unsigned Cols>
__attribute__((target("arch=x86-64-v4"))) ZARA_KERNEL_INLINE void
smallColsOf(unsigned batch, unsigned rows, const float *data,
            const uint8_t *tags, const int32_t *dataIdx, const int32_t *tagIdx,
            const int32_t *offsets, const float *w, float *y,
            uint32_t *original) {
  for (unsigned k0 = 0; k0 < batch; k0 += 16) {
    unsigned n = std::min(16u, batch - k0);
    __mmask16 lanes = __mmask16((uint32_t(1) << n) - 1);
    __m512i di = _mm512_maskz_loadu_epi32(lanes, dataIdx + k0);
    __m512i ti = _mm512_maskz_loadu_epi32(lanes, tagIdx + k0);
    __m512 acc[Cols];
    __m512i count;
    smallColsBlock<Cols>(lanes, rows, data, tags, di, ti, offsets, w, acc,
                         count);
    float sums[Cols][16];
    for (unsigned c = 0; c < Cols; ++c)
      _mm512_storeu_ps(sums[c], acc[c]);
    _mm512_mask_storeu_epi32(original + k0, lanes, count);
    for (unsigned k = 0; k < n; ++k)
      for (unsigned c = 0; c < Cols; ++c)
        y[size_t(k0 + k) * Cols + c] = sums[c][k];
  }
}

__attribute__((target("arch=x86-64-v4"))) bool
smallColsMvms(unsigned batch, unsigned rows, unsigned cols, const float *data,
              const uint8_t *tags, const int32_t *dataIdx,
              const int32_t *tagIdx, const int32_t *offsets, const float *w,
              float *y, uint32_t *original) {
  switch (cols) {
#define ZARA_SMALL_COLS_CASE(N)                                                \
  case N:                                                                      \
    smallColsOf<N>(batch, rows, data, tags, dataIdx, tagIdx, offsets, w, y,    \
                   original);                                                  \
    return true;
    ZARA_SMALL_COLS_CASE(1)
    ZARA_SMALL_COLS_CASE(2)
    ZARA_SMALL_COLS_CASE(3)
    ZARA_SMALL_COLS_CASE(4)
    ZARA_SMALL_COLS_CASE(5)
    ZARA_SMALL_COLS_CASE(6)
    ZARA_SMALL_COLS_CASE(7)
    ZARA_SMALL_COLS_CASE(8)
#undef ZARA_SMALL_COLS_CASE
  default:
    return false;
  }
}
#endif

/// The largest magnitude of x[0..n).
ZARA_VECTOR_CLONES
double maxAbs(const float *x, unsigned n) {
  float m = 0;
  for (unsigned i = 0; i < n; ++i)
    m = std::max(m, std::fabs(x[i]));
  return m;
}

/// xq[i] = fixed::quantize(x[i], scale, bits) for i < n.
ZARA_VECTOR_CLONES
void quantizeVector(const float *x, unsigned n, double scale, unsigned bits,
                    int32_t *xq) {
  for (unsigned i = 0; i < n; ++i)
    xq[i] = fixed::quantize(x[i], scale, bits);
}

enum class Status : uint8_t { Ready, WaitRecv, WaitBarrier, Halted };

/// A core's architectural state (program counter, loop stack), its clock,
/// and the ids of its resources.
struct CoreState {
  uint32_t pc = 0;
  uint64_t time = 0;
  Status status = Status::Ready;
  uint32_t depth = 0;
  uint32_t loopPc[kMaxLoopDepth] = {};
  uint32_t index[kMaxLoopDepth] = {};
  uint32_t count[kMaxLoopDepth] = {};
  uint32_t tileSlot = 0;
  // Resources.
  uint32_t issue = 0, dacs = 0, adcs = 0, vector = 0, writer = 0;
  /// Owner group of each crossbar of the core (-1: erased).
  std::vector<int32_t> crossbarOwner;
};

/// A crossbar group's timing constants, derived from its shape once in
/// setUp, and who owns its arrays: what the scheduler needs of it.
struct alignas(64) GroupState {
  // What an MVM reads, first, in two cache lines (the scheduler reaches a
  // group out of cache at nearly every MVM): the group's shape (copied
  // from Program::groups), then its timing.
  uint32_t rows = 0, cols = 0, firstCrossbar = 0, numCrossbars = 0;
  /// One of its crossbars holds another group's weights (the owners in
  /// CoreState::crossbarOwner), so an MVM of it is an error.
  bool clobbered = false;
  uint64_t computeCycles = 0;
  uint64_t conversions = 0;
  /// The resources of the compute phase (computeResources) with the
  /// arrays reduced to one per class of arrays that only ever are
  /// reserved together (they are used by the same groups, so their
  /// occupancy is always the same): what phases reserve when no trace
  /// needs each array's events.
  SmallVector<uint32_t, 4> computeReps;
  Energy mvmEnergy;             ///< everything but the buffer
  std::vector<uint32_t> arrays; ///< resource ids of its crossbars
  /// Resources of the compute phase: arrays, DACs, ADCs.
  std::vector<uint32_t> computeResources;
  /// The arrays reduced as in computeReps and the core's write drivers
  /// (program_xbar).
  std::vector<uint32_t> writeReps;
  uint64_t physicalColsBothPolarities = 0;
};

/// A crossbar group's weights and what the data path derives from them:
/// what DataPath needs of it.
struct GroupData {
  /// rows x cols, row-major, row r at weights + r * weightsStride: in the
  /// Arena, or the program's weights it was preloaded from
  /// (DataPath::setUp), shared by the groups preloaded from the same DRAM
  /// elements until one is reprogrammed, which then gets a copy of its own
  /// (ownWeights, `writable`).
  const float *weights = nullptr;
  /// cols, or the row stride of the program's weights it views (a
  /// multiple of 16 columns then: saxpyColumns).
  size_t weightsStride = 0;
  /// Its own weights, which program_xbar writes (ownWeights, or the Arena
  /// for a group without a preload); null while they are shared.
  float *writable = nullptr;
  std::vector<float> ownWeights;
  /// The tile buffer its MVMs read and write (its core's tile).
  uint32_t tileSlot = 0;
  // Quantized mode.
  bool dirty = true;
  bool lossless = false;
  bool exactInDouble = false;
  std::vector<int32_t> wq;
  std::vector<double> wqDouble;
  std::vector<double> scale;
  std::unique_ptr<fixed::CellPlanes> planes;
};

/// Most MVMs of one group computed together.
constexpr unsigned kMaxBatch = 8;

/// MVMs of one group held back in ideal mode: neither their inputs
/// gathered nor their outputs computed yet (MvmPlanner decides when).
struct MvmBatch {
  unsigned count = 0;
  struct Entry {
    int32_t input, output; ///< patterns
    int64_t inBase, outBase;
    int32_t layer;
    bool accumulate;
  } entries[kMaxBatch];
};

/// The held-back MVM batches by index, shared by the MvmPlanner, which
/// fills them on the scheduler's thread, and the data path, which computes
/// a batch when the flush op naming it reaches it. A batch is retired
/// with the number of that op and reused only once the data path has
/// applied it. Batches live in chunks that never move, listed in a table
/// sized once (init), so the data path reads a batch while the planner
/// adds others. Nothing else is shared: the ring's publishing orders a
/// batch's entries before its flush op.
class BatchStore {
public:
  /// Room for `maxBatches`: the groups (a batch pending each at most) and
  /// the flush ops the data path may not have applied yet (a retired batch
  /// each at most); a batch is new only when no retired one is free.
  void init(size_t maxBatches) {
    chunks.resize((maxBatches + kChunk - 1) / kChunk);
  }
  MvmBatch &operator[](uint32_t i) { return chunks[i / kChunk][i % kChunk]; }
  const MvmBatch &operator[](uint32_t i) const {
    return chunks[i / kChunk][i % kChunk];
  }
  /// An empty batch: the oldest retired one if the data path has applied
  /// its flush op (`applied`: how many ops it has applied), else a new
  /// one.
  uint32_t acquire(uint64_t applied) {
    uint32_t i;
    if (!retired.empty() && retired.front().second < applied) {
      i = retired.front().first;
      retired.pop_front();
    } else {
      assert(size / kChunk < chunks.size() && "more batches than init bound");
      if (size % kChunk == 0)
        chunks[size / kChunk] = std::make_unique<MvmBatch[]>(kChunk);
      i = size++;
    }
    (*this)[i].count = 0;
    return i;
  }
  /// Batch i is read when the data path applies op number `op` of the
  /// run (the last op of its flush).
  void retire(uint32_t i, uint64_t op) { retired.push_back({i, op}); }

private:
  static constexpr uint32_t kChunk = 256;
  std::vector<std::unique_ptr<MvmBatch[]>> chunks;
  std::deque<std::pair<uint32_t, uint64_t>> retired;
  uint32_t size = 0;
};

/// A reserved interval [start, end) of a resource.
struct Interval {
  uint64_t start, end;
};

/// A resource phases reserve. `busy[head..]` holds its reserved intervals
/// that may still matter, sorted, disjoint and never touching (touching
/// ones are merged); intervals that end before every core's clock are
/// pruned. `freeAt` is the end of the last one ever reserved.
/// One cache line: thousands of resources are touched in turn.
struct alignas(64) Resource {
  /// The end of the last interval: busy.back().end while any is live.
  uint64_t freeAt = 0;
  std::vector<Interval> busy;
  /// The first live interval of `busy` (pruned ones stay in front of it
  /// until the vector is compacted).
  uint32_t head = 0;
  /// `busy` is pruned when it holds more live intervals than this.
  uint32_t pruneAt = 16;
  size_t live() const { return busy.size() - head; }
  /// Index of the first interval that ends after `t` (busy.size(): none).
  size_t firstEndingAfter(uint64_t t) const {
    // Mostly none: new phases go at the end.
    size_t n = busy.size();
    if (freeAt <= t)
      return n;
    return std::upper_bound(
               busy.begin() + head, busy.end(), t,
               [](uint64_t v, const Interval &iv) { return v < iv.end; }) -
           busy.begin();
  }
};

/// What the trace shows of a resource: its name is `label`, after
/// "core C " when it belongs to a core, then " X" for crossbar X (built
/// only for the trace: a run has tens of thousands of resources).
struct ResourceInfo {
  uint32_t pid = 0; ///< 0: chip; tile + 1
  const char *label = "";
  int32_t core = -1;     ///< the core's number in its tile, -1: none
  int32_t crossbar = -1; ///< -1: not a crossbar
  std::string name() const {
    std::string n = core < 0 ? std::string() : formatv("core {0} ", core).str();
    n += label;
    if (crossbar >= 0)
      n += formatv(" {0}", crossbar).str();
    return n;
  }
};

/// One phase on one resource, for --trace.
struct TraceEvent {
  uint32_t resource;
  uint64_t start, duration;
  uint8_t op;
  int32_t layer;
};

/// What the scheduler knows of a message in flight from a send to a recv
/// (DataPath holds its elements).
struct MessageInfo {
  uint64_t size;
  uint64_t arrival;
};

/// Arrivals at a barrier in its current round.
struct BarrierState {
  uint32_t arrived = 0;
  uint64_t latest = 0;
};

/// A channel: (source tile << 32 | destination tile, channel).
using ChannelKey = std::pair<uint64_t, uint32_t>;
inline ChannelKey channelKey(uint32_t src, uint32_t dst, uint32_t channel) {
  return {uint64_t(src) << 32 | dst, channel};
}

/// Per channel, what is in flight in send order. A program's channels are
/// mostly used once each, so a channel's entry goes when it empties.
template <typename T> class ChannelQueues {
public:
  void push(ChannelKey key, T value) {
    queues[key].push_back(std::move(value));
  }
  bool empty(ChannelKey key) const { return !queues.count(key); }
  /// The oldest value of a channel that is not empty.
  T pop(ChannelKey key) {
    auto it = queues.find(key);
    assert(it != queues.end() && "pop from an empty channel");
    SmallVector<T, 1> &q = it->second;
    T value = std::move(q.front());
    q.erase(q.begin());
    if (q.empty())
      queues.erase(it);
    return value;
  }

private:
  DenseMap<ChannelKey, SmallVector<T, 1>> queues;
};

/// The ready cores by (clock, index), smallest first: a binary min-heap
/// with a replace-the-top operation, so a core that runs and goes back
/// costs one sift instead of two. Entries are distinct, so any min-heap
/// pops them in the same order.
class CoreHeap {
public:
  using Entry = std::pair<uint64_t, uint32_t>;
  bool empty() const { return h.empty(); }
  const Entry &top() const { return h.front(); }
  /// The clock of the entry after the top (UINT64_MAX: none).
  uint64_t secondTime() const { return second().first; }
  /// The entry after the top ({UINT64_MAX, UINT32_MAX}: none).
  Entry second() const {
    if (h.size() < 2)
      return {UINT64_MAX, UINT32_MAX};
    if (h.size() == 2)
      return h[1];
    return std::min(h[1], h[2]);
  }
  void push(Entry e) {
    size_t i = h.size();
    h.push_back(e);
    while (i > 0) {
      size_t parent = (i - 1) / 2;
      if (!(e < h[parent]))
        break;
      h[i] = h[parent];
      i = parent;
    }
    h[i] = e;
  }
  void pop() {
    Entry last = h.back();
    h.pop_back();
    if (!h.empty())
      siftDown(last);
  }
  void replaceTop(Entry e) { siftDown(e); }

private:
  /// Puts e at the root and moves it down to its place.
  void siftDown(Entry e) {
    size_t n = h.size(), i = 0;
    for (;;) {
      size_t child = 2 * i + 1;
      if (child >= n)
        break;
      if (child + 1 < n && h[child + 1] < h[child])
        ++child;
      if (!(h[child] < e))
        break;
      h[i] = h[child];
      i = child;
    }
    h[i] = e;
  }
  std::vector<Entry> h;
};

/// One instruction's effect on memory, as the scheduler hands it to the
/// data path: the instruction and its patterns' bases, resolved with the
/// loop indices of the moment it was scheduled.
struct alignas(32) DataOp {
  /// Null: a flush (`flush` >= 0) or the end of the run (DataThread).
  const Instruction *inst = nullptr;
  /// The tile buffer of the core that executes it.
  uint32_t tileSlot = 0;
  /// Bases of inst->patterns (those present): addresses of elements, so
  /// below the 2^28 elements a memory may have (LoadLimits). A flush:
  /// bases[0] != 0 for the last group of the flush, bases[1] the group's
  /// batch in the BatchStore.
  int32_t bases[4] = {};
  /// A flush: compute the held-back MVMs of this group (MvmPlanner).
  int32_t flush = -1;
};
static_assert(sizeof(DataOp) == 32, "two ops per cache line");

/// The functional half of the simulator: DRAM, the tile buffers, the
/// groups' weights and the messages' elements; it computes the held-back
/// MVMs of the batches flushes name (BatchStore). It
/// applies DataOps in the order the scheduler issues them, which is all
/// that the values depend on (control flow never reads data), so running
/// it on its own thread (DataThread) gives the same outputs as running it
/// inline.
class alignas(64) DataPath {
public:
  DataPath(const Program &prog, const SimOptions &opts,
           const fixed::SliceConfig &slice)
      : prog(prog), hw(prog.hw), opts(opts), slice(slice) {}

  /// Allocates and fills the memories (DRAM with the weights and
  /// `inputData`, the buffers) and the groups' weights (`sameWeightsAs`:
  /// Simulator::Impl::preloadSharing).
  void setUp(ArrayRef<std::vector<float>> inputData,
             ArrayRef<int64_t> sameWeightsAs);
  /// Applies one instruction's effect, or takes one group of a flush.
  void execute(const DataOp &op);

  /// The held-back MVMs' batches (ideal mode), filled by the MvmPlanner.
  const BatchStore *batches = nullptr;
  /// Holds dram, the buffers and the groups' weights.
  Arena arena;
  Memory dram;
  std::vector<Memory> buffers; ///< per used tile
  std::vector<GroupData> groups;
  /// MACs whose input element is Original (Stats::macsUseful), in total
  /// and per layer.
  uint64_t macsUseful = 0;
  std::vector<uint64_t> layerMacsUseful;

private:
  /// Writes the elements group g is preloaded from (rows x cols) to
  /// `weights`: from the program's weights when they are all in the weight
  /// segment (the DRAM may not hold them), else from the DRAM.
  void preloadWeights(const Group &g, float *weights) const;
  void programXbar(const DataOp &op);
  void mvm(const DataOp &op);
  void alu(const DataOp &op);
  void move(const DataOp &op);
  void fill(const DataOp &op);
  void send(const DataOp &op);
  void recv(const DataOp &op);
  /// Quantizes a group's weights per column (and builds its cell planes
  /// when the bit-sliced path is needed) after it was programmed.
  void prepareQuantized(const Group &g, GroupData &gd);
  Memory &memoryOf(uint32_t tileSlot, MemSpace space) {
    return space == MemSpace::Dram ? dram : buffers[tileSlot];
  }
  void countUseful(const uint8_t *tags, unsigned rows, unsigned cols,
                   int32_t layer) {
    uint64_t original = 0;
    for (unsigned r = 0; r < rows; ++r)
      original += tags[r] == kOriginal;
    macsUseful += original * cols;
    if (layer >= 0)
      layerMacsUseful[layer] += original * cols;
  }
  /// gather of pattern `pattern` (an index) through a table of its
  /// elements' offsets from the base, built on first use: MVM inputs are
  /// short runs (two elements of a kernel row) whose loop nest costs
  /// several times the copy. Returns how many elements are Original.
  uint64_t gatherByOffsets(const Memory &mem, int32_t pattern, int64_t base,
                           float *__restrict values);
  /// Pattern `pattern`'s offsets from its base (built on first use), or
  /// null when it has more than kMaxOffsetTable elements or offsets beyond
  /// 32 bits.
  const std::vector<int32_t> *offsetTable(int32_t pattern);
  /// flushMvms by smallColsMvms when the group has at most kMaxSmallCols
  /// columns and the MVMs share an input pattern; false: not taken.
  bool flushSmallCols(unsigned count);
  static constexpr uint64_t kMaxOffsetTable = 4096;
  /// Per pattern: gatherByOffsets' table (empty: not built).
  std::vector<std::vector<int32_t>> offsetTables;
  /// Computes and writes the held-back MVMs of `flushGroups`, which all
  /// have the same weights, in one pass over the weights.
  void flushMvms();
  /// The groups of the flush being received and their batches
  /// (MvmPlanner::flush).
  SmallVector<std::pair<uint32_t, uint32_t>, 16> flushGroups;
  float *scratch(unsigned slot, uint64_t n) {
    if (values[slot].size() < n)
      values[slot].resize(n);
    return values[slot].data();
  }
  uint8_t *scratchTags(unsigned slot, uint64_t n) {
    if (tagScratch[slot].size() < n)
      tagScratch[slot].resize(n);
    return tagScratch[slot].data();
  }

  const Program &prog;
  const HwConfig &hw;
  const SimOptions &opts;
  const fixed::SliceConfig &slice;
  /// The elements of the messages in flight, per channel, in send order.
  struct MessageData {
    std::vector<float> data;
    std::vector<uint8_t> tags;
  };
  ChannelQueues<MessageData> messages;
  std::vector<float> flushX, flushY, flushOld;
  std::vector<int32_t> flushDataIdx, flushTagIdx;
  std::vector<uint32_t> flushOriginal;
  std::vector<float> aluZeros;
  std::vector<uint8_t> flushTags;
  std::vector<float> values[4];
  std::vector<uint8_t> tagScratch[4];
  std::vector<int32_t> quantInput;
  std::vector<int64_t> quantAcc;
  std::vector<double> quantDouble;
};

/// Decides when the data path computes the MVMs it holds back in ideal
/// mode: the scheduler's account of the held-back batches, addresses only
/// (no data), so deciding costs the scheduler's thread, not the data
/// path's. An MVM is held back with up to seven more of its group and
/// computed before any later op reads or writes an element it writes,
/// writes an element it reads, or reprograms the group; as computing a
/// held-back MVM early is always correct, a flush also takes the
/// held-back MVMs of the groups that still share the group's preloaded
/// weights (replicas), up to kMaxFlush. Each flush reaches the data path
/// as one DataOp per group (`emit(group, batch, last)`), naming the batch
/// in the BatchStore the two share; in ideal mode the MVMs reach it only
/// so.
class MvmPlanner {
public:
  /// Hands the data path a flush op for `group`'s batch `batch` (`last`:
  /// the last group of the flush); returns the op's number.
  using Emit =
      function_ref<uint64_t(uint32_t group, uint32_t batch, bool last)>;
  static constexpr unsigned kMaxFlush = 64;

  /// `sameWeightsAs[g]`: the first group preloaded with the same weights
  /// as g, -1 for none.
  /// `batches`: where the batches go; `applied`: how many ops the data
  /// path has applied so far.
  void init(const Program &prog, ArrayRef<int64_t> sameWeightsAs,
            ArrayRef<uint32_t> tileSlots, bool enabled, BatchStore &batches,
            function_ref<uint64_t()> applied) {
    this->prog = &prog;
    this->enabled = enabled;
    this->batches = &batches;
    this->applied = applied;
    groups.resize(prog.groups.size());
    pendingOnTile.resize(prog.usedTiles.size());
    for (size_t i = 0; i < groups.size(); ++i) {
      GroupPlan &gp = groups[i];
      gp.slot = tileSlots[i];
      gp.shared = prog.groups[i].preload >= 0;
      if (sameWeightsAs[i] < 0)
        continue;
      GroupPlan &first = groups[sameWeightsAs[i]];
      if (first.peers < 0) {
        first.peers = int32_t(peerLists.size());
        peerLists.push_back({uint32_t(sameWeightsAs[i])});
      }
      gp.peers = first.peers;
      peerLists[gp.peers].push_back(uint32_t(i));
    }
  }
  /// Before an op accesses pattern `p` at `base` of tile buffer `slot`
  /// (`writes`: it writes them): flushes the batches whose outputs may
  /// share an element with it (or, when it writes, whose inputs may).
  void touch(uint32_t slot, const Pattern &p, int64_t base, bool writes,
             Emit emit);
  void touch(uint32_t slot, MemSpace space, const Pattern &p, int64_t base,
             bool writes, Emit emit) {
    if (space == MemSpace::Buffer)
      touch(slot, p, base, writes, emit);
  }
  /// Whether it holds MVMs back (ideal mode): the data path then gets
  /// MVMs only in flushes, else as ops of their own.
  bool holdsBack() const { return enabled; }
  /// Holds back the MVM `inst` of group `g`.
  void mvm(uint32_t g, const Instruction &inst, int64_t inBase,
           int64_t outBase, Emit emit);
  /// Before group `g` is reprogrammed.
  void reprogram(uint32_t g, Emit emit) {
    GroupPlan &gp = groups[g];
    if (gp.batch >= 0)
      flush(g, emit);
    gp.shared = false;
  }
  /// Flushes every held-back batch (the end of the run).
  void finish(Emit emit) {
    for (TilePending &tp : pendingOnTile)
      while (!tp.entries.empty())
        flush(tp.entries.back().group, emit);
  }

private:
  struct GroupPlan {
    int32_t batch = -1; ///< index into batches, -1: none
    /// Its entry in its tile's pending list while it has a batch.
    int32_t pendingIndex = -1;
    /// Still has its preloaded weights (not reprogrammed).
    bool shared = false;
    int32_t peers = -1; ///< index into peerLists, -1: none
    uint32_t slot = 0;  ///< its tile buffer
  };
  /// A group with a held-back batch, and the ranges of its tile buffer
  /// holding the batch's outputs and inputs (buffer elements stay below
  /// 2^28, LoadLimits): kept side by side, so that checking a tile's
  /// pending batches reads one short array.
  struct PendingBatch {
    int32_t lo, hi, inLo, inHi;
    uint32_t group;
  };
  /// A tile buffer's groups with held-back batches. [lo, hi) and
  /// [inLo, inHi) hold every pending output and input (they may be wider:
  /// they only shrink when touch goes over the list).
  struct TilePending {
    SmallVector<PendingBatch, 8> entries;
    int64_t lo = INT64_MAX, hi = INT64_MIN, inLo = INT64_MAX, inHi = INT64_MIN;
  };
  /// Flushes group g's batch and those of its peers (see the class).
  void flush(uint32_t g, Emit emit);
  /// Takes group g (flushed) off its tile's pending list.
  void unlist(uint32_t g) {
    GroupPlan &gp = groups[g];
    TilePending &tp = pendingOnTile[gp.slot];
    PendingBatch &moved = tp.entries[gp.pendingIndex];
    moved = tp.entries.back();
    groups[moved.group].pendingIndex = gp.pendingIndex;
    tp.entries.pop_back();
    gp.pendingIndex = -1;
    if (tp.entries.empty())
      tp = TilePending();
  }

  const Program *prog = nullptr;
  bool enabled = false;
  std::vector<GroupPlan> groups;
  BatchStore *batches = nullptr;
  function_ref<uint64_t()> applied;
  std::vector<TilePending> pendingOnTile; ///< per used tile
  /// Groups preloaded with the same weights.
  std::vector<std::vector<uint32_t>> peerLists;
  /// touch's groups to flush.
  SmallVector<uint32_t, 8> overlapping;
};

void MvmPlanner::touch(uint32_t slot, const Pattern &p, int64_t base,
                       bool writes, Emit emit) {
  TilePending &tp = pendingOnTile[slot];
  int64_t lo, hi;
  extent(p, base, lo, hi);
  if (!(tp.lo < hi && lo < tp.hi) && !(writes && tp.inLo < hi && lo < tp.inHi))
    return;
  // Find the batches to flush first: flushing takes them (and their
  // peers) off the list. Narrow the ranges to the batches that stay.
  overlapping.clear();
  int64_t outLo = INT64_MAX, outHi = INT64_MIN, inLo = INT64_MAX,
          inHi = INT64_MIN;
  for (const PendingBatch &e : tp.entries) {
    bool outputs = e.lo < hi && lo < e.hi;
    bool inputs = writes && e.inLo < hi && lo < e.inHi;
    bool overlaps = false;
    if (outputs || inputs) {
      const MvmBatch &b = (*batches)[groups[e.group].batch];
      for (unsigned k = 0; outputs && k < b.count && !overlaps; ++k)
        overlaps = mayOverlap(prog->patterns[b.entries[k].output],
                              b.entries[k].outBase, p, base);
      for (unsigned k = 0; inputs && k < b.count && !overlaps; ++k)
        overlaps = mayOverlap(prog->patterns[b.entries[k].input],
                              b.entries[k].inBase, p, base);
    }
    if (overlaps) {
      overlapping.push_back(e.group);
      continue;
    }
    outLo = std::min<int64_t>(outLo, e.lo);
    outHi = std::max<int64_t>(outHi, e.hi);
    inLo = std::min<int64_t>(inLo, e.inLo);
    inHi = std::max<int64_t>(inHi, e.inHi);
  }
  tp.lo = outLo;
  tp.hi = outHi;
  tp.inLo = inLo;
  tp.inHi = inHi;
  for (uint32_t g : overlapping)
    if (groups[g].batch >= 0) // else flushed with a peer's batch
      flush(g, emit);
}

void MvmPlanner::mvm(uint32_t g, const Instruction &inst, int64_t inBase,
                     int64_t outBase, Emit emit) {
  assert(enabled && "only a planner that holds MVMs back takes them");
  GroupPlan &gp = groups[g];
  TilePending &tp = pendingOnTile[gp.slot];
  int64_t outLo, outHi, inLo, inHi;
  extent(prog->patterns[inst.patterns[1]], outBase, outLo, outHi);
  extent(prog->patterns[inst.patterns[0]], inBase, inLo, inHi);
  if (gp.batch < 0) {
    gp.batch = int32_t(batches->acquire(applied()));
    gp.pendingIndex = int32_t(tp.entries.size());
    tp.entries.push_back(
        {int32_t(outLo), int32_t(outHi), int32_t(inLo), int32_t(inHi), g});
  } else {
    PendingBatch &e = tp.entries[gp.pendingIndex];
    e.lo = std::min(e.lo, int32_t(outLo));
    e.hi = std::max(e.hi, int32_t(outHi));
    e.inLo = std::min(e.inLo, int32_t(inLo));
    e.inHi = std::max(e.inHi, int32_t(inHi));
  }
  tp.lo = std::min(tp.lo, outLo);
  tp.hi = std::max(tp.hi, outHi);
  tp.inLo = std::min(tp.inLo, inLo);
  tp.inHi = std::max(tp.inHi, inHi);
  MvmBatch &b = (*batches)[gp.batch];
  b.entries[b.count++] = {inst.patterns[0], inst.patterns[1], inBase,
                          outBase,          inst.layer,       inst.accumulate};
  if (b.count == kMaxBatch)
    flush(g, emit);
}

void MvmPlanner::flush(uint32_t g, Emit emit) {
  GroupPlan &gp = groups[g];
  SmallVector<uint32_t, 16> members = {g};
  unsigned count = (*batches)[gp.batch].count;
  if (gp.shared && gp.peers >= 0)
    for (uint32_t p : peerLists[gp.peers]) {
      const GroupPlan &pp = groups[p];
      if (p != g && pp.batch >= 0 && pp.shared &&
          count + (*batches)[pp.batch].count <= kMaxFlush) {
        members.push_back(p);
        count += (*batches)[pp.batch].count;
      }
    }
  // The data path reads every member's batch when it applies the last
  // op of the flush, so that op's number retires them all.
  uint64_t lastOp = 0;
  for (size_t i = 0; i < members.size(); ++i)
    lastOp = emit(members[i], uint32_t(groups[members[i]].batch),
                  i + 1 == members.size());
  for (uint32_t m : members) {
    batches->retire(uint32_t(groups[m].batch), lastOp);
    groups[m].batch = -1;
    unlist(m);
  }
}

/// Runs a DataPath on a thread of its own: the scheduler pushes DataOps
/// into a ring and goes on; the data path applies them in order. A side
/// that finds the ring empty (full) spins briefly, then sleeps on a
/// condition variable until the scheduler has published kPublish more
/// ops or the run ends (until the worker has emptied half the ring), so
/// neither wakes the other per op.
class DataThread {
public:
  /// Runs `init` on the new thread, then applies the ops.
  DataThread(DataPath &data, std::function<void()> init)
      : data(data), ring(kCapacity) {
    worker = std::thread([this, init = std::move(init)] {
      init();
      work();
    });
  }
  ~DataThread() { finish(); }
  /// Queues `op` (waits while the ring is full). Ops are published to
  /// the worker kPublish at a time (the stop op at once): one store with
  /// a full barrier per batch.
  void push(const DataOp &op) {
    if (h - cachedTail >= kCapacity) {
      // Full: wait until the worker has emptied half of it.
      publish();
      waitFor(
          [&] {
            cachedTail = tail.load(std::memory_order_seq_cst);
            return h - cachedTail <= kCapacity / 2;
          },
          producerSleeping);
    }
    ring[h & (kCapacity - 1)] = op;
    ++h;
    if (h % kPublish == 0 || isStop(op))
      publish();
  }
  /// How many ops the worker has applied (a bound that lags by up to
  /// kPublish).
  uint64_t applied() const { return tail.load(std::memory_order_seq_cst); }
  /// Queues the end of the run and waits until every op is applied.
  void finish() {
    if (!worker.joinable())
      return;
    push(DataOp());
    worker.join();
  }

private:
  static constexpr uint64_t kCapacity = 16384, kPublish = 64;

public:
  /// The most ops pushed that the worker may not have applied (those in
  /// the ring, and those applied since it last said so).
  static constexpr uint64_t kMaxUnapplied = kCapacity + kPublish;

private:
  /// The op that ends the run (finish), neither an instruction nor a
  /// flush.
  static bool isStop(const DataOp &op) { return !op.inst && op.flush < 0; }
  /// Makes the ops pushed so far visible to the worker, and wakes it if
  /// it sleeps.
  void publish() {
    head.store(h, std::memory_order_seq_cst);
    if (consumerSleeping.load(std::memory_order_seq_cst))
      wakeUp();
  }
  void work() {
    uint64_t t = 0, cachedHead = 0;
    for (;;) {
      if (t == cachedHead)
        waitFor(
            [&] {
              cachedHead = head.load(std::memory_order_seq_cst);
              return t != cachedHead;
            },
            consumerSleeping);
      const DataOp &op = ring[t & (kCapacity - 1)];
      bool last = isStop(op);
      if (!last)
        data.execute(op);
      ++t;
      if (last) {
        tail.store(t, std::memory_order_seq_cst);
        return;
      }
      // Like push, tells the producer kPublish ops at a time.
      if (t % kPublish == 0) {
        tail.store(t, std::memory_order_seq_cst);
        if (producerSleeping.load(std::memory_order_seq_cst) &&
            head.load(std::memory_order_seq_cst) - t <= kCapacity / 2)
          wakeUp();
      }
    }
  }
  /// Waits until `ready()`: spins, then sleeps with `sleeping` set (the
  /// other side checks the flag after it publishes).
  template <typename F> void waitFor(F &&ready, std::atomic<bool> &sleeping) {
    for (unsigned i = 0; i < 1024; ++i) {
      if (ready())
        return;
#if defined(__x86_64__) || defined(__i386__)
      __builtin_ia32_pause();
#endif
    }
    std::unique_lock<std::mutex> lock(mutex);
    sleeping.store(true, std::memory_order_seq_cst);
    while (!ready())
      cv.wait(lock);
    sleeping.store(false, std::memory_order_seq_cst);
  }
  void wakeUp() {
    std::lock_guard<std::mutex> lock(mutex);
    cv.notify_all();
  }

  DataPath &data;
  std::vector<DataOp> ring;
  alignas(64) std::atomic<uint64_t> head{0}; ///< written by publish
  uint64_t h = 0;                            ///< ops pushed
  uint64_t cachedTail = 0;                   ///< push's view of tail
  alignas(64) std::atomic<uint64_t> tail{0}; ///< written by the worker
  alignas(64) std::atomic<bool> producerSleeping{false};
  std::atomic<bool> consumerSleeping{false};
  std::mutex mutex;
  std::condition_variable cv;
  std::thread worker;
};

} // namespace

class Simulator::Impl {
public:
  Impl(const Program &program, SimOptions options)
      : prog(program), hw(program.hw), opts(std::move(options)),
        slice(fixed::SliceConfig::get(program.hw)), data(prog, opts, slice) {
    data.batches = &mvmBatches;
  }

  Error setInput(StringRef name, ArrayRef<int64_t> shape, ArrayRef<float> data);
  Error run();
  void writeStats(raw_ostream &os) const;
  void writeTrace(raw_ostream &os) const;

  const Program &prog;
  const HwConfig &hw;
  SimOptions opts;
  fixed::SliceConfig slice;
  Stats stats;
  /// The memories and what changes them (on `dataThread` while it runs).
  DataPath data;
  std::vector<std::vector<float>> inputData;
  std::vector<bool> inputGiven;
  bool ran = false;

private:
  /// The scheduler's state: cores, resources, the groups' timing, the
  /// MVM planner (`sameWeightsAs`: preloadSharing).
  void setUp(ArrayRef<int64_t> sameWeightsAs);
  /// For each group, the first group preloaded with the same weights
  /// (replicas), -1 for none.
  std::vector<int64_t> preloadSharing() const;
  /// Runs the cores (the scheduler) until all halt or block.
  Error schedule();
  uint32_t addResource(uint32_t pid, const char *label, int32_t core = -1,
                       int32_t crossbar = -1) {
    resources.emplace_back();
    resourceInfo.push_back({pid, label, core, crossbar});
    return resources.size() - 1;
  }
  uint32_t tileSlotOf(uint32_t tile) const {
    return std::lower_bound(prog.usedTiles.begin(), prog.usedTiles.end(),
                            tile) -
           prog.usedTiles.begin();
  }
  /// Reserves `res` for `duration` cycles from the first time not before
  /// `earliest` at which all are free; returns the end.
  /// Drops the intervals of `resource` that no later phase can overlap.
  void pruneBusy(Resource &resource);
  uint64_t phase(uint64_t earliest, ArrayRef<uint32_t> res, uint64_t duration,
                 OpKind op, int32_t layer);
  /// The base of pattern `slot` of `inst` at the core's loop indices.
  int64_t resolve(const CoreState &cs, const Instruction &inst,
                  unsigned slot) const {
    const Pattern &p = prog.patterns[inst.patterns[slot]];
    int64_t base = inst.bases[slot];
    for (unsigned j = 0; j < p.numCoeffs; ++j)
      base += p.coeffs[j] * int64_t(cs.index[j]);
    return base;
  }
  /// Hands instruction `inst` of a core in state `cs` to the data path,
  /// with the bases of its first `numPatterns` patterns, after the flushes
  /// of held-back MVMs its accesses call for (MvmPlanner).
  void submit(const CoreState &cs, const Instruction &inst,
              unsigned numPatterns);
  void push(const DataOp &op) {
    ++opsPushed;
    if (dataThread)
      dataThread->push(op);
    else
      data.execute(op);
  }
  /// Ops handed to the data path so far.
  uint64_t opsPushed = 0;
  /// Hands the data path one group of a flush (MvmPlanner::Emit).
  struct FlushEmitter {
    Impl *impl;
    uint64_t operator()(uint32_t group, uint32_t batch, bool last) const {
      DataOp op;
      op.flush = int32_t(group);
      op.bases[0] = last;
      op.bases[1] = int32_t(batch);
      impl->push(op);
      return impl->opsPushed - 1;
    }
  } emitFlush{this};
  /// How many ops the data path has applied (MvmPlanner's batches).
  struct AppliedOps {
    const Impl *impl;
    uint64_t operator()() const {
      return impl->dataThread ? impl->dataThread->applied() : impl->opsPushed;
    }
  } appliedOps{this};
  /// The held-back MVMs (MvmPlanner, DataPath::batches).
  BatchStore mvmBatches;
  uint64_t dramCycles(uint64_t n) const {
    return hw.cycles(double(n) * hw.numerics.data_bits / 8.0 /
                     hw.dram.bandwidth_gbps);
  }
  double dramEnergy(uint64_t n) const {
    return double(n) * hw.numerics.data_bits * hw.dram.energy_pj_per_bit;
  }
  uint64_t bufferCycles(uint64_t n) const {
    return hw.bufferWords(n) * hw.buffer.access_latency_cycles;
  }
  double bufferEnergy(uint64_t n) const {
    return double(hw.bufferWords(n)) * hw.buffer.access_energy_pj;
  }
  uint32_t hops(uint32_t from, uint32_t to) const;

  /// Runs core `c` until it blocks, halts or is later than `horizon`.
  /// Steps core `c` until it blocks, halts or passes `horizon`; `next`,
  /// the core most likely to run after it (UINT32_MAX: none), whose state
  /// the caller has asked the cache for, gets its next instruction asked
  /// for after the first step.
  Error runCore(uint32_t c, uint64_t horizon, uint32_t next);
  /// Executes core `c`'s next instruction; `advanced` is false when it
  /// blocked (recv without a message, barrier not complete).
  Error step(uint32_t c, bool &advanced);
  // One function per instruction family: the checks, the phases and the
  // energy of docs/ISA.md's section of the same name, and the DataOp of
  // the functional effect (DataPath). `e` collects the instruction's
  // energy for the totals and its layer.

  /// program_xbar: ownership of the arrays, DRAM then writes.
  Error execProgramXbar(CoreState &cs, const Instruction &inst, Energy &e);
  /// mvm: load, compute and store phases.
  Error execMvm(CoreState &cs, const Instruction &inst, Energy &e);
  /// alu: element-wise (or reduce_sum) over the operands.
  void execAlu(CoreState &cs, const Instruction &inst, Energy &e);
  /// move: one transfer phase.
  void execMove(CoreState &cs, const Instruction &inst, Energy &e);
  /// fill: the destination side of a move.
  void execFill(CoreState &cs, const Instruction &inst, Energy &e);
  /// send: posts the message and wakes a waiting receiver.
  Error execSend(CoreState &cs, const Instruction &inst, Energy &e);
  std::string where(uint32_t c) const {
    const CoreState &cs = cores[c];
    const Core &core = prog.cores[c];
    return formatv("core {0} (tile {1}, core {2}), instruction {3} ({4})", c,
                   core.tile, core.core, cs.pc,
                   cs.pc < core.instructions.size()
                       ? getOpName(core.instructions[cs.pc].kind)
                       : StringRef("end"))
        .str();
  }
  void wake(uint32_t c) {
    cores[c].status = Status::Ready;
    pushHeap({cores[c].time, c});
  }

  /// Applies the DataOps while the scheduler runs (SimOptions::threads).
  std::unique_ptr<DataThread> dataThread;
  MvmPlanner planner;
  std::vector<Resource> resources;
  std::vector<ResourceInfo> resourceInfo; ///< per resource
  /// A lower bound of every running core's clock (pruneBusy), and the
  /// instruction count when it was computed.
  uint64_t horizon = 0, horizonStamp = UINT64_MAX;
  std::vector<TraceEvent> events;
  std::vector<CoreState> cores;
  std::vector<GroupState> groups;
  std::vector<uint32_t> tileBuffer, tileLink; ///< per used tile
  uint32_t dramChannel = 0;
  ChannelQueues<MessageInfo> messages;
  /// Elements sent and not yet received, and their bound.
  uint64_t inFlight = 0;
  static constexpr uint64_t kMaxInFlight = uint64_t(1) << 26;
  /// The cores blocked in a recv, per channel, in the order they blocked.
  ChannelQueues<uint32_t> waiting;
  std::vector<BarrierState> barriers;
  using HeapEntry = std::pair<uint64_t, uint32_t>;
  CoreHeap heap;
  /// The core at the top of the heap is the one running (run() leaves it
  /// there so that putting it back is one replaceTop); pushHeap pops it
  /// first, so the heap always holds what it would had it been popped.
  bool topIsRunning = false;
  void pushHeap(HeapEntry e) {
    if (topIsRunning) {
      heap.pop();
      topIsRunning = false;
    }
    heap.push(e);
  }
  std::vector<LayerStats> layerStats;
  std::vector<bool> layerUsed;
  uint64_t nextProgress = 0;
};

//===----------------------------------------------------------------------===//
// Set-up
//===----------------------------------------------------------------------===//

std::vector<int64_t> Simulator::Impl::preloadSharing() const {
  std::map<std::vector<int64_t>, uint32_t> preloadFirst;
  std::vector<int64_t> sameWeightsAs(prog.groups.size(), -1);
  for (uint32_t i = 0; i < prog.groups.size(); ++i) {
    const Group &g = prog.groups[i];
    if (g.preload < 0)
      continue;
    const Pattern &src = prog.patterns[g.preload];
    std::vector<int64_t> key = {g.rows, g.cols, g.preloadBase, int64_t(src.size),
                                src.numDims};
    key.insert(key.end(), src.strides, src.strides + src.numDims);
    key.insert(key.end(), src.counts, src.counts + src.numDims);
    auto [it, inserted] = preloadFirst.try_emplace(std::move(key), i);
    if (!inserted)
      sameWeightsAs[i] = it->second;
  }
  return sameWeightsAs;
}

void DataPath::setUp(ArrayRef<std::vector<float>> inputData,
                     ArrayRef<int64_t> sameWeightsAs) {
  size_t bufferElements = hw.elementsIn(hw.buffer.bytes);
  size_t bytes = Memory::footprint(prog.dramSize) +
                 prog.usedTiles.size() * Memory::footprint(bufferElements);
  // A group preloaded from the weight segment computes with the program's
  // weights in place (the DRAM's before cycle 0) until it is reprogrammed
  // (GroupData::writable) when they are consecutive or the rows of a
  // wider matrix (cols consecutive elements at a stride, cols a multiple of
  // 16: saxpyColumns); the others get a copy. inPlaceStride is the row
  // stride of such a view, 0 for none.
  uint64_t segmentEnd = prog.weightsAddress + prog.weights.size();
  auto inPlaceStride = [&](const Group &g) -> size_t {
    if (g.preload < 0)
      return 0;
    const Pattern &p = prog.patterns[g.preload];
    size_t stride = g.cols;
    if (!p.contiguous) {
      if (p.numDims != 2 || p.counts[0] != g.rows || p.counts[1] != g.cols ||
          p.strides[1] != 1 || p.strides[0] < int64_t(g.cols) ||
          g.cols % 16 != 0)
        return 0;
      stride = size_t(p.strides[0]);
    }
    uint64_t first = uint64_t(g.preloadBase);
    bool inside = first >= prog.weightsAddress &&
                  first + uint64_t(g.rows - 1) * stride + g.cols <= segmentEnd;
    return inside ? stride : 0;
  };
  for (uint32_t i = 0; i < prog.groups.size(); ++i)
    if (sameWeightsAs[i] < 0 && !inPlaceStride(prog.groups[i]))
      bytes += Arena::footprint<float>(size_t(prog.groups[i].rows) *
                                       prog.groups[i].cols);
  arena.reserve(bytes);
  // The weights are Original; the DRAM holds those an instruction may read
  // (all of them when one may write the segment), the preloads read the
  // program's.
  dram.init(arena, prog.dramSize, prog.weightsAddress, segmentEnd);
  std::pair<uint64_t, uint64_t> whole = {prog.weightsAddress, segmentEnd};
  ArrayRef<std::pair<uint64_t, uint64_t>> held =
      prog.writesWeightSegment ? ArrayRef(whole) : ArrayRef(prog.weightReads);
  for (auto [first, last] : held)
    std::copy(prog.weights.begin() + (first - prog.weightsAddress),
              prog.weights.begin() + (last - prog.weightsAddress),
              dram.data + first);
  for (size_t i = 0; i < prog.inputs.size(); ++i) {
    const Binding &b = prog.inputs[i];
    std::copy(inputData[i].begin(), inputData[i].end(), dram.data + b.address);
    std::fill_n(dram.tags + b.address, b.size, kOriginal);
  }
  buffers.resize(prog.usedTiles.size());
  for (Memory &m : buffers)
    m.init(arena, bufferElements);

  groups.resize(prog.groups.size());
  for (size_t i = 0; i < prog.groups.size(); ++i) {
    const Group &g = prog.groups[i];
    GroupData &gd = groups[i];
    size_t viewStride = sameWeightsAs[i] < 0 ? inPlaceStride(g) : 0;
    gd.weightsStride = g.cols;
    float *copy = nullptr; // the Arena's copy to fill
    if (sameWeightsAs[i] >= 0) {
      gd.weights = groups[sameWeightsAs[i]].weights;
      gd.weightsStride = groups[sameWeightsAs[i]].weightsStride;
    } else if (viewStride) {
      gd.weights = prog.weights.data() + (g.preloadBase - prog.weightsAddress);
      gd.weightsStride = viewStride;
    } else {
      copy = arena.allocate<float>(size_t(g.rows) * g.cols);
      gd.weights = copy;
      if (g.preload < 0)
        gd.writable = copy;
    }
    gd.tileSlot = std::lower_bound(prog.usedTiles.begin(),
                                   prog.usedTiles.end(), g.tile) -
                  prog.usedTiles.begin();
    gd.lossless = fixed::isAdcLossless(slice, g.rows);
    // Partial sums of the integer product stay below rows * 2^(wb-1) *
    // 2^(ib-1); doubles hold them exactly below 2^53.
    gd.exactInDouble = std::log2(double(g.rows)) + hw.numerics.weight_bits - 1 +
                           hw.numerics.input_bits - 1 <
                       53;
    // Preloaded groups: programmed whole before cycle 0 (docs/ISA.md,
    // "Preloaded groups").
    if (g.preload >= 0 && copy)
      preloadWeights(g, copy);
  }
  layerMacsUseful.assign(prog.layerNames.size(), 0);
}

void DataPath::preloadWeights(const Group &g, float *weights) const {
  const Pattern &p = prog.patterns[g.preload];
  int64_t lo, hi;
  extent(p, g.preloadBase, lo, hi);
  uint64_t first = prog.weightsAddress;
  if (lo < int64_t(first) || hi > int64_t(first + prog.weights.size())) {
    gather(dram, p, g.preloadBase, weights, nullptr);
    return;
  }
  const float *source = prog.weights.data();
  size_t i = 0;
  forEachAddress(p, g.preloadBase - int64_t(first),
                 [&](int64_t a) { weights[i++] = source[a]; });
}

void Simulator::Impl::setUp(ArrayRef<int64_t> sameWeightsAs) {
  dramChannel = addResource(0, "DRAM channel");
  for (uint32_t tile : prog.usedTiles) {
    tileBuffer.push_back(addResource(tile + 1, "tile buffer"));
    tileLink.push_back(addResource(tile + 1, "network link"));
  }
  cores.resize(prog.cores.size());
  for (uint32_t c = 0; c < prog.cores.size(); ++c) {
    const Core &core = prog.cores[c];
    CoreState &cs = cores[c];
    uint32_t pid = core.tile + 1;
    int32_t number = int32_t(core.core);
    cs.tileSlot = tileSlotOf(core.tile);
    cs.issue = addResource(pid, "instructions", number);
    cs.dacs = addResource(pid, "DACs", number);
    cs.adcs = addResource(pid, "ADCs", number);
    cs.vector = addResource(pid, "vector unit", number);
    cs.writer = addResource(pid, "write drivers", number);
    cs.crossbarOwner.assign(hw.organisation.crossbars_per_core, -1);
    if (core.instructions.empty())
      cs.status = Status::Halted;
  }

  // Crossbar resources (one per physical array in use) and the MVM
  // constants of each group (docs/ISA.md, "mvm").
  // crossbarResource[core * crossbars_per_core + x]: -1 until used.
  uint32_t perCore = hw.organisation.crossbars_per_core;
  std::vector<int32_t> crossbarResource(size_t(cores.size()) * perCore, -1);
  uint32_t slices = hw.inputSlices();
  uint64_t tRead = hw.cycles(hw.crossbar.read_latency_ns);
  groups.resize(prog.groups.size());
  for (size_t i = 0; i < prog.groups.size(); ++i) {
    const Group &g = prog.groups[i];
    GroupState &gs = groups[i];
    gs.rows = g.rows;
    gs.cols = g.cols;
    gs.firstCrossbar = g.firstCrossbar;
    gs.numCrossbars = g.numCrossbars;
    if (g.coreIndex == UINT32_MAX)
      continue; // no core runs it: never used
    const CoreState &cs = cores[g.coreIndex];
    for (uint32_t a = 0; a < g.numCrossbars; ++a) {
      uint32_t xbar = g.firstCrossbar + a;
      int32_t &r = crossbarResource[size_t(g.coreIndex) * perCore + xbar];
      if (r < 0)
        r = int32_t(addResource(g.tile + 1, "crossbar", int32_t(g.core),
                                int32_t(xbar)));
      gs.arrays.push_back(uint32_t(r));
    }
    gs.computeResources = gs.arrays;
    gs.computeResources.push_back(cs.dacs);
    gs.computeResources.push_back(cs.adcs);
    // Physical columns per array: laid out contiguously, per polarity.
    uint64_t polarities =
        hw.numerics.signed_weights == SignedWeights::Differential ? 2 : 1;
    uint64_t perPolarity = g.numCrossbars / polarities;
    uint64_t maxUsed = 0, totalUsed = 0;
    for (uint64_t a = 0; a < perPolarity; ++a) {
      uint64_t used = std::min<uint64_t>(hw.crossbar.cols,
                                         g.physicalCols - a * hw.crossbar.cols);
      maxUsed = std::max(maxUsed, used);
      totalUsed += used;
    }
    totalUsed *= polarities;
    gs.physicalColsBothPolarities = totalUsed;
    uint64_t perAdc = (maxUsed + hw.adc.per_crossbar - 1) / hw.adc.per_crossbar;
    uint64_t tAdc = hw.cycles(double(perAdc) / hw.adc.sample_rate_gsps);
    gs.computeCycles = tRead + (slices - 1) * std::max(tRead, tAdc) + tAdc +
                       hw.shift_add.latency_cycles;
    gs.conversions = uint64_t(slices) * totalUsed;
    Energy &e = gs.mvmEnergy;
    e.crossbar = double(g.numCrossbars) * slices * hw.crossbar.read_energy_pj;
    e.dac = double(g.numCrossbars) * g.rows * slices * hw.dac.energy_pj;
    e.adc =
        double(gs.conversions) * (hw.adc.energy_pj + hw.sample_hold.energy_pj);
    e.digital = double(gs.conversions) * hw.shift_add.energy_pj +
                double(slices) * (hw.registers.input_energy_pj +
                                  hw.registers.output_energy_pj);
  }
  // Arrays used by exactly the same groups are always reserved together
  // (by the groups' compute phases and program_xbar): one of each such
  // class, the smallest id, stands for all.
  {
    // By resource id (the arrays' ids are the crossbar resources').
    std::vector<SmallVector<uint32_t, 2>> usedBy(resources.size());
    for (uint32_t i = 0; i < groups.size(); ++i)
      for (uint32_t a : groups[i].arrays)
        usedBy[a].push_back(i);
    DenseMap<ArrayRef<uint32_t>, uint32_t> classRep;
    std::vector<uint32_t> repOf(resources.size());
    for (uint32_t a = 0; a < usedBy.size(); ++a)
      if (!usedBy[a].empty())
        repOf[a] = classRep.try_emplace(usedBy[a], a).first->second;
    for (uint32_t i = 0; i < groups.size(); ++i) {
      GroupState &gs = groups[i];
      if (gs.arrays.empty())
        continue;
      const CoreState &cs = cores[prog.groups[i].coreIndex];
      std::vector<uint32_t> reps;
      for (uint32_t a : gs.arrays) {
        uint32_t r = repOf[a];
        if (!llvm::is_contained(reps, r))
          reps.push_back(r);
      }
      gs.computeReps.assign(reps.begin(), reps.end());
      gs.computeReps.push_back(cs.dacs);
      gs.computeReps.push_back(cs.adcs);
      gs.writeReps = reps;
      gs.writeReps.push_back(cs.writer);
    }
  }

  // Preloaded groups: programmed whole before cycle 0, with their cell
  // writes and write energy (docs/ISA.md, "Preloaded groups"; the weights:
  // DataPath::setUp).
  for (size_t i = 0; i < prog.groups.size(); ++i) {
    const Group &g = prog.groups[i];
    if (g.preload < 0)
      continue;
    if (g.coreIndex != UINT32_MAX)
      for (uint32_t a = 0; a < g.numCrossbars; ++a)
        cores[g.coreIndex].crossbarOwner[g.firstCrossbar + a] = int32_t(i);
    stats.energy.write += double(g.numCrossbars) * hw.write.array_energy_pj;
    stats.cellWrites +=
        uint64_t(g.numCrossbars) * hw.crossbar.rows * hw.crossbar.cols;
  }
  for (size_t i = 0; i < prog.groups.size(); ++i) {
    const Group &g = prog.groups[i];
    if (g.coreIndex == UINT32_MAX)
      continue;
    for (uint32_t a = 0; a < g.numCrossbars; ++a) {
      int32_t owner = cores[g.coreIndex].crossbarOwner[g.firstCrossbar + a];
      groups[i].clobbered |= owner >= 0 && size_t(owner) != i;
    }
  }
  {
    std::vector<uint32_t> tileSlots(prog.groups.size(), 0);
    for (size_t i = 0; i < prog.groups.size(); ++i)
      if (prog.groups[i].coreIndex != UINT32_MAX)
        tileSlots[i] = cores[prog.groups[i].coreIndex].tileSlot;
    mvmBatches.init(prog.groups.size() + DataThread::kMaxUnapplied + 1);
    planner.init(prog, sameWeightsAs, tileSlots, opts.mode == Mode::Ideal,
                 mvmBatches, appliedOps);
  }
  barriers.resize(prog.barriers.size());
  layerStats.resize(prog.layerNames.size());
  layerUsed.assign(prog.layerNames.size(), false);
  for (size_t i = 0; i < prog.layerNames.size(); ++i)
    layerStats[i].name = prog.layerNames[i];
  for (uint32_t c = 0; c < cores.size(); ++c)
    if (cores[c].status == Status::Ready)
      pushHeap({0, c});
}

uint32_t Simulator::Impl::hops(uint32_t from, uint32_t to) const {
  uint64_t routers =
      (uint64_t(hw.organisation.tiles) + hw.noc.tiles_per_router - 1) /
      hw.noc.tiles_per_router;
  uint64_t width = uint64_t(std::ceil(std::sqrt(double(routers))));
  while (width * width < routers)
    ++width;
  while (width > 1 && (width - 1) * (width - 1) >= routers)
    --width;
  uint64_t a = from / hw.noc.tiles_per_router, b = to / hw.noc.tiles_per_router;
  int64_t dx = int64_t(a % width) - int64_t(b % width);
  int64_t dy = int64_t(a / width) - int64_t(b / width);
  return uint32_t(std::abs(dx) + std::abs(dy) + 1);
}

uint64_t Simulator::Impl::phase(uint64_t earliest, ArrayRef<uint32_t> res,
                                uint64_t duration, OpKind op, int32_t layer) {
  if (duration == 0)
    return earliest;
  // The earliest start at which every resource is free for the whole
  // duration: a phase may fill a gap that reservations made by other cores
  // left (a shared tile buffer serves one core's load while another core's
  // crossbars compute). Each resource keeps a cursor: its first interval
  // that ends after `start`; the start only moves later, so the cursors
  // only move forward.
  constexpr size_t kMaxRes = 32;
  size_t cursorStore[kMaxRes];
  SmallVector<size_t, 0> cursorHeap;
  size_t *cursor = cursorStore;
  if (res.size() > kMaxRes) {
    cursorHeap.resize(res.size());
    cursor = cursorHeap.data();
  }
  uint64_t start = earliest;
  for (size_t k = 0; k < res.size(); ++k)
    cursor[k] = resources[res[k]].firstEndingAfter(start);
  for (bool moved = true; moved;) {
    moved = false;
    for (size_t k = 0; k < res.size(); ++k) {
      const std::vector<Interval> &busy = resources[res[k]].busy;
      size_t i = cursor[k];
      while (i < busy.size() && busy[i].end <= start)
        ++i;
      // busy[i] is the first interval ending after start; it conflicts
      // when it begins before the phase would end.
      while (i < busy.size() && busy[i].start < start + duration) {
        start = busy[i].end;
        moved = true;
        ++i;
      }
      cursor[k] = i;
    }
  }
  uint64_t end = start + duration;
  for (size_t k = 0; k < res.size(); ++k) {
    uint32_t r = res[k];
    Resource &resource = resources[r];
    std::vector<Interval> &busy = resource.busy;
    uint64_t lastEnd = resource.freeAt;
    resource.freeAt = std::max(resource.freeAt, end);
    // Insert [start, end) before busy[i], the first interval ending after
    // start (which begins at or after end), merged with an interval it
    // touches.
    size_t i = cursor[k];
    while (i < busy.size() && busy[i].end <= start)
      ++i;
    assert((i == busy.size() || busy[i].start >= end) &&
           "reserved an interval twice");
    if (i == busy.size()) {
      // After the last interval (the common case): lastEnd is its end.
      if (resource.live() && lastEnd == start)
        busy.back().end = end;
      else
        busy.push_back(Interval{start, end});
    } else {
      bool joinsPrev = i > resource.head && busy[i - 1].end == start;
      bool joinsNext = busy[i].start == end;
      if (joinsPrev && joinsNext) {
        busy[i - 1].end = busy[i].end;
        busy.erase(busy.begin() + i);
      } else if (joinsPrev) {
        busy[i - 1].end = end;
      } else if (joinsNext) {
        busy[i].start = start;
      } else {
        busy.insert(busy.begin() + i, Interval{start, end});
      }
    }
    if (resource.live() > resource.pruneAt)
      pruneBusy(resource);
    if (opts.trace) {
      if (events.size() < opts.maxTraceEvents)
        events.push_back({r, start, duration, uint8_t(op), layer});
      else
        ++stats.droppedTraceEvents;
    }
  }
  return end;
}

void Simulator::Impl::pruneBusy(Resource &resource) {
  // No phase can start before the earliest clock of a ready core, so
  // intervals that end by then never constrain one again. A blocked core
  // does not lower the bound: it goes on only once a ready core sends it
  // a message (its next phase starts at the arrival or later) or arrives
  // last at its barrier (it is released at that core's clock or later), so
  // also after it is woken with its old clock. The ready cores' clocks
  // only grow and new ones start no earlier than the bound, so an old
  // bound stays valid: it is recomputed (a pass over all cores) at most
  // once per as many instructions as there are cores, and never lowered.
  if (horizonStamp == UINT64_MAX ||
      stats.instructions - horizonStamp > cores.size()) {
    uint64_t bound = UINT64_MAX;
    for (const CoreState &cs : cores)
      if (cs.status == Status::Ready)
        bound = std::min(bound, cs.time);
    // The core calling (in phase) is ready, so bound is a clock.
    horizon = std::max(horizon, bound);
    horizonStamp = stats.instructions;
  }
  std::vector<Interval> &busy = resource.busy;
  while (resource.head < busy.size() && busy[resource.head].end <= horizon)
    ++resource.head;
  // Compact once the dead prefix outweighs the live intervals.
  if (resource.head > resource.live()) {
    busy.erase(busy.begin(), busy.begin() + resource.head);
    resource.head = 0;
  }
  resource.pruneAt = uint32_t(std::max<size_t>(16, 2 * resource.live()));
}

//===----------------------------------------------------------------------===//
// Instructions
//===----------------------------------------------------------------------===//

void Simulator::Impl::submit(const CoreState &cs, const Instruction &inst,
                             unsigned numPatterns) {
  DataOp op;
  op.inst = &inst;
  op.tileSlot = cs.tileSlot;
  for (unsigned i = 0; i < numPatterns; ++i) {
    int64_t base = resolve(cs, inst, i);
    assert(base >= 0 && base <= INT32_MAX && "the loader checks patterns");
    op.bases[i] = int32_t(base);
  }
  auto pattern = [&](unsigned i) -> const Pattern & {
    return prog.patterns[inst.patterns[i]];
  };
  uint32_t slot = cs.tileSlot;
  switch (inst.kind) {
  case OpKind::ProgramXbar:
    planner.reprogram(inst.operand, emitFlush);
    break;
  case OpKind::Mvm:
    planner.touch(slot, pattern(0), op.bases[0], false, emitFlush);
    planner.touch(slot, pattern(1), op.bases[1], true, emitFlush);
    if (planner.holdsBack())
      planner.mvm(inst.operand, inst, op.bases[0], op.bases[1], emitFlush);
    else
      push(op);
    return;
  case OpKind::Alu:
    planner.touch(slot, pattern(0), op.bases[0], true, emitFlush);
    for (unsigned i = 1; i < numPatterns; ++i)
      planner.touch(slot, pattern(i), op.bases[i], false, emitFlush);
    break;
  case OpKind::Move:
    planner.touch(slot, inst.srcMem, pattern(0), op.bases[0], false,
                  emitFlush);
    planner.touch(slot, inst.dstMem, pattern(1), op.bases[1], true,
                  emitFlush);
    break;
  case OpKind::Fill:
    planner.touch(slot, inst.dstMem, pattern(0), op.bases[0], true,
                  emitFlush);
    break;
  case OpKind::Send:
    planner.touch(slot, pattern(0), op.bases[0], false, emitFlush);
    break;
  case OpKind::Recv:
    planner.touch(slot, pattern(0), op.bases[0], true, emitFlush);
    break;
  case OpKind::Loop:
  case OpKind::EndLoop:
  case OpKind::Barrier:
  case OpKind::Halt:
    llvm_unreachable("only instructions with data go to the data path");
  }
  push(op);
}

Error Simulator::Impl::execProgramXbar(CoreState &cs, const Instruction &inst,
                                       Energy &e) {
  const Group &g = prog.groups[inst.operand];
  GroupState &gs = groups[inst.operand];
  uint32_t groupId = inst.operand;
  // Ownership of the physical arrays (time-multiplexed groups).
  for (uint32_t a = 0; a < g.numCrossbars; ++a) {
    int32_t owner = cs.crossbarOwner[g.firstCrossbar + a];
    if (!inst.wholeArray && owner >= 0 && uint32_t(owner) != groupId)
      return makeError(formatv("a row write to group {0}, whose crossbar {1} "
                               "holds group {2}: program the group whole "
                               "first",
                               groupId, g.firstCrossbar + a, owner)
                           .str());
  }
  for (uint32_t a = 0; a < g.numCrossbars; ++a) {
    int32_t &owner = cs.crossbarOwner[g.firstCrossbar + a];
    if (owner >= 0 && uint32_t(owner) != groupId)
      groups[owner].clobbered = true;
    owner = int32_t(groupId);
  }
  gs.clobbered = false;
  submit(cs, inst, 1);

  uint64_t n = prog.patterns[inst.patterns[0]].size;
  uint64_t t = phase(cs.time + hw.cycles(hw.dram.latency_ns), {dramChannel},
                     dramCycles(n), OpKind::ProgramXbar, inst.layer);
  SmallVector<uint32_t, 16> writeRes;
  if (opts.trace) {
    writeRes.assign(gs.arrays.begin(), gs.arrays.end());
    writeRes.push_back(cs.writer);
  } else {
    writeRes.assign(gs.writeReps.begin(), gs.writeReps.end());
  }
  double arrays = g.numCrossbars;
  double ns = inst.wholeArray
                  ? arrays * hw.write.array_latency_ns
                  : arrays * inst.rowCount * hw.write.row_latency_ns;
  cs.time = phase(t, writeRes, hw.cycles(ns), OpKind::ProgramXbar, inst.layer);
  e.buffer += dramEnergy(n);
  e.write += inst.wholeArray ? arrays * hw.write.array_energy_pj
                             : arrays * inst.rowCount * hw.write.row_energy_pj;
  stats.cellWrites +=
      inst.wholeArray
          ? uint64_t(g.numCrossbars) * hw.crossbar.rows * hw.crossbar.cols
          : uint64_t(inst.rowCount) * gs.physicalColsBothPolarities;
  return Error::success();
}

Error Simulator::Impl::execMvm(CoreState &cs, const Instruction &inst,
                               Energy &e) {
  uint32_t groupId = inst.operand;
  const GroupState &gs = groups[groupId];
  for (uint32_t a = 0; gs.clobbered && a < gs.numCrossbars; ++a) {
    int32_t owner = cs.crossbarOwner[gs.firstCrossbar + a];
    if (owner >= 0 && uint32_t(owner) != groupId)
      return makeError(formatv("group {0}'s crossbar {1} holds group {2}'s "
                               "weights; program group {0} again first",
                               groupId, gs.firstCrossbar + a, owner)
                           .str());
  }
  submit(cs, inst, 2);
  unsigned rows = gs.rows, cols = gs.cols;
  uint64_t issued = uint64_t(rows) * cols;
  stats.macsIssued += issued;
  if (inst.layer >= 0)
    layerStats[inst.layer].macsIssued += issued;

  uint32_t bufferRes = tileBuffer[cs.tileSlot];
  uint64_t t =
      phase(cs.time, {bufferRes}, bufferCycles(rows), OpKind::Mvm, inst.layer);
  t = phase(
      t, opts.trace ? ArrayRef(gs.computeResources) : ArrayRef(gs.computeReps),
      gs.computeCycles, OpKind::Mvm, inst.layer);
  cs.time =
      phase(t, {bufferRes}, bufferCycles(cols) * (inst.accumulate ? 2 : 1),
            OpKind::Mvm, inst.layer);
  e += gs.mvmEnergy;
  e.buffer +=
      bufferEnergy(rows) + bufferEnergy(cols) * (inst.accumulate ? 2 : 1);
  stats.crossbarActivations += gs.numCrossbars;
  stats.adcConversions += gs.conversions;
  if (inst.layer >= 0)
    layerStats[inst.layer].crossbarActivations += gs.numCrossbars;
  return Error::success();
}

void Simulator::Impl::execAlu(CoreState &cs, const Instruction &inst,
                              Energy &e) {
  const Pattern &dst = prog.patterns[inst.patterns[0]];
  unsigned k = getAluOperandCount(inst.aluOp);
  uint64_t n = prog.patterns[inst.patterns[1]].size; // elements per source
  submit(cs, inst, 1 + k);

  uint32_t bufferRes = tileBuffer[cs.tileSlot];
  bool transcendental = false, mul = false;
  switch (inst.aluOp) {
  case AluOp::Tanh:
  case AluOp::Sigmoid:
  case AluOp::LossDiff:
  case AluOp::Rsqrt:
    transcendental = true;
    break;
  case AluOp::Mul:
  case AluOp::MulImm:
  case AluOp::ScaleShift:
  case AluOp::LeakyRelu:
  case AluOp::LeakyReluGrad:
  case AluOp::TanhGrad:
  case AluOp::SigmoidGrad:
    mul = true;
    break;
  default:
    break;
  }
  uint64_t lat = transcendental ? hw.vector.transcendental_latency_cycles
                                : hw.vector.latency_cycles;
  uint64_t t =
      phase(cs.time, {bufferRes}, k * bufferCycles(n), OpKind::Alu, inst.layer);
  t = phase(t, {cs.vector}, (n + hw.vector.lanes - 1) / hw.vector.lanes * lat,
            OpKind::Alu, inst.layer);
  cs.time =
      phase(t, {bufferRes}, bufferCycles(dst.size), OpKind::Alu, inst.layer);
  e.digital += double(n) * (transcendental ? hw.vector.transcendental_energy_pj
                            : mul          ? hw.vector.mul_energy_pj
                                           : hw.vector.energy_pj);
  e.buffer += k * bufferEnergy(n) + bufferEnergy(dst.size);
}

void Simulator::Impl::execMove(CoreState &cs, const Instruction &inst,
                               Energy &e) {
  uint64_t n = prog.patterns[inst.patterns[0]].size;
  submit(cs, inst, 2);

  unsigned dramSides =
      (inst.srcMem == MemSpace::Dram) + (inst.dstMem == MemSpace::Dram);
  unsigned bufferSides = 2 - dramSides;
  SmallVector<uint32_t, 2> res;
  if (dramSides)
    res.push_back(dramChannel);
  if (bufferSides)
    res.push_back(tileBuffer[cs.tileSlot]);
  uint64_t duration =
      std::max(dramSides * dramCycles(n), bufferSides * bufferCycles(n));
  uint64_t earliest = cs.time + (dramSides ? hw.cycles(hw.dram.latency_ns) : 0);
  cs.time = std::max(cs.time,
                     phase(earliest, res, duration, OpKind::Move, inst.layer));
  e.buffer += dramSides * dramEnergy(n) + bufferSides * bufferEnergy(n);
}

void Simulator::Impl::execFill(CoreState &cs, const Instruction &inst,
                               Energy &e) {
  uint64_t n = prog.patterns[inst.patterns[0]].size;
  submit(cs, inst, 1);
  bool isDram = inst.dstMem == MemSpace::Dram;
  uint64_t earliest = cs.time + (isDram ? hw.cycles(hw.dram.latency_ns) : 0);
  uint32_t res = isDram ? dramChannel : tileBuffer[cs.tileSlot];
  cs.time = std::max(cs.time, phase(earliest, {res},
                                    isDram ? dramCycles(n) : bufferCycles(n),
                                    OpKind::Fill, inst.layer));
  e.buffer += isDram ? dramEnergy(n) : bufferEnergy(n);
}

Error Simulator::Impl::execSend(CoreState &cs, const Instruction &inst,
                                Energy &e) {
  uint64_t n = prog.patterns[inst.patterns[0]].size;
  submit(cs, inst, 1);
  uint32_t tile = prog.usedTiles[cs.tileSlot];
  uint64_t flits =
      (n * hw.numerics.data_bits + hw.noc.flit_bits - 1) / hw.noc.flit_bits;
  uint32_t h = hops(tile, inst.operand);
  uint64_t t = phase(cs.time, {tileBuffer[cs.tileSlot]}, bufferCycles(n),
                     OpKind::Send, inst.layer);
  t = phase(t, {tileLink[cs.tileSlot]}, flits, OpKind::Send, inst.layer);
  cs.time = t;
  e.buffer += bufferEnergy(n);
  e.noc += double(flits) * h * hw.noc.energy_pj_per_flit_hop;
  ChannelKey key = channelKey(tile, inst.operand, inst.channel);
  inFlight += n;
  messages.push(key, {n, t + uint64_t(h) * hw.noc.hop_latency_cycles});
  if (!waiting.empty(key))
    wake(waiting.pop(key));
  // Messages nobody receives would grow without bound.
  if (inFlight > kMaxInFlight)
    return makeError(formatv("more than {0} elements are waiting in the "
                             "network for a recv",
                             kMaxInFlight)
                         .str());
  return Error::success();
}

//===----------------------------------------------------------------------===//
// The data path
//===----------------------------------------------------------------------===//

void DataPath::execute(const DataOp &op) {
  if (!op.inst) {
    assert(op.flush >= 0 && "the stop op never reaches the data path");
    flushGroups.push_back({uint32_t(op.flush), uint32_t(op.bases[1])});
    if (op.bases[0]) {
      flushMvms();
      flushGroups.clear();
    }
    return;
  }
  switch (op.inst->kind) {
  case OpKind::ProgramXbar:
    return programXbar(op);
  case OpKind::Mvm:
    return mvm(op);
  case OpKind::Alu:
    return alu(op);
  case OpKind::Move:
    return move(op);
  case OpKind::Fill:
    return fill(op);
  case OpKind::Send:
    return send(op);
  case OpKind::Recv:
    return recv(op);
  case OpKind::Loop:
  case OpKind::EndLoop:
  case OpKind::Barrier:
  case OpKind::Halt:
    break;
  }
  llvm_unreachable("the scheduler submits only instructions with data");
}

uint64_t DataPath::gatherByOffsets(const Memory &mem, int32_t pattern,
                                   int64_t base, float *__restrict values) {
  const Pattern &p = prog.patterns[pattern];
  auto plainGather = [&] {
    // Scratch of its own, apart from the instructions' (values, tagScratch).
    flushTags.resize(p.size);
    uint8_t *tags = flushTags.data();
    gather(mem, p, base, values, tags);
    uint64_t original = 0;
    for (uint64_t i = 0; i < p.size; ++i)
      original += tags[i] == kOriginal;
    return original;
  };
  if (p.contiguous)
    return plainGather();
  const std::vector<int32_t> *offsets = offsetTable(pattern);
  if (!offsets)
    return plainGather();
  return gatherOffsets(mem.data + base, mem.tags + base, offsets->data(),
                       offsets->size(), values);
}

const std::vector<int32_t> *DataPath::offsetTable(int32_t pattern) {
  const Pattern &p = prog.patterns[pattern];
  if (p.size > kMaxOffsetTable)
    return nullptr;
  if (offsetTables.empty())
    offsetTables.resize(prog.patterns.size());
  std::vector<int32_t> &offsets = offsetTables[pattern];
  if (offsets.empty()) {
    int64_t lo, hi;
    extent(p, 0, lo, hi);
    if (lo < INT32_MIN || hi > INT32_MAX)
      return nullptr;
    offsets.reserve(p.size);
    forEachAddress(p, 0, [&](int64_t a) { offsets.push_back(int32_t(a)); });
  }
  return &offsets;
}

bool DataPath::flushSmallCols(unsigned count) {
  const Group &g = prog.groups[flushGroups.front().first];
  // One lane per MVM: worth it from a few MVMs on.
  if (g.cols > kMaxSmallCols || count < 4 || arena.size() > size_t(INT32_MAX))
    return false;
  assert(groups[flushGroups.front().first].weightsStride == g.cols &&
         "only whole vectors of columns are strided");
  int32_t input = (*batches)[flushGroups.front().second].entries[0].input;
  for (auto [m, batch] : flushGroups) {
    const MvmBatch &b = (*batches)[batch];
    for (unsigned k = 0; k < b.count; ++k)
      if (b.entries[k].input != input)
        return false;
  }
  const std::vector<int32_t> *offsets = offsetTable(input);
  if (!offsets || offsets->size() != g.rows)
    return false;
  // Indices of each MVM's input base from the arena's first byte: its
  // elements lie in the arena, below 2^31 bytes.
  const float *data = reinterpret_cast<const float *>(arena.begin());
  const uint8_t *tags = reinterpret_cast<const uint8_t *>(arena.begin());
  flushDataIdx.clear();
  flushTagIdx.clear();
  for (auto [m, batch] : flushGroups) {
    const MvmBatch &b = (*batches)[batch];
    const Memory &buf = buffers[groups[m].tileSlot];
    for (unsigned k = 0; k < b.count; ++k) {
      flushDataIdx.push_back(int32_t(buf.data + b.entries[k].inBase - data));
      flushTagIdx.push_back(int32_t(buf.tags + b.entries[k].inBase - tags));
    }
  }
  flushY.resize(size_t(count) * g.cols);
  flushOriginal.resize(count);
  if (!smallColsMvms(count, g.rows, g.cols, data, tags, flushDataIdx.data(),
                     flushTagIdx.data(), offsets->data(),
                     groups[flushGroups.front().first].weights, flushY.data(),
                     flushOriginal.data()))
    return false;
  const uint32_t *original = flushOriginal.data();
  for (auto [m, batch] : flushGroups) {
    (void)m;
    const MvmBatch &b = (*batches)[batch];
    for (unsigned k = 0; k < b.count; ++k, ++original) {
      uint64_t useful = uint64_t(g.cols) * *original;
      macsUseful += useful;
      if (b.entries[k].layer >= 0)
        layerMacsUseful[b.entries[k].layer] += useful;
    }
  }
  return true;
}

void DataPath::programXbar(const DataOp &op) {
  const Instruction &inst = *op.inst;
  uint32_t groupId = inst.operand;
  const Group &g = prog.groups[groupId];
  GroupData &gd = groups[groupId];
  if (!gd.writable) { // shared: copy on write
    gd.ownWeights.resize(size_t(g.rows) * g.cols);
    for (unsigned r = 0; r < g.rows; ++r)
      std::copy_n(gd.weights + r * gd.weightsStride, g.cols,
                  gd.ownWeights.data() + size_t(r) * g.cols);
    gd.writable = gd.ownWeights.data();
    gd.weights = gd.writable;
    gd.weightsStride = g.cols;
  }
  if (inst.wholeArray)
    std::fill_n(gd.writable, size_t(g.rows) * g.cols, 0.0f);
  gather(dram, prog.patterns[inst.patterns[0]], op.bases[0],
         gd.writable + size_t(inst.rowBegin) * g.cols, nullptr);
  gd.dirty = true;
}

void DataPath::prepareQuantized(const Group &g, GroupData &gd) {
  unsigned wb = hw.numerics.weight_bits;
  size_t n = size_t(g.rows) * g.cols;
  gd.wq.resize(n);
  gd.scale.assign(g.cols, 1.0);
  for (unsigned c = 0; c < g.cols; ++c) {
    double maxAbs = 0;
    for (unsigned r = 0; r < g.rows; ++r)
      maxAbs = std::max(
          maxAbs, std::fabs(double(gd.weights[r * gd.weightsStride + c])));
    gd.scale[c] = fixed::symmetricScale(maxAbs, wb);
  }
  for (unsigned r = 0; r < g.rows; ++r)
    for (unsigned c = 0; c < g.cols; ++c) {
      double w = gd.weights[r * gd.weightsStride + c];
      gd.wq[size_t(r) * g.cols + c] =
          std::isfinite(w) ? fixed::quantize(w, gd.scale[c], wb) : 0;
    }
  if (gd.lossless && opts.fastPath) {
    gd.planes.reset();
    if (gd.exactInDouble)
      gd.wqDouble.assign(gd.wq.begin(), gd.wq.end());
  } else {
    gd.planes = std::make_unique<fixed::CellPlanes>(slice, g.rows, g.cols,
                                                    gd.wq.data());
  }
  gd.dirty = false;
}

void DataPath::mvm(const DataOp &op) {
  const Instruction &inst = *op.inst;
  uint32_t groupId = inst.operand;
  const Group &g = prog.groups[groupId];
  GroupData &gd = groups[groupId];
  Memory &buf = buffers[op.tileSlot];
  unsigned rows = g.rows, cols = g.cols;
  const Pattern &in = prog.patterns[inst.patterns[0]];
  const Pattern &out = prog.patterns[inst.patterns[1]];
  int64_t inBase = op.bases[0], outBase = op.bases[1];
  // Ideal mode's MVMs come in flushes (flushMvms).
  assert(opts.mode != Mode::Ideal && "the planner holds back ideal MVMs");
  float *x = scratch(0, rows);
  uint8_t *xTags = scratchTags(0, rows);
  gather(buf, in, inBase, x, xTags);
  countUseful(xTags, rows, cols, inst.layer);
  float *y = scratch(1, cols);
  if (gd.dirty)
    prepareQuantized(g, gd);
  unsigned ib = hw.numerics.input_bits;
  double largest = maxAbs(x, rows);
  bool finite = std::isfinite(largest);
  for (unsigned r = 0; r < rows && finite; ++r)
    finite = !std::isnan(x[r]);
  if (!finite) {
    std::fill(y, y + cols, std::numeric_limits<float>::quiet_NaN());
  } else {
    double sx = fixed::symmetricScale(largest, ib);
    std::vector<int32_t> &xq = quantInput;
    xq.resize(rows);
    quantizeVector(x, rows, sx, ib, xq.data());
    std::vector<int64_t> &acc = quantAcc;
    acc.resize(cols);
    if (!gd.planes) {
      if (gd.exactInDouble) {
        std::vector<double> &dacc = quantDouble;
        dacc.assign(cols, 0.0);
        daxpyRows(rows, cols, xq.data(), gd.wqDouble.data(), dacc.data());
        for (unsigned c = 0; c < cols; ++c)
          acc[c] = int64_t(dacc[c]); // exact: an integer below 2^53
      } else {
        fixed::integerMvm(rows, cols, xq.data(), gd.wq.data(), acc.data());
      }
    } else {
      gd.planes->mvm(xq.data(), acc.data());
    }
    for (unsigned c = 0; c < cols; ++c)
      y[c] = float(double(acc[c]) * (sx * gd.scale[c]));
  }
  if (inst.accumulate) {
    float *old = scratch(2, cols);
    gather(buf, out, outBase, old, nullptr);
    for (unsigned c = 0; c < cols; ++c)
      y[c] = old[c] + y[c];
  }
  scatter(buf, out, outBase, y, nullptr, kOriginal);
}

void DataPath::flushMvms() {
  uint32_t groupId = flushGroups.front().first;
  const Group &g = prog.groups[groupId];
  GroupData &gd = groups[groupId];
  unsigned rows = g.rows, cols = g.cols;
  unsigned count = 0;
  for (auto [m, batch] : flushGroups) {
    assert(groups[m].weights == gd.weights &&
           "a flush of held-back MVMs with the same weights");
    count += (*batches)[batch].count;
  }
  // The inputs (no instruction has written them since the MVMs were
  // scheduled: MvmPlanner) and the useful MACs: those of Original inputs.
  if (!flushSmallCols(count)) {
    if (flushX.size() < size_t(count) * rows)
      flushX.resize(size_t(count) * rows);
    float *x = flushX.data();
    for (auto [m, batch] : flushGroups) {
      const MvmBatch &b = (*batches)[batch];
      const Memory &buf = buffers[groups[m].tileSlot];
      for (unsigned k = 0; k < b.count; ++k, x += rows) {
        const MvmBatch::Entry &en = b.entries[k];
        uint64_t useful = cols * gatherByOffsets(buf, en.input, en.inBase, x);
        macsUseful += useful;
        if (en.layer >= 0)
          layerMacsUseful[en.layer] += useful;
      }
    }
    // Scratch of its own, apart from the instructions' (values,
    // tagScratch).
    flushY.assign(size_t(count) * cols, 0.0f);
    saxpyRowsBatch(count, rows, cols, gd.weightsStride, flushX.data(),
                   gd.weights, flushY.data());
  }
  float *y = flushY.data();
  for (auto [m, batch] : flushGroups) {
    const MvmBatch &b = (*batches)[batch];
    Memory &buf = buffers[groups[m].tileSlot];
    for (unsigned k = 0; k < b.count; ++k, y += cols) {
      const MvmBatch::Entry &en = b.entries[k];
      const Pattern &out = prog.patterns[en.output];
      if (en.accumulate) {
        flushOld.resize(cols);
        float *old = flushOld.data();
        gather(buf, out, en.outBase, old, nullptr);
        for (unsigned c = 0; c < cols; ++c)
          y[c] = old[c] + y[c];
      }
      scatter(buf, out, en.outBase, y, nullptr, kOriginal);
    }
  }
}

/// The vector unit's result for one element.
static inline float aluElement(AluOp op, float a, float b, float c, float imm) {
  switch (op) {
  case AluOp::Copy:
    return a;
  case AluOp::Add:
    return a + b;
  case AluOp::Sub:
    return a - b;
  case AluOp::Mul:
    return a * b;
  case AluOp::Max:
    return std::max(a, b);
  case AluOp::Min:
    return std::min(a, b);
  case AluOp::ScaleShift:
    return a * b + c;
  case AluOp::AddImm:
    return a + imm;
  case AluOp::MulImm:
    return a * imm;
  case AluOp::Relu:
    return a > 0 ? a : 0.0f;
  case AluOp::LeakyRelu:
    return a < 0 ? imm * a : a;
  case AluOp::Tanh:
    return std::tanh(a);
  case AluOp::Sigmoid:
    return 1.0f / (1.0f + std::exp(-a));
  case AluOp::ReluGrad:
    return b > 0 ? a : 0.0f;
  case AluOp::LeakyReluGrad:
    return b > 0 ? a : imm * a;
  case AluOp::TanhGrad:
    return a * (1.0f - b * b);
  case AluOp::SigmoidGrad:
    return a * b * (1.0f - b);
  case AluOp::LossDiff:
    return 1.0f / (1.0f + std::exp(-a)) - b;
  case AluOp::Rsqrt:
    return 1.0f / std::sqrt(a + imm);
  case AluOp::ReduceSum:
    return a;
  }
  return a;
}

/// out[i] = aluElement(Op, a[i], b[i], c[i], imm) for i < n, with the op
/// known at compile time (so the loop has no switch and may vectorize; the
/// same operations per element, and no FMA contraction: this is not a
/// target_clones function).
template <AluOp Op>
static void aluLoopOf(uint64_t n, const float *a, const float *b,
                      const float *c, float imm, float *out) {
  for (uint64_t i = 0; i < n; ++i)
    out[i] = aluElement(Op, a[i], b[i], c[i], imm);
}

static void aluLoop(AluOp op, uint64_t n, const float *a, const float *b,
                    const float *c, float imm, float *out) {
  switch (op) {
#define ZARA_ALU_CASE(NAME)                                                    \
  case AluOp::NAME:                                                            \
    return aluLoopOf<AluOp::NAME>(n, a, b, c, imm, out);
    ZARA_ALU_CASE(Copy)
    ZARA_ALU_CASE(Add)
    ZARA_ALU_CASE(Sub)
    ZARA_ALU_CASE(Mul)
    ZARA_ALU_CASE(Max)
    ZARA_ALU_CASE(Min)
    ZARA_ALU_CASE(ScaleShift)
    ZARA_ALU_CASE(AddImm)
    ZARA_ALU_CASE(MulImm)
    ZARA_ALU_CASE(Relu)
    ZARA_ALU_CASE(LeakyRelu)
    ZARA_ALU_CASE(Tanh)
    ZARA_ALU_CASE(Sigmoid)
    ZARA_ALU_CASE(ReluGrad)
    ZARA_ALU_CASE(LeakyReluGrad)
    ZARA_ALU_CASE(TanhGrad)
    ZARA_ALU_CASE(SigmoidGrad)
    ZARA_ALU_CASE(LossDiff)
    ZARA_ALU_CASE(ReduceSum)
    ZARA_ALU_CASE(Rsqrt)
#undef ZARA_ALU_CASE
  }
}

void DataPath::alu(const DataOp &op) {
  const Instruction &inst = *op.inst;
  Memory &buf = buffers[op.tileSlot];
  const Pattern &dst = prog.patterns[inst.patterns[0]];
  unsigned k = getAluOperandCount(inst.aluOp);
  uint64_t n = prog.patterns[inst.patterns[1]].size; // elements per source
  int64_t dstBase = op.bases[0];
  float *src[3] = {nullptr, nullptr, nullptr};
  uint8_t *tags[3] = {nullptr, nullptr, nullptr};
  for (unsigned i = 0; i < k; ++i) {
    src[i] = scratch(i, n);
    tags[i] = scratchTags(i, n);
    gather(buf, prog.patterns[inst.patterns[i + 1]], op.bases[i + 1], src[i],
           tags[i]);
  }
  float *out = scratch(3, n);
  uint8_t *outTags = scratchTags(3, n);
  if (inst.aluOp == AluOp::ReduceSum) {
    float sum = 0;
    uint8_t tag = kZero;
    for (uint64_t i = 0; i < n; ++i) {
      sum += src[0][i];
      tag &= tags[0][i];
    }
    out[0] = sum;
    outTags[0] = tag;
  } else {
    // Absent operands read as zeros, as aluElement's callers always gave.
    for (unsigned i = k; i < 3; ++i) {
      if (aluZeros.size() < n)
        aluZeros.assign(n, 0.0f);
      src[i] = aluZeros.data();
    }
    aluLoop(inst.aluOp, n, src[0], src[1], src[2], inst.imm, out);
    // Original if any operand is (Original = 0, Zero = 1).
    std::copy_n(tags[0], n, outTags);
    for (unsigned i = 1; i < k; ++i)
      for (uint64_t j = 0; j < n; ++j)
        outTags[j] &= tags[i][j];
  }
  scatter(buf, dst, dstBase, out, outTags, 0);
}

void DataPath::move(const DataOp &op) {
  const Instruction &inst = *op.inst;
  const Pattern &src = prog.patterns[inst.patterns[0]];
  const Pattern &dst = prog.patterns[inst.patterns[1]];
  uint64_t n = src.size;
  float *v = scratch(0, n + kRunChunk);
  uint8_t *tags = scratchTags(0, n + kRunChunk);
  gatherRuns(memoryOf(op.tileSlot, inst.srcMem), src, op.bases[0], v, tags);
  scatter(memoryOf(op.tileSlot, inst.dstMem), dst, op.bases[1], v, tags, 0);
}

void DataPath::fill(const DataOp &op) {
  const Instruction &inst = *op.inst;
  const Pattern &dst = prog.patterns[inst.patterns[0]];
  uint64_t n = dst.size;
  float *v = scratch(0, n);
  std::fill(v, v + n, inst.imm);
  scatter(memoryOf(op.tileSlot, inst.dstMem), dst, op.bases[0], v, nullptr,
          static_cast<uint8_t>(inst.tag));
}

void DataPath::send(const DataOp &op) {
  const Instruction &inst = *op.inst;
  const Pattern &src = prog.patterns[inst.patterns[0]];
  uint64_t n = src.size;
  MessageData m;
  m.data.resize(n);
  m.tags.resize(n);
  gather(buffers[op.tileSlot], src, op.bases[0], m.data.data(), m.tags.data());
  messages.push(
      channelKey(prog.usedTiles[op.tileSlot], inst.operand, inst.channel),
      std::move(m));
}

void DataPath::recv(const DataOp &op) {
  const Instruction &inst = *op.inst;
  // The scheduler has matched it with a send it submitted earlier, whose
  // size is the destination's.
  MessageData m = messages.pop(
      channelKey(inst.operand, prog.usedTiles[op.tileSlot], inst.channel));
  const Pattern &dst = prog.patterns[inst.patterns[0]];
  scatter(buffers[op.tileSlot], dst, op.bases[0], m.data.data(), m.tags.data(),
          0);
}

//===----------------------------------------------------------------------===//
// The scheduler
//===----------------------------------------------------------------------===//

Error Simulator::Impl::step(uint32_t c, bool &advanced) {
  CoreState &cs = cores[c];
  const Core &core = prog.cores[c];
  advanced = true;
  if (cs.pc >= core.instructions.size()) {
    cs.status = Status::Halted;
    return Error::success();
  }
  const Instruction &inst = core.instructions[cs.pc];
  uint64_t issued = cs.time;
  Energy e;
  switch (inst.kind) {
  case OpKind::Loop:
    cs.loopPc[cs.depth] = cs.pc;
    cs.index[cs.depth] = 0;
    cs.count[cs.depth] = inst.operand;
    ++cs.depth;
    break;
  case OpKind::EndLoop: {
    uint32_t d = cs.depth - 1;
    if (++cs.index[d] < cs.count[d]) {
      cs.pc = cs.loopPc[d] + 1;
      ++stats.instructions;
      return Error::success();
    }
    --cs.depth;
    break;
  }
  case OpKind::Halt:
    ++stats.instructions;
    cs.status = Status::Halted;
    return Error::success();
  case OpKind::ProgramXbar:
    if (Error err = execProgramXbar(cs, inst, e))
      return makeError(where(c) + ": " + toString(std::move(err)));
    break;
  case OpKind::Mvm:
    if (Error err = execMvm(cs, inst, e))
      return makeError(where(c) + ": " + toString(std::move(err)));
    break;
  case OpKind::Alu:
    execAlu(cs, inst, e);
    break;
  case OpKind::Move:
    execMove(cs, inst, e);
    break;
  case OpKind::Fill:
    execFill(cs, inst, e);
    break;
  case OpKind::Send:
    if (Error err = execSend(cs, inst, e))
      return makeError(where(c) + ": " + toString(std::move(err)));
    break;
  case OpKind::Recv: {
    ChannelKey key =
        channelKey(inst.operand, prog.usedTiles[cs.tileSlot], inst.channel);
    if (messages.empty(key)) {
      cs.status = Status::WaitRecv;
      waiting.push(key, c);
      advanced = false;
      return Error::success();
    }
    MessageInfo m = messages.pop(key);
    inFlight -= m.size;
    const Pattern &dst = prog.patterns[inst.patterns[0]];
    if (m.size != dst.size)
      return makeError(formatv("{0}: the message from tile {1} on channel {2} "
                               "has {3} elements, the destination {4}",
                               where(c), inst.operand, inst.channel, m.size,
                               dst.size)
                           .str());
    submit(cs, inst, 1);
    cs.time = phase(std::max(cs.time, m.arrival), {tileBuffer[cs.tileSlot]},
                    bufferCycles(dst.size), OpKind::Recv, inst.layer);
    e.buffer += bufferEnergy(dst.size);
    break;
  }
  case OpKind::Barrier: {
    BarrierState &b = barriers[inst.operand];
    const BarrierDecl &decl = prog.barriers[inst.operand];
    ++stats.instructions;
    b.latest = std::max(b.latest, cs.time);
    if (++b.arrived < decl.participants.size()) {
      // Stays on the barrier until the last participant releases it.
      cs.status = Status::WaitBarrier;
      advanced = false;
      return Error::success();
    }
    uint64_t release = b.latest;
    b.arrived = 0;
    b.latest = 0;
    for (uint32_t p : decl.participants) {
      cores[p].time = release;
      ++cores[p].pc;
      if (p != c)
        wake(p);
    }
    return Error::success();
  }
  }
  ++stats.instructions;
  ++cs.pc;
  stats.energy += e;
  if (inst.layer >= 0) {
    LayerStats &l = layerStats[inst.layer];
    l.cycles += cs.time - issued;
    l.energyPj += e.total();
    layerUsed[inst.layer] = true;
  }
  if (opts.trace && cs.time > issued) {
    if (events.size() < opts.maxTraceEvents)
      events.push_back(
          {cs.issue, issued, cs.time - issued, uint8_t(inst.kind), inst.layer});
    else
      ++stats.droppedTraceEvents;
  }
  return Error::success();
}

Error Simulator::Impl::runCore(uint32_t c, uint64_t horizon, uint32_t next) {
  CoreState &cs = cores[c];
  while (cs.status == Status::Ready) {
    bool advanced;
    if (Error e = step(c, advanced))
      return e;
    // By now the next core's state has arrived; its instruction, at an
    // address that state holds, is the next miss to hide.
    if (next != UINT32_MAX) {
      const std::vector<Instruction> &code = prog.cores[next].instructions;
      uint32_t pc = cores[next].pc;
      if (pc < code.size())
        __builtin_prefetch(&code[pc]);
      next = UINT32_MAX;
    }
    if (opts.progress && stats.instructions >= nextProgress) {
      nextProgress = stats.instructions + 1024;
      opts.progress(prog.dynamicInstructions
                        ? double(stats.instructions) / prog.dynamicInstructions
                        : 1.0);
    }
    if (cs.status == Status::Ready && cs.time > horizon) {
      if (topIsRunning)
        heap.replaceTop({cs.time, c});
      else
        heap.push({cs.time, c});
      topIsRunning = false;
      return Error::success();
    }
  }
  if (topIsRunning)
    heap.pop();
  topIsRunning = false;
  return Error::success();
}

Error Simulator::Impl::schedule() {
  while (!heap.empty()) {
    uint32_t c = heap.top().second;
    if (cores[c].status != Status::Ready) {
      heap.pop();
      continue;
    }
    CoreHeap::Entry next = heap.second();
    // Most likely the core that runs next: ask for its state while this
    // one runs (thousands of cores take turns, so their state is out of
    // cache; the patterns, one per shape, stay in it).
    if (next.second != UINT32_MAX) {
      __builtin_prefetch(&cores[next.second]);
      __builtin_prefetch(&prog.cores[next.second]);
    }
    topIsRunning = true;
    if (Error e = runCore(c, next.first, next.second))
      return e;
  }
  return Error::success();
}

Error Simulator::Impl::run() {
  if (ran)
    return makeError("the simulator has already run");
  for (size_t i = 0; i < prog.inputs.size(); ++i)
    if (!inputGiven[i])
      return makeError("input '" + prog.inputs[i].name +
                       "' is not given (--input " + prog.inputs[i].name +
                       "=FILE)");
  // DataOp holds addresses in 32 bits.
  if (prog.dramSize > uint64_t(INT32_MAX) ||
      hw.elementsIn(hw.buffer.bytes) > uint64_t(INT32_MAX))
    return makeError("the simulator addresses at most 2^31 - 1 elements of "
                     "a memory");
  ran = true;
  // The data path sets up its memories (on its own thread, while the
  // scheduler sets up its state).
  std::vector<int64_t> sameWeightsAs = preloadSharing();
  auto setUpData = [this, &sameWeightsAs] {
    data.setUp(inputData, sameWeightsAs);
  };
  if (opts.threads > 1)
    dataThread = std::make_unique<DataThread>(data, setUpData);
  else
    setUpData();
  setUp(sameWeightsAs);
  Error err = schedule();
  // Every op submitted is applied, also after an error (the outputs are
  // then those of the instructions that ran).
  planner.finish(emitFlush);
  if (dataThread) {
    dataThread->finish();
    dataThread.reset();
  }
  stats.macsUseful += data.macsUseful;
  for (size_t i = 0; i < layerStats.size(); ++i)
    layerStats[i].macsUseful += data.layerMacsUseful[i];
  if (err)
    return err;
  std::string blocked;
  for (uint32_t c = 0; c < cores.size(); ++c) {
    const CoreState &cs = cores[c];
    if (cs.status == Status::Halted)
      continue;
    const Instruction &inst = prog.cores[c].instructions[cs.pc];
    blocked +=
        "; " + where(c) + " waits " +
        (cs.status == Status::WaitRecv
             ? formatv("for a message from tile {0} on channel {1}",
                       inst.operand, inst.channel)
                   .str()
             : formatv("at barrier {0}", prog.barriers[inst.operand].id).str());
  }
  if (!blocked.empty())
    return makeError("deadlock: no core can proceed" + blocked);

  uint64_t end = 0;
  for (const CoreState &cs : cores)
    end = std::max(end, cs.time);
  for (const Resource &r : resources)
    end = std::max(end, r.freeAt);
  stats.cycles = end;
  stats.timeNs = double(end) / hw.timing.clock_ghz;
  for (size_t i = 0; i < layerStats.size(); ++i)
    if (layerUsed[i])
      stats.layers.push_back(layerStats[i]);
  if (opts.progress)
    opts.progress(1.0);
  return Error::success();
}

Error Simulator::Impl::setInput(StringRef name, ArrayRef<int64_t> shape,
                                ArrayRef<float> data) {
  auto shapeText = [](ArrayRef<int64_t> s) {
    std::string t = "[";
    for (size_t i = 0; i < s.size(); ++i)
      t += (i ? ", " : "") + std::to_string(s[i]);
    return t + "]";
  };
  for (size_t i = 0; i < prog.inputs.size(); ++i) {
    const Binding &b = prog.inputs[i];
    if (b.name != name)
      continue;
    if (ArrayRef<int64_t>(b.shape) != shape)
      return makeError("input '" + name + "' has shape " + shapeText(shape) +
                       ", the program expects " + shapeText(b.shape));
    if (data.size() != b.size)
      return makeError("input '" + name + "' has " + Twine(data.size()) +
                       " elements, the program expects " + Twine(b.size));
    inputData[i].assign(data.begin(), data.end());
    inputGiven[i] = true;
    return Error::success();
  }
  std::string names;
  for (const Binding &b : prog.inputs)
    names += (names.empty() ? "'" : ", '") + b.name + "'";
  return makeError("the program has no input named '" + name + "'" +
                   (names.empty() ? std::string(" (it has no inputs)")
                                  : " (its inputs: " + names + ")"));
}

//===----------------------------------------------------------------------===//
// Reports
//===----------------------------------------------------------------------===//

/// A JSON number for a double: the shortest form that reads back to the
/// same value, always with a fraction or exponent (`time_ns` and energies
/// are floats even when whole).
static std::string jsonDouble(double value) {
  if (!std::isfinite(value))
    return "null";
  char text[64];
  if (value == std::floor(value) && std::fabs(value) < 1e15)
    std::snprintf(text, sizeof(text), "%.0f", value);
  else
    for (int precision = 1; precision <= 17; ++precision) {
      std::snprintf(text, sizeof(text), "%.*g", precision, value);
      if (std::strtod(text, nullptr) == value)
        break;
    }
  std::string out = text;
  if (out.find_first_of(".e") == std::string::npos)
    out += ".0";
  return out;
}

/// A JSON string literal.
static std::string jsonString(StringRef text) {
  std::string out;
  raw_string_ostream os(out);
  json::OStream(os).value(json::fixUTF8(text));
  return out;
}

void Simulator::Impl::writeStats(raw_ostream &os) const {
  // Written by hand for a stable, readable layout: integers as integers,
  // floats in their shortest exact form.
  const Energy &e = stats.energy;
  os << "{\n  \"cycles\": " << stats.cycles
     << ",\n  \"time_ns\": " << jsonDouble(stats.timeNs)
     << ",\n  \"energy_pj\": {\n    \"total\": " << jsonDouble(e.total())
     << ",\n    \"crossbar\": " << jsonDouble(e.crossbar)
     << ",\n    \"adc\": " << jsonDouble(e.adc)
     << ",\n    \"dac\": " << jsonDouble(e.dac)
     << ",\n    \"digital\": " << jsonDouble(e.digital)
     << ",\n    \"buffer\": " << jsonDouble(e.buffer)
     << ",\n    \"noc\": " << jsonDouble(e.noc)
     << ",\n    \"write\": " << jsonDouble(e.write)
     << "\n  },\n  \"counts\": {\n    \"instructions\": " << stats.instructions
     << ",\n    \"crossbar_activations\": " << stats.crossbarActivations
     << ",\n    \"adc_conversions\": " << stats.adcConversions
     << ",\n    \"macs_issued\": " << stats.macsIssued
     << ",\n    \"macs_useful\": " << stats.macsUseful
     << ",\n    \"cell_writes\": " << stats.cellWrites
     << "\n  },\n  \"layers\": [";
  for (size_t i = 0; i < stats.layers.size(); ++i) {
    const LayerStats &l = stats.layers[i];
    os << (i ? "," : "") << "\n    {\"name\": " << jsonString(l.name)
       << ", \"cycles\": " << l.cycles
       << ", \"energy_pj\": " << jsonDouble(l.energyPj)
       << ", \"crossbar_activations\": " << l.crossbarActivations
       << ", \"macs_issued\": " << l.macsIssued
       << ", \"macs_useful\": " << l.macsUseful << "}";
  }
  os << (stats.layers.empty() ? "]\n}\n" : "\n  ]\n}\n");
}

void Simulator::Impl::writeTrace(raw_ostream &os) const {
  // Chrome trace-event format: "X" (complete) events in microseconds, one
  // thread per resource, one process per tile (process 0: the chip).
  double usPerCycle = 1.0 / (hw.timing.clock_ghz * 1000.0);
  json::OStream j(os);
  j.object([&] {
    j.attribute("displayTimeUnit", "ns");
    j.attributeObject("otherData", [&] {
      j.attribute("producer", "zara-sim");
      j.attribute("dropped_events", int64_t(stats.droppedTraceEvents));
    });
    j.attributeArray("traceEvents", [&] {
      std::set<uint32_t> pids;
      for (const ResourceInfo &r : resourceInfo)
        pids.insert(r.pid);
      for (uint32_t pid : pids)
        j.object([&] {
          j.attribute("name", "process_name");
          j.attribute("ph", "M");
          j.attribute("pid", int64_t(pid));
          j.attributeObject("args", [&] {
            j.attribute("name", pid == 0 ? std::string("chip")
                                         : formatv("tile {0}", pid - 1).str());
          });
        });
      for (uint32_t r = 0; r < resources.size(); ++r) {
        j.object([&] {
          j.attribute("name", "thread_name");
          j.attribute("ph", "M");
          j.attribute("pid", int64_t(resourceInfo[r].pid));
          j.attribute("tid", int64_t(r));
          j.attributeObject(
              "args", [&] { j.attribute("name", resourceInfo[r].name()); });
        });
        j.object([&] {
          j.attribute("name", "thread_sort_index");
          j.attribute("ph", "M");
          j.attribute("pid", int64_t(resourceInfo[r].pid));
          j.attribute("tid", int64_t(r));
          j.attributeObject("args",
                            [&] { j.attribute("sort_index", int64_t(r)); });
        });
      }
      for (const TraceEvent &ev : events)
        j.object([&] {
          j.attribute("name", getOpName(static_cast<OpKind>(ev.op)));
          j.attribute("ph", "X");
          j.attribute("ts", double(ev.start) * usPerCycle);
          j.attribute("dur", double(ev.duration) * usPerCycle);
          j.attribute("pid", int64_t(resourceInfo[ev.resource].pid));
          j.attribute("tid", int64_t(ev.resource));
          if (ev.layer >= 0)
            j.attributeObject("args", [&] {
              j.attribute("layer", prog.layerNames[ev.layer]);
            });
        });
    });
  });
  os << "\n";
}

//===----------------------------------------------------------------------===//
// Simulator
//===----------------------------------------------------------------------===//

Simulator::Simulator(const Program &program, SimOptions options)
    : impl(std::make_unique<Impl>(program, std::move(options))) {
  impl->inputData.resize(program.inputs.size());
  impl->inputGiven.assign(program.inputs.size(), false);
}

Simulator::~Simulator() = default;

Error Simulator::setInput(StringRef name, ArrayRef<int64_t> shape,
                          ArrayRef<float> data) {
  return impl->setInput(name, shape, data);
}

Error Simulator::run() { return impl->run(); }

std::vector<HostTensor> Simulator::getOutputs() const {
  std::vector<HostTensor> out;
  for (const Binding &b : impl->prog.outputs) {
    HostTensor t;
    t.shape = b.shape;
    if (impl->ran)
      t.data.assign(impl->data.dram.data + b.address,
                    impl->data.dram.data + b.address + b.size);
    else
      t.data.assign(b.size, 0.0f);
    out.push_back(std::move(t));
  }
  return out;
}

const Stats &Simulator::getStats() const { return impl->stats; }

void Simulator::writeStats(raw_ostream &os) const { impl->writeStats(os); }

void Simulator::writeTrace(raw_ostream &os) const { impl->writeTrace(os); }
