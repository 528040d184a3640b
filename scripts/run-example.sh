#!/usr/bin/env bash
#===- scripts/run-example.sh - zara's main job on the bundled DCGAN --------===#
#
# The README's main command:
#
#   bash scripts/run-example.sh
#
# Installs the Debian packages, builds zara, writes the bundled DCGAN-64
# generator and discriminator as ONNX files into ./out (python/zara_models,
# with Debian's torch; regenerated only when absent or when python/ changed)
# and imports both with zara-compile, printing the per-layer table (ONNX
# node, op, shapes, MACs). The imported IR is left in out/dcgan_{g,d}.mlir.
# Then compiles the generator to the deformed stage twice, zero-free
# (--deform=subconv) and as the zero-inserting baseline
# (--deform=zero-insert), and prints the two compile reports side by side
# (scripts/compare_reports.py): issued and useful MACs per layer.
# Finally compiles the generator to a program (.zara, the default
# --emit=program) in both modes, with their compile reports, runs each on
# zara-sim (ideal mode) with the exported input z (out/dcgan_g.input.npy),
# and prints the two runs side by side (scripts/compare_runs.py): per ONNX
# node the simulated cycles, energy, crossbar activations, useful and issued
# MACs of each mode and the baseline/zero-free ratios, then each output's
# largest relative error against PyTorch's (out/dcgan_g.output.npy).
#
# Files left in ZARA_OUT: dcgan_{g,d}.mlir (imported IR),
# dcgan_g.{subconv,zero-insert}.mlir and .json (deformed IR and its report),
# dcgan_g.{subconv,zero-insert}.zara (programs), .program.json (their
# compile reports), .stats.json (zara-sim statistics) and sim.{subconv,
# zero-insert}/image.npy (the simulated outputs).
#
# Environment: ZARA_BUILD_DIR (default ./build), ZARA_OUT (default ./out),
# ZARA_SKIP_INSTALL=1 to skip the package installation.
#
#===----------------------------------------------------------------------===#
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${ZARA_BUILD_DIR:-$ROOT/build}
OUT=${ZARA_OUT:-$ROOT/out}
export ZARA_BUILD_DIR=$BUILD_DIR

if [[ "${ZARA_SKIP_INSTALL:-0}" != 1 ]]; then
  bash "$ROOT/scripts/install-deps.sh"
fi
bash "$ROOT/scripts/build.sh" zara-compile zara-opt zara-sim

# (Re)generate the models when a file is missing or python/ is newer.
models=(dcgan_g dcgan_d)
regenerate=0
for m in "${models[@]}"; do
  if [[ ! -f "$OUT/$m.onnx" ]] ||
     [[ -n $(find "$ROOT/python/zara_models" -name '*.py' \
               -newer "$OUT/$m.onnx" -print -quit) ]]; then
    regenerate=1
  fi
done
if [[ $regenerate == 1 ]]; then
  echo "== generating the DCGAN-64 models into $OUT"
  PYTHONPATH="$ROOT/python" /usr/bin/python3 -m zara_models.export --out "$OUT" \
    --models "${models[@]}"
fi

for m in "${models[@]}"; do
  echo
  echo "== zara-compile $OUT/$m.onnx --emit=reram -o $OUT/$m.mlir --layer-table=-"
  "$BUILD_DIR/bin/zara-compile" "$OUT/$m.onnx" --emit=reram \
    -o "$OUT/$m.mlir" --layer-table=-
  # The written IR parses back.
  "$BUILD_DIR/bin/zara-opt" "$OUT/$m.mlir" -o /dev/null
done

echo
echo "== the DCGAN-64 generator, zero-free vs the zero-insert baseline"
for mode in subconv zero-insert; do
  echo "zara-compile $OUT/dcgan_g.onnx --emit=deformed --deform=$mode" \
       "-o $OUT/dcgan_g.$mode.mlir --report $OUT/dcgan_g.$mode.json"
  "$BUILD_DIR/bin/zara-compile" "$OUT/dcgan_g.onnx" --emit=deformed \
    --deform=$mode -o "$OUT/dcgan_g.$mode.mlir" \
    --report "$OUT/dcgan_g.$mode.json"
done
/usr/bin/python3 "$ROOT/scripts/compare_reports.py" \
  "$OUT/dcgan_g.subconv.json" "$OUT/dcgan_g.zero-insert.json"

echo
echo "== the DCGAN-64 generator simulated: zero-free vs the zero-insert baseline"
for mode in subconv zero-insert; do
  echo "zara-compile $OUT/dcgan_g.onnx --deform=$mode" \
       "-o $OUT/dcgan_g.$mode.zara --report $OUT/dcgan_g.$mode.program.json"
  "$BUILD_DIR/bin/zara-compile" "$OUT/dcgan_g.onnx" --deform=$mode \
    -o "$OUT/dcgan_g.$mode.zara" --report "$OUT/dcgan_g.$mode.program.json"
  echo "zara-sim $OUT/dcgan_g.$mode.zara --input z=$OUT/dcgan_g.input.npy" \
       "--output-dir $OUT/sim.$mode --stats $OUT/dcgan_g.$mode.stats.json"
  "$BUILD_DIR/bin/zara-sim" "$OUT/dcgan_g.$mode.zara" \
    --input z="$OUT/dcgan_g.input.npy" --output-dir "$OUT/sim.$mode" \
    --stats "$OUT/dcgan_g.$mode.stats.json"
done
echo
/usr/bin/python3 "$ROOT/scripts/compare_runs.py" \
  "$OUT/dcgan_g.subconv.program.json" "$OUT/dcgan_g.subconv.stats.json" \
  "$OUT/dcgan_g.zero-insert.program.json" "$OUT/dcgan_g.zero-insert.stats.json" \
  --reference "$OUT/dcgan_g.output.npy" \
  --output-a "$OUT/sim.subconv/image.npy" \
  --output-b "$OUT/sim.zero-insert/image.npy"

echo
echo "imported IR: $OUT/dcgan_g.mlir $OUT/dcgan_d.mlir"
echo "deformed IR: $OUT/dcgan_g.subconv.mlir $OUT/dcgan_g.zero-insert.mlir"
echo "programs:    $OUT/dcgan_g.subconv.zara $OUT/dcgan_g.zero-insert.zara"
echo "stats:       $OUT/dcgan_g.subconv.stats.json $OUT/dcgan_g.zero-insert.stats.json"
