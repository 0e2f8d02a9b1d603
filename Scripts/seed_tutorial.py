"""The seed tutorial's PyTorch program, as written, for side-by-side comparison with
`anneal mnist`.

Usage: python Scripts/seed_tutorial.py --data-dir ../shared/datasets/mnist [--eval-split train]

The tutorial evaluates on the training set (its `test_dataset` uses `train=True`);
`--eval-split train` reproduces that, the default evaluates on the test set. The MNIST files
are read from --data-dir (gzip IDX files) into a torchvision-style dataset, without download.
"""

import argparse
import gzip
import os

import torch
import torch.nn as nn
import torch.optim as optim
from torch.optim.lr_scheduler import StepLR
from torch.utils.data import DataLoader, Dataset


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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--eval-split", choices=["test", "train"], default="test")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--iterations", type=int, default=3000)
    args = parser.parse_args()

    torch.manual_seed(args.seed)
    train_dataset = MNISTFiles(args.data_dir, train=True)
    test_dataset = MNISTFiles(args.data_dir, train=args.eval_split == "train")

    batch_size = 100
    n_iters = args.iterations
    num_epochs = int(n_iters / (len(train_dataset) / batch_size))

    train_loader = DataLoader(train_dataset, batch_size=batch_size, shuffle=True)
    test_loader = DataLoader(test_dataset, batch_size=batch_size, shuffle=True)

    model = FFNN(28 * 28, 100, 10)
    criterion = nn.CrossEntropyLoss()
    optimizer = optim.SGD(model.parameters(), lr=1e-1, momentum=0.9, nesterov=True)
    scheduler = StepLR(optimizer, step_size=1, gamma=0.1)

    iter = 0
    for epoch in range(num_epochs):
        print(f"Epoch: {epoch}, LR: {scheduler.get_last_lr()}", flush=True)
        model.train()
        for i, (images, labels) in enumerate(train_loader):
            images = images.view(-1, 28 * 28)
            optimizer.zero_grad()
            pred_y = model(images)
            loss = criterion(pred_y, labels)
            loss.backward()
            optimizer.step()
            iter += 1
            if iter % 500 == 0:
                correct = 0
                total = 0
                model.eval()
                for images, labels in test_loader:
                    images = images.view(-1, 28 * 28)
                    pred_y = model(images)
                    pred_y = torch.argmax(pred_y.data, 1)
                    total += labels.size(0)
                    correct += (pred_y == labels).sum()
                accuracy = 100 * correct / total
                print(f"Iteration: {iter}, Loss: {loss.item():.4f}, Accuracy: {accuracy:.2f}%", flush=True)
        scheduler.step()


if __name__ == "__main__":
    main()
