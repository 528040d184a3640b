"""Writes zara's bundled models as ONNX files plus reference data.

    PYTHONPATH=python /usr/bin/python3 -m zara_models.export --out DIR \
        [--models M ...]

writes, for each model M (default: all of them):

    DIR/M.onnx         the model, batch 1, opset 13 (``--opset``)
    DIR/M.input.npy    a seeded float32 input (models with one input)
    DIR/M.X.input.npy  the seeded float32 input named X (models with more)
    DIR/M.output.npy   PyTorch's output for that input (eval mode)

Interface names (the ONNX graph's input and output names):

    dcgan_g        input "z"      1 x 100 x 1 x 1   output "image"  1 x 3 x 64 x 64
    dcgan_d        input "image"  1 x 3 x 64 x 64   output "score"  1 x 1 x 1 x 1
    dcgan_paper_g  input "z"      1 x 100           output "image"  1 x 3 x 64 x 64
    gan3d_g        input "z"      1 x 200 x 1 x 1 x 1
                                                    output "volume" 1 x 1 x 32 x 32 x 32
    gan3d_d        input "volume" 1 x 1 x 32 x 32 x 32
                                                    output "score"  1 x 1 x 1 x 1 x 1
    cgan_g         inputs "z"     1 x 100 x 1 x 1
                   and "label"    1 x 10 x 1 x 1    output "image"  1 x 3 x 64 x 64
    discogan_g     input "image_a" 1 x 3 x 64 x 64  output "image_b" 1 x 3 x 64 x 64

README.md in this directory describes the models and how they were reduced.
The files depend on the seeds only, so later numerical tests can compare
against the .npy files. Nothing here is downloaded.
"""

import argparse
import os
import sys

import numpy as np
import torch

from zara_models import cgan, dcgan, dcgan_paper, discogan, gan3d

# name -> (constructor, [(input name, input shape)], output name)
MODELS = {
    "dcgan_g": (dcgan.make_generator, [("z", (1, dcgan.NZ, 1, 1))], "image"),
    "dcgan_d": (dcgan.make_discriminator, [("image", (1, dcgan.NC, 64, 64))],
                "score"),
    "dcgan_paper_g": (dcgan_paper.make_paper_generator,
                      [("z", (1, dcgan_paper.NZ))], "image"),
    "gan3d_g": (gan3d.make_generator, [("z", (1, gan3d.NZ, 1, 1, 1))],
                "volume"),
    "gan3d_d": (gan3d.make_discriminator, [("volume", (1, 1, 32, 32, 32))],
                "score"),
    "cgan_g": (cgan.make_generator,
               [("z", (1, cgan.NZ, 1, 1)), ("label", (1, cgan.NCLASSES, 1, 1))],
               "image"),
    "discogan_g": (discogan.make_generator,
                   [("image_a", (1, discogan.NC, 64, 64))], "image_b"),
}

# Seeds of the reference inputs, distinct from the weight seeds.
INPUT_SEEDS = {"dcgan_g": 100, "dcgan_d": 101, "dcgan_paper_g": 102,
               "gan3d_g": 103, "gan3d_d": 104, "cgan_g": 105,
               "discogan_g": 106}


def reference_inputs(name):
    """Seeded inputs, in graph order: z ~ N(0, 1); a one-hot label of a
    random class; an image in [-1, 1]; an occupancy volume in [0, 1]."""
    g = torch.Generator().manual_seed(INPUT_SEEDS[name])
    inputs = []
    for input_name, shape in MODELS[name][1]:
        if input_name == "z":
            x = torch.randn(shape, generator=g)
        elif input_name == "label":
            x = torch.zeros(shape)
            x[0, int(torch.randint(shape[1], (1,), generator=g))] = 1
        elif input_name == "volume":
            x = torch.rand(shape, generator=g)
        else:
            x = torch.rand(shape, generator=g) * 2 - 1
        inputs.append(x)
    return inputs


def export_model(name, out_dir, opset):
    """Exports one model and its reference data; returns the .onnx path."""
    make, inputs, output_name = MODELS[name]
    model = make()
    xs = reference_inputs(name)
    with torch.no_grad():
        y = model(*xs)
    path = os.path.join(out_dir, name + ".onnx")
    torch.onnx.export(
        model,
        tuple(xs),
        path,
        input_names=[input_name for input_name, _ in inputs],
        output_names=[output_name],
        opset_version=opset,
        # PRESERVE on an eval-mode model exports inference BatchNormalization
        # nodes; EVAL would fold the discriminator's BNs into its Conv
        # weights, and the importer should see the layers as written.
        training=torch.onnx.TrainingMode.PRESERVE,
        do_constant_folding=False,
    )
    for (input_name, _), x in zip(inputs, xs):
        stem = name if len(inputs) == 1 else f"{name}.{input_name}"
        np.save(os.path.join(out_dir, stem + ".input.npy"),
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
                        default=list(MODELS),
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
