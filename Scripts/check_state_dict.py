"""Loads a state dict that Anneal saved into PyTorch with `load_state_dict(strict=True)`.

Usage: /tmp/torch/bin/python Scripts/check_state_dict.py FILE.safetensors
FILE is what `ModuleBufferTests` writes when ANNEAL_KEEP_STATE_DICT=FILE is set:
    ANNEAL_KEEP_STATE_DICT=/tmp/buffer_net.safetensors swift test -c release --filter ModuleBufferTests
Prints each entry's dtype and values, and exits non-zero if PyTorch refuses the file or a
dtype differs from PyTorch's own state dict.
"""

import os
import sys

import torch
from safetensors.torch import load_file

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_fixtures import BufferNet  # noqa: E402

state = load_file(sys.argv[1])
net = BufferNet()
net.load_state_dict(state, strict=True)
reference = BufferNet().state_dict()
for key, value in net.state_dict().items():
    assert value.dtype == reference[key].dtype, (key, value.dtype, reference[key].dtype)
    print(f"{key}: {value.dtype} {value.tolist()}")
print("load_state_dict(strict=True): OK")
