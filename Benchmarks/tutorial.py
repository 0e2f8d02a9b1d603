"""The seed tutorial's program as written: torchvision's MNIST dataset with
transforms.ToTensor() (a PIL image per sample), DataLoader with shuffle, evaluation every 500
iterations on `test_dataset`, which the tutorial builds with `train=True` (60 000 images).

What differs from the tutorial's text: `root` comes from --root (a folder holding MNIST/raw/
with the four decompressed IDX files; Benchmarks/compare.py prepares it, as the benchmark may
run without internet), prints are flushed, and `--eval-split test` (not the default) evaluates
on the 10 000 test images instead, for comparison with `anneal mnist`'s default.
`--optimizer sgd-schedule-free|adamw-schedule-free|radam-schedule-free` swaps in the schedulefree package's
optimizers at their default learning rates with a constant schedule, calling their train() and
eval() around the evaluation, as `anneal mnist --optimizer …` does; `--optimizer prodigy` the
prodigyopt package's Prodigy and `dadapt-sgd|dadapt-adam` the dadaptation package's (lr 1.0,
package defaults) under the tutorial's StepLR.

Usage: python Benchmarks/tutorial.py --root .build-bench/data [--eval-split test] [--optimizer …]
"""

import argparse

import torch
import torch.nn as nn
from torch.optim.lr_scheduler import StepLR
import torch.optim as optim
from torch.utils.data import DataLoader
import torchvision.transforms as transforms
import torchvision.datasets as dsets

parser = argparse.ArgumentParser()
parser.add_argument("--root", required=True)
parser.add_argument("--eval-split", choices=["test", "train"], default="train")
parser.add_argument("--optimizer", choices=["sgd", "sgd-schedule-free", "adamw-schedule-free", "radam-schedule-free", "prodigy", "dadapt-sgd", "dadapt-adam"], default="sgd")
arguments = parser.parse_args()
root = arguments.root

torch.manual_seed(0)
train_dataset = dsets.MNIST(root=root, train=True, transform=transforms.ToTensor(), download=True)
test_dataset = dsets.MNIST(root=root, train=arguments.eval_split == "train", transform=transforms.ToTensor(), download=True)

batch_size = 100
n_iters = 3000
num_epochs = n_iters / (len(train_dataset) / batch_size)
num_epochs = int(num_epochs)

train_loader = DataLoader(train_dataset, batch_size=batch_size, shuffle=True)
test_loader = DataLoader(test_dataset, batch_size=batch_size, shuffle=True)


class FFNN(nn.Module):
    def __init__(self, input_dim, hidden_dim, output_dim):
        super(FFNN, self).__init__()
        self.input_dim = input_dim
        self.hidden_dim = hidden_dim
        self.output_dim = output_dim
        self.fc1 = nn.Linear(input_dim, hidden_dim)
        self.relu = nn.ReLU()
        self.fc2 = nn.Linear(hidden_dim, output_dim)
        self._init_weight()

    def forward(self, images):
        out = self.fc1(images)
        out = self.relu(out)
        out = self.fc2(out)
        return out

    def _init_weight(self):
        for module in self.modules():
            if isinstance(module, nn.Linear):
                nn.init.kaiming_normal_(module.weight)
                nn.init.zeros_(module.bias)


input_dim = 28 * 28
hidden_dim = 100
output_dim = 10
learning_rate = 1e-1

model = FFNN(input_dim, hidden_dim, output_dim)
criterion = nn.CrossEntropyLoss()
if arguments.optimizer == "sgd":
    optimizer = optim.SGD(model.parameters(), lr=learning_rate, momentum=0.9, nesterov=True)
    scheduler = StepLR(optimizer, step_size=1, gamma=0.1)
elif arguments.optimizer == "prodigy":
    import prodigyopt
    optimizer = prodigyopt.Prodigy(model.parameters(), lr=1.0)
    scheduler = StepLR(optimizer, step_size=1, gamma=0.1)
elif arguments.optimizer.startswith("dadapt"):
    import dadaptation
    kind = dadaptation.DAdaptSGD if arguments.optimizer == "dadapt-sgd" else dadaptation.DAdaptAdam
    optimizer = kind(model.parameters(), lr=1.0)
    scheduler = StepLR(optimizer, step_size=1, gamma=0.1)
else:
    import schedulefree
    from torch.optim.lr_scheduler import ConstantLR
    kind = {"sgd-schedule-free": schedulefree.SGDScheduleFree, "adamw-schedule-free": schedulefree.AdamWScheduleFree,
            "radam-schedule-free": schedulefree.RAdamScheduleFree}[arguments.optimizer]
    optimizer = kind(model.parameters())
    scheduler = ConstantLR(optimizer, factor=1.0)
schedule_free = arguments.optimizer.endswith("schedule-free")
if schedule_free:
    optimizer.train()

iter = 0
for epoch in range(num_epochs):
    print(f'Epoch: {epoch}, LR: {scheduler.get_last_lr()}', flush=True)
    model.train()
    for i, (images, labels) in enumerate(train_loader):
        images = images.view(-1, 28*28)
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
            if schedule_free:
                optimizer.eval()
            for images, labels in test_loader:
                images = images.view(-1, 28*28)
                pred_y = model(images)
                pred_y = torch.argmax(pred_y.data, 1)
                total += labels.size(0)
                correct += (pred_y == labels).sum()
            accuracy = 100 * correct / total
            if schedule_free:
                optimizer.train()
            print(f'Iteration: {iter}, Loss: {loss.item():.4f}, Accuracy: {accuracy:.2f}%', flush=True)
    scheduler.step()
