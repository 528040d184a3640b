#!/usr/bin/env python3
"""Program size of the DCGAN-64 generator: what a .zara file holds besides
its weights, against batch size and image size.

    program_size.py --compile ZARA_COMPILE --tmp DIR [--max-kb 300]
                    [--batch-slack 1.1]

Builds python/zara_models' seeded DCGAN-64 generator with PyTorch and
exports it to ONNX three times: on the 1x1 latent grid it was made for
(64x64 images), and, since it is fully convolutional, on 5x5 and 13x13
grids (128x128 and 256x256 images, same weights). Compiles each with
`zara-compile` (default chip, `--emit=program`) for --deform=subconv and
--deform=zero-insert, the 64x64 one also at --batch 4, 16 and 64, and
reads each file's weight segment with the modules flatc generates from
Program.fbs (zara.program). The size without weights is the file's size
minus the segment's length. Checks, per deform mode:

  - the 64x64 program at batch 1 is at most --max-kb KB (1000 bytes)
    besides its weights ("a few hundred KB");
  - batch size: at batch 4, 16 and 64 it is at most --batch-slack times its
    size at batch 1 (the loops over images do not unroll; what may change
    is how many cores the mapper replicates onto, which the chip bounds);
  - image size: at 128x128 and 256x256 it grows at most linearly with the
    image's side over the 64x64 program's size.

Prints one line per program and exits 1 listing every violation.
Needs torch, onnx and PYTHONPATH=<src>/python:<build>/python.
"""

import argparse
import os
import subprocess
import sys

import torch

from zara.program.Program import Program
from zara_models import dcgan


def export(path, grid):
    """The DCGAN-64 generator on a grid x grid latent map, as ONNX."""
    model = dcgan.make_generator()
    z = torch.randn(1, dcgan.NZ, grid, grid,
                    generator=torch.Generator().manual_seed(0))
    torch.onnx.export(model, (z,), path, input_names=["z"],
                      output_names=["image"], opset_version=13,
                      training=torch.onnx.TrainingMode.PRESERVE,
                      do_constant_folding=False)


def non_weight_bytes(path):
    data = open(path, "rb").read()
    program = Program.GetRootAs(data, 0)
    return len(data) - program.WeightsLength(), program


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--compile", required=True)
    parser.add_argument("--tmp", required=True)
    parser.add_argument("--max-kb", type=float, default=300)
    parser.add_argument("--batch-slack", type=float, default=1.1)
    args = parser.parse_args()
    os.makedirs(args.tmp, exist_ok=True)

    sides = {1: 64, 5: 128, 13: 256}
    for grid in sides:
        export(os.path.join(args.tmp, f"g{grid}.onnx"), grid)

    failures = []
    for mode in ["subconv", "zero-insert"]:
        sizes = {}
        for grid, batch in [(1, 1), (1, 4), (1, 16), (1, 64), (5, 1), (13, 1)]:
            out = os.path.join(args.tmp, f"g{grid}.b{batch}.{mode}.zara")
            subprocess.run([args.compile, os.path.join(args.tmp, f"g{grid}.onnx"),
                            f"--deform={mode}", "--batch", str(batch), "-o", out],
                           check=True)
            size, program = non_weight_bytes(out)
            sizes[grid, batch] = size
            print(f"{mode} image {sides[grid]}x{sides[grid]} batch {batch}: "
                  f"{size} bytes besides {program.WeightsLength()} bytes of "
                  f"weights; {program.StreamCoresLength() + program.CoresLength()}"
                  f" cores, {program.StreamsLength()} shared streams")
        base = sizes[1, 1]
        if base > args.max_kb * 1000:
            failures.append(f"{mode}: {base} bytes besides the weights, over "
                            f"{args.max_kb} KB")
        for batch in [4, 16, 64]:
            ratio = sizes[1, batch] / base
            print(f"{mode} batch {batch} / batch 1: {ratio:.3f}")
            if ratio > args.batch_slack:
                failures.append(f"{mode}: batch {batch} is {ratio:.3f}x batch 1")
        for grid in [5, 13]:
            ratio = sizes[grid, 1] / base
            linear = sides[grid] / sides[1]
            print(f"{mode} image {sides[grid]} / image 64: {ratio:.3f} "
                  f"(side ratio {linear:g})")
            if ratio > linear:
                failures.append(f"{mode}: image {sides[grid]} is {ratio:.3f}x "
                                f"image 64, more than the side ratio {linear:g}")
    for failure in failures:
        print("FAIL:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
