"""Loads the BatchNorm CNN state that Anneal trained and saved into PyTorch with
`load_state_dict(strict=True)` and compares its eval-mode outputs with Anneal's.

Usage: /tmp/torch/bin/python Scripts/check_batchnorm_cnn.py FILE.safetensors
FILE is what `BatchNormCNNParityTests` writes when ANNEAL_KEEP_STATE_DICT=FILE is set:
    ANNEAL_KEEP_STATE_DICT=/tmp/bn_cnn.safetensors swift test -c release --filter BatchNormCNNParityTests
The file's metadata holds Anneal's outputs for the fixture's inputs; exits non-zero if PyTorch
refuses the file, a dtype differs from PyTorch's own, or an output differs by more than 1e-5.
"""

import json
import os
import sys

import torch
from safetensors import safe_open
from safetensors.torch import load_file

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_fixtures import ROOT, batchnorm_cnn_net  # noqa: E402

path = sys.argv[1]
with safe_open(path, "pt") as f:
    expected = torch.tensor(json.loads(f.metadata()["eval_outputs"]))
net = batchnorm_cnn_net()
reference = net.state_dict()
net.load_state_dict(load_file(path), strict=True)
for key, value in net.state_dict().items():
    assert value.dtype == reference[key].dtype, (key, value.dtype, reference[key].dtype)
with open(os.path.join(ROOT, "Tests", "AnnealParityTests", "Fixtures", "batchnorm_cnn.json")) as f:
    inputs = torch.tensor(json.load(f)["inputs"]).reshape(4, 1, 28, 28)
net.eval()
with torch.no_grad():
    outputs = net(inputs).flatten()
difference = (outputs - expected).abs().max().item()
print(f"load_state_dict(strict=True): OK; num_batches_tracked {net[1].num_batches_tracked.item()}; "
      f"largest eval-output difference {difference:.2e}")
sys.exit(0 if difference <= 1e-5 else 1)
