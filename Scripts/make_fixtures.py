"""Generates the golden fixtures the Swift tests compare against, with real PyTorch.

Usage (from the repository root):
    python3 -m venv /tmp/torch && /tmp/torch/bin/pip install torch==2.15.0
    /tmp/torch/bin/python Scripts/make_fixtures.py

CI never runs this script; it reads the committed JSON. Every float is written with
`repr` of the Python float, which round-trips exactly (float32 values are exact in float64).
"""

import json
import math
import os

import torch
import torch.nn as nn

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def write(target, name, payload):
    folder = os.path.join(ROOT, "Tests", target, "Fixtures")
    os.makedirs(folder, exist_ok=True)
    payload = {"generator": f"Scripts/make_fixtures.py with torch {torch.__version__}", **payload}
    with open(os.path.join(folder, name), "w") as f:
        json.dump(payload, f, indent=1)
        f.write("\n")


def random_fixtures():
    cases = {}
    torch.manual_seed(0)
    cases["rand_20_seed0"] = torch.rand(20).tolist()
    torch.manual_seed(0)
    cases["uniform_-0.5_0.25_seed0"] = torch.empty(20).uniform_(-0.5, 0.25).tolist()
    torch.manual_seed(0)
    cases["randn_5_seed0"] = torch.randn(5).tolist()
    torch.manual_seed(0)
    cases["randn_37_seed0"] = torch.randn(37).tolist()
    torch.manual_seed(0)
    cases["normal_64_mean1_std0.1_seed0"] = torch.empty(64).normal_(1.0, 0.1).tolist()
    g = torch.Generator()
    g.manual_seed(0)
    cases["randperm_10_seed0"] = torch.randperm(10, generator=g).tolist()
    g.manual_seed(7)
    cases["randperm_60000_seed7_first50"] = torch.randperm(60000, generator=g)[:50].tolist()
    torch.manual_seed(0)
    cases["int64_random_seed0"] = [torch.empty((), dtype=torch.int64).random_().item() for _ in range(3)]
    torch.manual_seed(123)
    cases["seed123_after_randn7_rand3"] = (torch.randn(7).tolist(), torch.rand(3).tolist())
    cases["seed123_after_randn7_rand3"] = cases["seed123_after_randn7_rand3"][0] + cases["seed123_after_randn7_rand3"][1]

    # The tutorial's model construction after torch.manual_seed(0).
    torch.manual_seed(0)
    fc1 = nn.Linear(784, 100)
    fc2 = nn.Linear(100, 10)
    linear_default = {
        "fc1.weight[:20]": fc1.weight.flatten()[:20].tolist(),
        "fc1.bias": fc1.bias.tolist(),
        "fc2.weight[:20]": fc2.weight.flatten()[:20].tolist(),
        "fc2.bias": fc2.bias.tolist(),
    }
    nn.init.kaiming_normal_(fc1.weight)
    nn.init.kaiming_normal_(fc2.weight)
    kaiming = {
        "fc1.weight[:20]": fc1.weight.flatten()[:20].tolist(),
        "fc1.weight.sum": float(fc1.weight.double().sum()),
        "fc2.weight": fc2.weight.flatten().tolist(),
    }
    # The DataLoader's first shuffled order after the model is built.
    loader_seed = torch.empty((), dtype=torch.int64).random_().item()
    write("AnnealTests", "random.json", {
        "cases": cases,
        "linear_default_seed0": linear_default,
        "ffnn_kaiming_seed0": kaiming,
        "loader_seed_after_ffnn": loader_seed,
    })


if __name__ == "__main__":
    random_fixtures()
