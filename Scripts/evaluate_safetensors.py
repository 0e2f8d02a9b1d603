"""Loads a .safetensors file written by `anneal mnist --save-model` into the tutorial's PyTorch
FFNN and prints its test accuracy, in the tutorial's format.

Usage: python Scripts/evaluate_safetensors.py model.safetensors --data-dir Sources/AnnealBundledMNIST/MNIST [--hidden 100]
"""

import argparse
import os
import sys

import torch
from safetensors.torch import load_file

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tutorial_model import FFNN, MNISTFiles  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--hidden", type=int, default=100)
    parser.add_argument("--eval-split", choices=["test", "train"], default="test")
    args = parser.parse_args()
    model = FFNN(28 * 28, args.hidden, 10)
    model.load_state_dict(load_file(args.path))
    model.eval()
    data = MNISTFiles(args.data_dir, train=args.eval_split == "train")
    with torch.no_grad():
        images = data.images.reshape(-1, 28 * 28).to(torch.float32).div(255)
        predictions = torch.argmax(model(images), 1)
    correct = (predictions == data.labels).sum()
    accuracy = 100 * correct / len(data.labels)
    print(f"Accuracy: {accuracy:.2f}%")


if __name__ == "__main__":
    main()
