"""The seed tutorial's model and a dataset that reads the MNIST .gz files as torchvision's
`MNIST` with `transforms.ToTensor()` gives them (the same tensors per index), for the fixture
and evaluation scripts. The tutorial's program itself is Benchmarks/tutorial.py.
"""

import gzip
import os

import torch
import torch.nn as nn
from torch.utils.data import Dataset


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    rank = data[3]
    dims = [int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(rank)]
    return torch.frombuffer(bytearray(data[4 + 4 * rank :]), dtype=torch.uint8).reshape(dims)


class MNISTFiles(Dataset):
    """Per-sample access like torchvision.datasets.MNIST with transforms.ToTensor()."""

    def __init__(self, root, train):
        prefix = "train" if train else "t10k"
        self.images = read_idx(os.path.join(root, f"{prefix}-images-idx3-ubyte.gz"))
        self.labels = read_idx(os.path.join(root, f"{prefix}-labels-idx1-ubyte.gz")).long()

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, i):
        # ToTensor: uint8 HxW -> float 1xHxW / 255
        return self.images[i].unsqueeze(0).to(torch.float32).div(255), int(self.labels[i])


class FFNN(nn.Module):
    def __init__(self, input_dim, hidden_dim, output_dim):
        super(FFNN, self).__init__()
        self.fc1 = nn.Linear(input_dim, hidden_dim)
        self.relu = nn.ReLU()
        self.fc2 = nn.Linear(hidden_dim, output_dim)
        self._init_weight()

    def forward(self, images):
        return self.fc2(self.relu(self.fc1(images)))

    def _init_weight(self):
        for module in self.modules():
            if isinstance(module, nn.Linear):
                nn.init.kaiming_normal_(module.weight)
                nn.init.zeros_(module.bias)
