"""Writes zara's bundled models as ONNX files plus reference data.

    PYTHONPATH=python /usr/bin/python3 -m zara_models.export --out DIR

writes, for each model M in {dcgan_g, dcgan_d}:

    DIR/M.onnx         the model, batch 1, opset 13 (``--opset``)
    DIR/M.input.npy    a seeded float32 input (z for G, an image for D)
    DIR/M.output.npy   PyTorch's output for that input (eval mode)

Interface names (the ONNX graph's input and output names):

    dcgan_g   input "z"      1 x 100 x 1 x 1   output "image"  1 x 3 x 64 x 64
    dcgan_d   input "image"  1 x 3 x 64 x 64   output "score"  1 x 1 x 1 x 1

The files depend on the seeds only, so later numerical tests can compare
against the .npy files. Nothing here is downloaded.
"""

import argparse
import os
import sys

import numpy as np
import torch

from zara_models import dcgan

# name -> (constructor, input name, input shape, output name)
MODELS = {
    "dcgan_g": (dcgan.make_generator, "z", (1, dcgan.NZ, 1, 1), "image"),
    "dcgan_d": (dcgan.make_discriminator, "image", (1, dcgan.NC, 64, 64),
                "score"),
}

# Seeds of the reference inputs, distinct from the weight seeds.
INPUT_SEEDS = {"dcgan_g": 100, "dcgan_d": 101}


def reference_input(name, shape):
    """A seeded input: z ~ N(0, 1) for G, an image in [-1, 1] for D."""
    g = torch.Generator().manual_seed(INPUT_SEEDS[name])
    if name == "dcgan_g":
        return torch.randn(shape, generator=g)
    return torch.rand(shape, generator=g) * 2 - 1


def export_model(name, out_dir, opset):
    """Exports one model and its reference data; returns the .onnx path."""
    make, input_name, shape, output_name = MODELS[name]
    model = make()
    x = reference_input(name, shape)
    with torch.no_grad():
        y = model(x)
    path = os.path.join(out_dir, name + ".onnx")
    torch.onnx.export(
        model,
        (x,),
        path,
        input_names=[input_name],
        output_names=[output_name],
        opset_version=opset,
        # PRESERVE on an eval-mode model exports inference BatchNormalization
        # nodes; EVAL would fold the discriminator's BNs into its Conv
        # weights, and the importer should see the layers as written.
        training=torch.onnx.TrainingMode.PRESERVE,
        do_constant_folding=False,
    )
    np.save(os.path.join(out_dir, name + ".input.npy"),
            x.numpy().astype(np.float32))
    np.save(os.path.join(out_dir, name + ".output.npy"),
            y.numpy().astype(np.float32))
    return path


def check_model(path):
    """Runs ONNX's checker, so a broken export fails here, not in zara."""
    import onnx

    onnx.checker.check_model(onnx.load(path))


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m zara_models.export",
        description="Write zara's bundled GAN models as ONNX files.")
    parser.add_argument("--out", required=True, help="output directory")
    parser.add_argument("--opset", type=int, default=13,
                        help="ONNX opset to export (default 13)")
    parser.add_argument("--models", nargs="+", choices=sorted(MODELS),
                        default=sorted(MODELS, reverse=True),
                        help="models to write (default: all)")
    args = parser.parse_args(argv)

    os.makedirs(args.out, exist_ok=True)
    for name in args.models:
        path = export_model(name, args.out, args.opset)
        check_model(path)
        size = os.path.getsize(path)
        print(f"wrote {path} ({size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
