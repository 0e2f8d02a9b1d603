"""The seed workload written tightly in PyTorch: data preloaded as tensors, manual batching,
no_grad evaluation. Same model, optimizer, scheduler and evaluation schedule as `anneal mnist`.
`--eval-split train` evaluates on the 60 000 training images, as the tutorial does; `--hidden`,
`--batch-size` and `--iterations` change the workload as `anneal mnist`'s options of those
names do, and `--threads N` sets torch's intra-op threads (default: torch's own choice).

Usage: python Benchmarks/tight_pytorch.py --data-dir Sources/AnnealBundledMNIST/MNIST [--eval-split train]
       [--hidden H] [--batch-size B] [--iterations N] [--threads T]
"""

import argparse
import gzip
import os

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.optim.lr_scheduler import StepLR


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    rank = data[3]
    dims = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(rank)]
    return torch.frombuffer(bytearray(data[4 + 4 * rank:]), dtype=torch.uint8).reshape(dims)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--eval-split", choices=["test", "train"], default="test")
    parser.add_argument("--hidden", type=int, default=100)
    parser.add_argument("--batch-size", type=int, default=100)
    parser.add_argument("--iterations", type=int, default=3000)
    parser.add_argument("--threads", type=int)
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    load = lambda name: read_idx(os.path.join(args.data_dir, name))  # noqa: E731
    train_x = load("train-images-idx3-ubyte.gz").reshape(-1, 784).to(torch.float32).div(255)
    train_y = load("train-labels-idx1-ubyte.gz").long()
    if args.eval_split == "train":
        test_x, test_y = train_x, train_y
    else:
        test_x = load("t10k-images-idx3-ubyte.gz").reshape(-1, 784).to(torch.float32).div(255)
        test_y = load("t10k-labels-idx1-ubyte.gz").long()

    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(784, args.hidden), nn.ReLU(), nn.Linear(args.hidden, 10))
    for module in model:
        if isinstance(module, nn.Linear):
            nn.init.kaiming_normal_(module.weight)
            nn.init.zeros_(module.bias)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, nesterov=True)
    scheduler = StepLR(optimizer, step_size=1, gamma=0.1)
    iteration = 0
    epoch = 0
    while iteration < args.iterations:
        print(f"Epoch: {epoch}, LR: {scheduler.get_last_lr()}", flush=True)
        order = torch.randperm(len(train_y))
        for start in range(0, len(train_y), args.batch_size):
            if iteration == args.iterations:
                break
            index = order[start:start + args.batch_size]
            optimizer.zero_grad()
            loss = F.cross_entropy(model(train_x[index]), train_y[index])
            loss.backward()
            optimizer.step()
            iteration += 1
            if iteration % 500 == 0:
                with torch.no_grad():
                    accuracy = (model(test_x).argmax(1) == test_y).float().mean() * 100
                print(f"Iteration: {iteration}, Loss: {loss.item():.4f}, Accuracy: {accuracy:.2f}%", flush=True)
        scheduler.step()
        epoch += 1


if __name__ == "__main__":
    main()
