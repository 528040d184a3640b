"""A conditional DCGAN generator: z and a one-hot label joined by Concat.

The convolutional cGAN variants of ../shared/reference/gan-benchmarks.md
concatenate the condition with z before the first layer. Here the label is
a one-hot vector of 10 classes (MNIST/CIFAR-10 style) given as a 1x1
spatial tensor, so torch.cat along the channels exports one ONNX Concat
with two graph inputs; the rest is the DCGAN-64 generator of dcgan.py with
the width reduced from 64 to w (default 32, a quarter of the MACs):

    z: N x 100 x 1 x 1, label: N x 10 x 1 x 1
      -> Concat (axis 1) -> N x 110 x 1 x 1
      -> ConvT k4 s1 p0 -> N x 8w x 4 x 4   -> BN, ReLU
      -> ConvT k4 s2 p1 -> N x 4w x 8 x 8   -> BN, ReLU
      -> ConvT k4 s2 p1 -> N x 2w x 16 x 16 -> BN, ReLU
      -> ConvT k4 s2 p1 -> N x w  x 32 x 32 -> BN, ReLU
      -> ConvT k4 s2 p1 -> N x 3  x 64 x 64 -> Tanh      ("image")

The weights are seeded, not trained; BN statistics are randomised as in
dcgan.py.
"""

import torch
from torch import nn

from zara_models.dcgan import Generator, init_dcgan_weights

NZ = 100  # size of the latent vector z
NCLASSES = 10  # size of the one-hot label
WIDTH = 32  # ngf (64 in DCGAN-64)


class ConditionalGenerator(nn.Module):
    """(z, label) -> image (N x 3 x 64 x 64)."""

    def __init__(self, nz=NZ, nclasses=NCLASSES, width=WIDTH):
        super().__init__()
        self.net = Generator(nz=nz + nclasses, ngf=width)

    def forward(self, z, label):
        return self.net(torch.cat([z, label], dim=1))


def make_generator(seed=5, width=WIDTH):
    """The seeded conditional generator, in eval mode."""
    g = torch.Generator().manual_seed(seed)
    model = ConditionalGenerator(width=width)
    init_dcgan_weights(model, g)
    return model.eval()
