"""DCGAN-64 generator and discriminator, as in the PyTorch examples repository.

The layers follow ../shared/reference/gan-benchmarks.md (and
``pytorch/examples: dcgan/main.py``): nz=100, ngf=ndf=64, nc=3, no biases,
BatchNorm after every hidden layer, ReLU in the generator, LeakyReLU(0.2) in
the discriminator, Tanh and Sigmoid at the ends.

    generator      z: N x 100 x 1 x 1   ->  image: N x 3 x 64 x 64
    discriminator  image: N x 3 x 64 x 64  ->  score: N x 1 x 1 x 1

The weights are seeded, not trained. The BatchNorm running statistics and
affine parameters are drawn at random too (see ``randomize_batch_norm``), so
an importer that drops or mis-wires a BatchNormalization changes the output:
with PyTorch's defaults (mean 0, variance 1, scale 1, bias 0) BN would be
almost the identity and such a bug would go unnoticed.
"""

import torch
from torch import nn

NZ = 100  # size of the latent vector z
NGF = 64  # generator feature maps
NDF = 64  # discriminator feature maps
NC = 3  # image channels


class Generator(nn.Module):
    """z (N x nz x 1 x 1) -> image (N x nc x 64 x 64)."""

    def __init__(self, nz=NZ, ngf=NGF, nc=NC):
        super().__init__()
        self.main = nn.Sequential(
            # G1: 1x1 -> 4x4
            nn.ConvTranspose2d(nz, ngf * 8, 4, 1, 0, bias=False),
            nn.BatchNorm2d(ngf * 8),
            nn.ReLU(True),
            # G2: 4x4 -> 8x8
            nn.ConvTranspose2d(ngf * 8, ngf * 4, 4, 2, 1, bias=False),
            nn.BatchNorm2d(ngf * 4),
            nn.ReLU(True),
            # G3: 8x8 -> 16x16
            nn.ConvTranspose2d(ngf * 4, ngf * 2, 4, 2, 1, bias=False),
            nn.BatchNorm2d(ngf * 2),
            nn.ReLU(True),
            # G4: 16x16 -> 32x32
            nn.ConvTranspose2d(ngf * 2, ngf, 4, 2, 1, bias=False),
            nn.BatchNorm2d(ngf),
            nn.ReLU(True),
            # G5: 32x32 -> 64x64
            nn.ConvTranspose2d(ngf, nc, 4, 2, 1, bias=False),
            nn.Tanh(),
        )

    def forward(self, z):
        return self.main(z)


class Discriminator(nn.Module):
    """image (N x nc x 64 x 64) -> score (N x 1 x 1 x 1), a probability."""

    def __init__(self, nc=NC, ndf=NDF):
        super().__init__()
        self.main = nn.Sequential(
            # D1: 64x64 -> 32x32
            nn.Conv2d(nc, ndf, 4, 2, 1, bias=False),
            nn.LeakyReLU(0.2, inplace=True),
            # D2: 32x32 -> 16x16
            nn.Conv2d(ndf, ndf * 2, 4, 2, 1, bias=False),
            nn.BatchNorm2d(ndf * 2),
            nn.LeakyReLU(0.2, inplace=True),
            # D3: 16x16 -> 8x8
            nn.Conv2d(ndf * 2, ndf * 4, 4, 2, 1, bias=False),
            nn.BatchNorm2d(ndf * 4),
            nn.LeakyReLU(0.2, inplace=True),
            # D4: 8x8 -> 4x4
            nn.Conv2d(ndf * 4, ndf * 8, 4, 2, 1, bias=False),
            nn.BatchNorm2d(ndf * 8),
            nn.LeakyReLU(0.2, inplace=True),
            # D5: 4x4 -> 1x1
            nn.Conv2d(ndf * 8, 1, 4, 1, 0, bias=False),
            nn.Sigmoid(),
        )

    def forward(self, image):
        return self.main(image)


def randomize_batch_norm(model, generator):
    """Gives every BatchNorm non-trivial statistics and affine parameters.

    Scale in [0.5, 1.5], bias in [-0.1, 0.1], mean in [-0.1, 0.1], variance
    in [0.5, 1.5]: far enough from the identity to be visible in the output,
    close enough that activations stay in a sane range through five layers.
    """
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, (nn.BatchNorm2d, nn.BatchNorm3d)):
                c = m.num_features
                m.weight.copy_(0.5 + torch.rand(c, generator=generator))
                m.bias.copy_(0.2 * torch.rand(c, generator=generator) - 0.1)
                m.running_mean.copy_(
                    0.2 * torch.rand(c, generator=generator) - 0.1)
                m.running_var.copy_(0.5 + torch.rand(c, generator=generator))


def init_dcgan_weights(model, generator):
    """The DCGAN paper's initialisation (as in the PyTorch example).

    Convolution weights ~ N(0, 0.02), then BatchNorm randomised as above.
    Drawn from `generator`, so the result depends on the seed only.
    """
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d)):
                m.weight.copy_(
                    torch.randn(m.weight.shape, generator=generator) * 0.02)
    randomize_batch_norm(model, generator)


def make_generator(seed=0):
    """The seeded DCGAN-64 generator, in eval mode."""
    g = torch.Generator().manual_seed(seed)
    model = Generator()
    init_dcgan_weights(model, g)
    return model.eval()


def make_discriminator(seed=1):
    """The seeded DCGAN-64 discriminator, in eval mode."""
    g = torch.Generator().manual_seed(seed)
    model = Discriminator()
    init_dcgan_weights(model, g)
    return model.eval()
