"""A small 3D-GAN generator and discriminator (after Wu et al. 2016).

Wu et al.'s generator maps z(200) through five ConvTranspose3d layers
(k4 s2 p1, the first k4 s1 p0 from 1^3) to a 64^3 occupancy grid:
4^3 x 512 -> 8^3 x 256 -> 16^3 x 128 -> 32^3 x 64 -> 64^3 x 1, with BN +
ReLU after each hidden layer and a sigmoid at the end; the discriminator
mirrors it with strided Conv3d, BN and LeakyReLU(0.2), and a sigmoid
(see ../shared/reference/gan-benchmarks.md).

Reduced so that zara-interp (plain loops, double precision) runs it in
seconds: one stride-2 layer fewer, so the grid is 32^3 instead of 64^3, and
the channels are divided by 16 (width w = 8 instead of 64 * 2 = 128 at the
last hidden layer of the paper's 64^3 model):

    generator      z: N x 200 x 1 x 1 x 1
      -> ConvT3d k4 s1 p0 -> N x 4w x 4^3   -> BN, ReLU
      -> ConvT3d k4 s2 p1 -> N x 2w x 8^3   -> BN, ReLU
      -> ConvT3d k4 s2 p1 -> N x w  x 16^3  -> BN, ReLU
      -> ConvT3d k4 s2 p1 -> N x 1  x 32^3  -> Sigmoid      ("volume")

    discriminator  volume: N x 1 x 32^3
      -> Conv3d k4 s2 p1 -> N x w  x 16^3 -> LeakyReLU 0.2
      -> Conv3d k4 s2 p1 -> N x 2w x 8^3  -> BN, LeakyReLU 0.2
      -> Conv3d k4 s2 p1 -> N x 4w x 4^3  -> BN, LeakyReLU 0.2
      -> Conv3d k4 s1 p0 -> N x 1  x 1^3  -> Sigmoid      ("score")

Every stride-2 layer keeps the paper's k4 s2 p1, so each transposed
convolution still splits into 8 phases of 2x2x2 sub-kernels (7/8 of the
zero-insert MACs wasted). No biases, as in the paper's Torch code. The
weights are seeded, not trained: N(0, 0.1) rather than DCGAN's N(0, 0.02),
because with 16x fewer channels the smaller weights shrink the activations
until the sigmoid output is 0.5 +- 0.003; with 0.1 it spreads over
(0.007, 0.99). BN statistics are randomised as in dcgan.py.
"""

import torch
from torch import nn

from zara_models.dcgan import init_dcgan_weights

NZ = 200  # size of the latent vector z
WIDTH = 8  # channels of the last hidden generator layer (paper: 64)


class Generator3D(nn.Module):
    """z (N x nz x 1 x 1 x 1) -> volume (N x 1 x 32 x 32 x 32)."""

    def __init__(self, nz=NZ, width=WIDTH):
        super().__init__()
        w = width
        self.main = nn.Sequential(
            # 1^3 -> 4^3
            nn.ConvTranspose3d(nz, w * 4, 4, 1, 0, bias=False),
            nn.BatchNorm3d(w * 4),
            nn.ReLU(True),
            # 4^3 -> 8^3
            nn.ConvTranspose3d(w * 4, w * 2, 4, 2, 1, bias=False),
            nn.BatchNorm3d(w * 2),
            nn.ReLU(True),
            # 8^3 -> 16^3
            nn.ConvTranspose3d(w * 2, w, 4, 2, 1, bias=False),
            nn.BatchNorm3d(w),
            nn.ReLU(True),
            # 16^3 -> 32^3
            nn.ConvTranspose3d(w, 1, 4, 2, 1, bias=False),
            nn.Sigmoid(),
        )

    def forward(self, z):
        return self.main(z)


class Discriminator3D(nn.Module):
    """volume (N x 1 x 32 x 32 x 32) -> score (N x 1 x 1 x 1 x 1)."""

    def __init__(self, width=WIDTH):
        super().__init__()
        w = width
        self.main = nn.Sequential(
            # 32^3 -> 16^3
            nn.Conv3d(1, w, 4, 2, 1, bias=False),
            nn.LeakyReLU(0.2, inplace=True),
            # 16^3 -> 8^3
            nn.Conv3d(w, w * 2, 4, 2, 1, bias=False),
            nn.BatchNorm3d(w * 2),
            nn.LeakyReLU(0.2, inplace=True),
            # 8^3 -> 4^3
            nn.Conv3d(w * 2, w * 4, 4, 2, 1, bias=False),
            nn.BatchNorm3d(w * 4),
            nn.LeakyReLU(0.2, inplace=True),
            # 4^3 -> 1^3
            nn.Conv3d(w * 4, 1, 4, 1, 0, bias=False),
            nn.Sigmoid(),
        )

    def forward(self, volume):
        return self.main(volume)


WEIGHT_STD = 0.1  # see the module docstring


def _init(model, generator):
    """Weights ~ N(0, WEIGHT_STD) for Conv3d/ConvTranspose3d, BN randomised."""
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, (nn.Conv3d, nn.ConvTranspose3d)):
                m.weight.copy_(
                    torch.randn(m.weight.shape, generator=generator)
                    * WEIGHT_STD)
    init_dcgan_weights(model, generator)  # 2-D convs: none; randomises BN


def make_generator(seed=3, width=WIDTH):
    """The seeded small 3D-GAN generator, in eval mode."""
    g = torch.Generator().manual_seed(seed)
    model = Generator3D(width=width)
    _init(model, g)
    return model.eval()


def make_discriminator(seed=4, width=WIDTH):
    """The seeded small 3D-GAN discriminator, in eval mode."""
    g = torch.Generator().manual_seed(seed)
    model = Discriminator3D(width=width)
    _init(model, g)
    return model.eval()
