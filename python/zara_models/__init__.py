"""zara's model zoo: GAN benchmarks built with Debian's python3-torch.

Every model here is generated, never downloaded or committed: weights come
from a fixed seed, so two runs write the same ONNX files. See
``python -m zara_models.export --help`` and docs/GettingStarted.md.
"""
