"""The two PyTorch modules of ``twinnet.export.to_torch`` that torch has no
module for: a fitted estimator's input scaling and a two-class classifier's
``[1 - p, p]``. Each computes what twinnet computes, in the same operations.

one side: PyTorch modules (torch is Python's); R exports through Python
(docs/export.md). This module imports torch: only ``twinnet.export`` imports
it, inside its functions, so ``import twinnet`` never loads torch.
"""

import torch
from torch import nn


class Standardize(nn.Module):
    """``(x - center) / scale``, column by column: ``Scaler.transform`` of
    ``scale=True`` (twinnet.scale). ``center`` and ``scale`` are buffers
    (saved with the module, not trained)."""

    def __init__(self, center, scale):
        super().__init__()
        self.register_buffer("center", torch.as_tensor(center, dtype=torch.float64).clone())
        self.register_buffer("scale", torch.as_tensor(scale, dtype=torch.float64).clone())

    def forward(self, x):  # one side: torch's protocol
        return (x - self.center) / self.scale


class TwoClassProba(nn.Module):
    """A two-class classifier's probabilities from its one sigmoid unit ``p``:
    the columns ``[1 - p, p]``, as ``TwinnetClassifier.predict_proba``."""

    def forward(self, p):  # one side: torch's protocol
        return torch.cat([1.0 - p, p], dim=1)
