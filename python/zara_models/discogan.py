"""A DiscoGAN-style encoder-decoder generator (Kim et al. 2017).

As in the authors' PyTorch code (``SKTBrain/DiscoGAN``, ``model.py:
Generator``) and ../shared/reference/gan-benchmarks.md: a 4-layer conv
encoder (k4 s2 p1; 64-128-256-512 channels; BN on all but the first;
LeakyReLU 0.2) and a 4-layer transposed-conv decoder back to a 64x64x3
image (k4 s2 p1; BN + ReLU; Tanh at the end), no biases. The channels are
w-2w-4w-8w with the width reduced from 64 to w (default 32):

    image_a: N x 3 x 64 x 64
      -> Conv k4 s2 p1  -> N x w  x 32 x 32 -> LeakyReLU 0.2
      -> Conv k4 s2 p1  -> N x 2w x 16 x 16 -> BN, LeakyReLU 0.2
      -> Conv k4 s2 p1  -> N x 4w x 8 x 8   -> BN, LeakyReLU 0.2
      -> Conv k4 s2 p1  -> N x 8w x 4 x 4   -> BN, LeakyReLU 0.2
      -> ConvT k4 s2 p1 -> N x 4w x 8 x 8   -> BN, ReLU
      -> ConvT k4 s2 p1 -> N x 2w x 16 x 16 -> BN, ReLU
      -> ConvT k4 s2 p1 -> N x w  x 32 x 32 -> BN, ReLU
      -> ConvT k4 s2 p1 -> N x 3  x 64 x 64 -> Tanh      ("image_b")

The weights are seeded, not trained; BN statistics are randomised as in
dcgan.py.
"""

import torch
from torch import nn

from zara_models.dcgan import init_dcgan_weights

NC = 3  # image channels
WIDTH = 32  # channels of the first encoder layer (64 in DiscoGAN)


class EncoderDecoderGenerator(nn.Module):
    """image_a (N x 3 x 64 x 64) -> image_b (N x 3 x 64 x 64)."""

    def __init__(self, nc=NC, width=WIDTH):
        super().__init__()
        w = width
        self.main = nn.Sequential(
            # Encoder: 64x64 -> 32x32 -> 16x16 -> 8x8 -> 4x4
            nn.Conv2d(nc, w, 4, 2, 1, bias=False),
            nn.LeakyReLU(0.2, inplace=True),
            nn.Conv2d(w, w * 2, 4, 2, 1, bias=False),
            nn.BatchNorm2d(w * 2),
            nn.LeakyReLU(0.2, inplace=True),
            nn.Conv2d(w * 2, w * 4, 4, 2, 1, bias=False),
            nn.BatchNorm2d(w * 4),
            nn.LeakyReLU(0.2, inplace=True),
            nn.Conv2d(w * 4, w * 8, 4, 2, 1, bias=False),
            nn.BatchNorm2d(w * 8),
            nn.LeakyReLU(0.2, inplace=True),
            # Decoder: 4x4 -> 8x8 -> 16x16 -> 32x32 -> 64x64
            nn.ConvTranspose2d(w * 8, w * 4, 4, 2, 1, bias=False),
            nn.BatchNorm2d(w * 4),
            nn.ReLU(True),
            nn.ConvTranspose2d(w * 4, w * 2, 4, 2, 1, bias=False),
            nn.BatchNorm2d(w * 2),
            nn.ReLU(True),
            nn.ConvTranspose2d(w * 2, w, 4, 2, 1, bias=False),
            nn.BatchNorm2d(w),
            nn.ReLU(True),
            nn.ConvTranspose2d(w, nc, 4, 2, 1, bias=False),
            nn.Tanh(),
        )

    def forward(self, image_a):
        return self.main(image_a)


def make_generator(seed=6, width=WIDTH):
    """The seeded encoder-decoder generator, in eval mode."""
    g = torch.Generator().manual_seed(seed)
    model = EncoderDecoderGenerator(width=width)
    init_dcgan_weights(model, g)
    return model.eval()
