"""The DCGAN generator as in the paper (Radford et al. 2016), not the example.

The layers follow ../shared/reference/gan-benchmarks.md ("DCGAN as in the
paper") and the authors' TensorFlow code (``carpedm20/DCGAN-tensorflow``,
``model.py: generator``): z is projected by a fully connected layer (ONNX
Gemm, with bias), reshaped to 4 x 4 x 16w, batch-normalised, then four 5x5
transposed convolutions at stride 2 double the side each time:

    z: N x 100  -> Gemm -> Reshape N x 16w x 4 x 4 -> BN, ReLU
      -> ConvT k5 s2 -> N x 8w x 8 x 8   -> BN, ReLU
      -> ConvT k5 s2 -> N x 4w x 16 x 16 -> BN, ReLU
      -> ConvT k5 s2 -> N x 2w x 32 x 32 -> BN, ReLU
      -> ConvT k5 s2 -> N x 3 x 64 x 64  -> Tanh        ("image")

w is the width (64 in the paper: 1024-512-256-128 channels). TensorFlow's
``conv2d_transpose(..., padding="SAME")`` with k5 s2 keeps 2H of the full
2H+3 output, cropping 1 row at the top/left and 2 at the bottom/right.
PyTorch cannot crop asymmetrically; the usual port (used here) has
``padding=2, output_padding=1``, which keeps the same 2H output size and
the same taps but crops 2 at the top/left and 1 at the bottom/right: the
output grid is shifted by one pixel from TensorFlow's, which matters for
porting trained weights, not for the structure. The ONNX graph has pads
[2, 2, 2, 2] and output_padding [1, 1]. K = 5 with s = 2 gives the uneven
sub-kernels 3x3, 3x2, 2x3 and 2x2, the case K % s != 0 of the
deformation. The transposed convolutions have biases,
as in the TensorFlow code (``deconv2d`` adds one).

The weights are seeded, not trained; BN statistics are randomised as in
dcgan.py so a dropped BatchNormalization shows in the output.
"""

import torch
from torch import nn

from zara_models.dcgan import randomize_batch_norm

NZ = 100  # size of the latent vector z
WIDTH = 64  # the paper's gf_dim: last hidden layer has 2 * WIDTH channels
NC = 3  # image channels


def _tconv_k5s2(cin, cout):
    """5x5 stride-2 transposed convolution with TensorFlow "SAME" output."""
    return nn.ConvTranspose2d(cin, cout, 5, stride=2, padding=2,
                              output_padding=1)


class PaperGenerator(nn.Module):
    """z (N x nz) -> image (N x nc x 64 x 64)."""

    def __init__(self, nz=NZ, width=WIDTH, nc=NC):
        super().__init__()
        self.c0 = width * 16
        self.project = nn.Linear(nz, self.c0 * 4 * 4)
        self.bn0 = nn.BatchNorm2d(self.c0)
        self.main = nn.Sequential(
            nn.ReLU(True),
            # 4x4 -> 8x8
            _tconv_k5s2(self.c0, width * 8),
            nn.BatchNorm2d(width * 8),
            nn.ReLU(True),
            # 8x8 -> 16x16
            _tconv_k5s2(width * 8, width * 4),
            nn.BatchNorm2d(width * 4),
            nn.ReLU(True),
            # 16x16 -> 32x32
            _tconv_k5s2(width * 4, width * 2),
            nn.BatchNorm2d(width * 2),
            nn.ReLU(True),
            # 32x32 -> 64x64
            _tconv_k5s2(width * 2, nc),
            nn.Tanh(),
        )

    def forward(self, z):
        h = self.project(z).reshape(-1, self.c0, 4, 4)
        return self.main(self.bn0(h))


def make_paper_generator(seed=2, width=WIDTH):
    """The seeded paper DCGAN generator, in eval mode.

    Weights ~ N(0, 0.02) as in the paper, biases ~ U(-0.1, 0.1) so they are
    not zero, BN randomised.
    """
    g = torch.Generator().manual_seed(seed)
    model = PaperGenerator(width=width)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, (nn.Linear, nn.ConvTranspose2d)):
                m.weight.copy_(
                    torch.randn(m.weight.shape, generator=g) * 0.02)
                m.bias.copy_(0.2 * torch.rand(m.bias.shape, generator=g) - 0.1)
    randomize_batch_norm(model, g)
    return model.eval()
