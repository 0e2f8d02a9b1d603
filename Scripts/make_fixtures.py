"""Generates the golden fixtures the Swift tests compare against, with real PyTorch.

Usage (from the repository root):
    python3 -m venv /tmp/torch && /tmp/torch/bin/pip install torch==2.15.0 torchvision safetensors \
        transformers timm keras
    /tmp/torch/bin/python Scripts/make_fixtures.py            # all
    /tmp/torch/bin/python Scripts/make_fixtures.py schedule   # only schedule_fixtures

CI never runs this script; it reads the committed JSON. Every float is written with
`repr` of the Python float, which round-trips exactly (float32 values are exact in float64).
"""

import json
import math
import os

import torch
import torch.nn as nn

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The MNIST files the package ships (Sources/AnnealBundledMNIST).
MNIST_DIR = os.path.join(ROOT, "Sources", "AnnealBundledMNIST", "MNIST")


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
    cases["seed123_randn7_then_rand3"] = torch.randn(7).tolist() + torch.rand(3).tolist()
    # One word off the pair boundary, then Bernoulli draws across several twists, then the stream.
    torch.manual_seed(5)
    first = torch.rand(1).tolist()
    mask = torch.empty(2001).bernoulli_(0.3).tolist()
    cases["seed5_rand1_bernoulli2001_then_rand3"] = first + mask + torch.rand(3).tolist()

    write("AnnealTests", "random.json", {"cases": cases})


def loader_fixtures():
    """DataLoader passes: PyTorch draws a base seed, then the sampler's seed."""
    from torch.utils.data import DataLoader
    cases = {}
    torch.manual_seed(3)
    loader = DataLoader(list(range(25)), batch_size=4, shuffle=True)
    cases["loader_seed3_two_passes"] = [float(i) for p in range(2) for b in loader for i in b.tolist()]
    g = torch.Generator()
    g.manual_seed(5)
    loader = DataLoader(list(range(25)), batch_size=4, shuffle=True, generator=g)
    cases["loader_generator5_two_passes"] = [float(i) for p in range(2) for b in loader for i in b.tolist()]
    torch.manual_seed(3)
    list(DataLoader(list(range(5)), batch_size=2))  # a sequential pass draws a base seed too
    cases["rand_after_sequential_pass_seed3"] = torch.rand(3).tolist()
    write("AnnealDataTests", "loader.json", {"cases": cases})


def init_fixtures():
    """The tutorial's model construction after torch.manual_seed(0)."""
    torch.manual_seed(0)
    fc1 = nn.Linear(784, 100)
    fc2 = nn.Linear(100, 10)
    with torch.no_grad():
        linear_default = {
            "fc1.weight": fc1.weight.flatten()[:50].tolist(),
            "fc1.bias": fc1.bias.tolist(),
            "fc2.weight": fc2.weight.flatten()[:50].tolist(),
            "fc2.bias": fc2.bias.tolist(),
        }
        nn.init.kaiming_normal_(fc1.weight)
        nn.init.kaiming_normal_(fc2.weight)
        kaiming = {
            "fc1.weight": fc1.weight.flatten()[-50:].tolist(),
            "fc1.weight.sum": [float(fc1.weight.double().sum())],
            "fc2.weight": fc2.weight.flatten().tolist(),
        }
        torch.manual_seed(1)
        w = torch.empty(30, 20)
        others = {
            "xavier_uniform": nn.init.xavier_uniform_(w.clone()).flatten()[:20].tolist(),
            "xavier_normal": nn.init.xavier_normal_(w.clone()).flatten()[:20].tolist(),
            "kaiming_uniform_fan_out_relu": nn.init.kaiming_uniform_(w.clone(), mode="fan_out", nonlinearity="relu").flatten()[:20].tolist(),
            "kaiming_normal_a0.2": nn.init.kaiming_normal_(w.clone(), a=0.2).flatten()[:20].tolist(),
        }
    write("AnnealNNTests", "init.json", {"linear_default_seed0": linear_default, "ffnn_kaiming_seed0": kaiming,
                                         "seed1_sequence": others})


def ops_fixtures():
    """Forward values and gradients of the MLP's ops for fixed inputs."""
    torch.manual_seed(11)
    x = torch.randn(6, 5, requires_grad=True)
    w = torch.randn(4, 5, requires_grad=True)
    b = torch.randn(4, requires_grad=True)
    targets = [0, 3, 1, 2, 3, 0]
    logits = torch.nn.functional.linear(x, w, b)
    loss = torch.nn.functional.cross_entropy(logits, torch.tensor(targets))
    loss.backward()
    write("AnnealTests", "ops.json", {
        "x": x.flatten().tolist(), "w": w.flatten().tolist(), "b": b.tolist(), "targets": targets,
        "logits": logits.flatten().tolist(),
        "log_softmax": torch.log_softmax(logits, 1).flatten().tolist(),
        "loss": loss.item(),
        "x.grad": x.grad.flatten().tolist(), "w.grad": w.grad.flatten().tolist(), "b.grad": b.grad.tolist(),
    })


def optimizer_fixtures():
    """Parameters after each step of every optimizer for fixed gradient sequences, with a
    learning-rate change mid-run or a scheduler cycling lr and momentum/beta1."""
    import sys
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from schedule_oracle import build

    configs = [
        ("sgd", {"lr": 0.1}, None),
        ("sgd", {"lr": 0.1, "momentum": 0.9}, None),
        ("sgd", {"lr": 0.1, "momentum": 0.9, "nesterov": True}, None),
        ("sgd", {"lr": 0.05, "momentum": 0.8, "dampening": 0.3}, None),
        ("sgd", {"lr": 0.1, "weight_decay": 0.01}, None),
        ("sgd", {"lr": 0.1, "momentum": 0.9, "nesterov": True, "weight_decay": 0.005}, None),
        ("sgd", {"lr": 0.02, "momentum": 0.5, "maximize": True, "weight_decay": 0.1}, None),
        ("sgd", {"lr": 0.1, "momentum": 0.9}, "CyclicLR(base_lr=0.01, max_lr=0.1, step_size_up=2)"),
        ("adam", {"lr": 0.01}, None),
        ("adam", {"lr": 0.01, "betas": (0.8, 0.99), "eps": 1e-6}, None),
        ("adam", {"lr": 0.01, "amsgrad": True}, None),
        ("adam", {"lr": 0.01, "weight_decay": 0.1}, None),
        ("adam", {"lr": 0.01, "maximize": True, "amsgrad": True, "weight_decay": 0.05}, None),
        ("adam", {"lr": 0.01}, "OneCycleLR(max_lr=0.05, total_steps=6)"),
        ("adamw", {"lr": 0.01}, None),
        ("adamw", {"lr": 0.01, "weight_decay": 0.3, "amsgrad": True}, None),
        ("adamw", {"lr": 0.01, "betas": (0.5, 0.9)}, "CyclicLR(base_lr=0.001, max_lr=0.02, step_size_up=3)"),
        ("rmsprop", {"lr": 0.01}, None),
        ("rmsprop", {"lr": 0.01, "alpha": 0.9, "eps": 1e-6, "weight_decay": 0.1}, None),
        ("rmsprop", {"lr": 0.01, "momentum": 0.9}, None),
        ("rmsprop", {"lr": 0.01, "centered": True}, None),
        ("rmsprop", {"lr": 0.01, "centered": True, "momentum": 0.5, "maximize": True}, None),
        ("rmsprop", {"lr": 0.01, "momentum": 0.9}, "OneCycleLR(max_lr=0.02, total_steps=6)"),
        ("adagrad", {"lr": 0.1}, None),
        ("adagrad", {"lr": 0.1, "lr_decay": 0.1, "weight_decay": 0.01}, None),
        ("adagrad", {"lr": 0.1, "initial_accumulator_value": 0.5, "eps": 1e-6, "maximize": True}, None),
        ("adagrad", {"lr": 0.1}, "StepLR(step_size=2, gamma=0.5)"),
        ("adadelta", {"lr": 1.0}, None),
        ("adadelta", {"lr": 0.5, "rho": 0.8, "eps": 1e-4, "weight_decay": 0.1}, None),
        ("adadelta", {"lr": 1.0, "maximize": True}, None),
        ("adadelta", {"lr": 1.0}, "StepLR(step_size=1, gamma=0.7)"),
        ("adamax", {"lr": 0.01}, None),
        ("adamax", {"lr": 0.02, "betas": (0.8, 0.99), "eps": 1e-4, "weight_decay": 0.1, "maximize": True}, None),
        ("adamax", {"lr": 0.01}, "OneCycleLR(max_lr=0.05, total_steps=6)"),
        ("nadam", {"lr": 0.01}, None),
        ("nadam", {"lr": 0.01, "momentum_decay": 0.01, "weight_decay": 0.1}, None),
        ("nadam", {"lr": 0.01, "weight_decay": 0.2, "decoupled_weight_decay": True, "maximize": True}, None),
        ("nadam", {"lr": 0.01, "betas": (0.85, 0.99)}, "CyclicLR(base_lr=0.001, max_lr=0.02, step_size_up=3)"),
        ("radam", {"lr": 0.01}, None),
        ("radam", {"lr": 0.01, "betas": (0.5, 0.6)}, None),
        ("radam", {"lr": 0.01, "betas": (0.9, 0.7), "weight_decay": 0.1}, None),
        ("radam", {"lr": 0.01, "betas": (0.9, 0.7), "weight_decay": 0.2, "decoupled_weight_decay": True,
                   "maximize": True}, None),
        ("radam", {"lr": 0.01}, "StepLR(step_size=2, gamma=0.5)"),
        ("asgd", {"lr": 0.05}, None),
        ("asgd", {"lr": 0.05, "lambd": 0.01, "alpha": 0.5, "t0": 2, "weight_decay": 0.1}, None),
        ("asgd", {"lr": 0.05, "t0": 0, "maximize": True}, "StepLR(step_size=2, gamma=0.5)"),
    ]
    classes = {"sgd": torch.optim.SGD, "adam": torch.optim.Adam, "adamw": torch.optim.AdamW,
               "rmsprop": torch.optim.RMSprop, "adagrad": torch.optim.Adagrad, "adadelta": torch.optim.Adadelta,
               "adamax": torch.optim.Adamax, "nadam": torch.optim.NAdam, "radam": torch.optim.RAdam,
               "asgd": torch.optim.ASGD}
    torch.manual_seed(5)
    initial = [torch.randn(3, 4), torch.randn(4)]
    grads = [[torch.randn(3, 4), torch.randn(4)] for _ in range(6)]
    cases = []
    for kind, config, scheduler_spec in configs:
        params = [p.clone().requires_grad_() for p in initial]
        opt = classes[kind](params, **config)
        scheduler = build(scheduler_spec, opt) if scheduler_spec else None
        trajectory = []
        for step, gs in enumerate(grads):
            if scheduler is None and step == 3:  # a scheduler-like change of lr mid-run
                opt.param_groups[0]["lr"] = config["lr"] * 0.5
            for p, g in zip(params, gs):
                p.grad = g.clone()
            opt.step()
            if scheduler is not None:
                scheduler.step()
            trajectory.append([v for p in params for v in p.detach().flatten().tolist()])
        config = {k: list(v) if isinstance(v, tuple) else v for k, v in config.items()}
        cases.append({"optimizer": kind, "config": config, "scheduler": scheduler_spec, "trajectory": trajectory})
    keys = {}
    for kind, cls in classes.items():
        p = torch.zeros(2, requires_grad=True)
        opt = cls([p], lr=0.1)
        p.grad = torch.ones(2)
        opt.step()
        sd = opt.state_dict()
        keys[kind] = {"state": sorted(sd["state"].get(0, {}).keys()), "group": sorted(sd["param_groups"][0].keys())}
    write("AnnealOptimTests", "optimizers.json", {
        "state_keys": keys,
        "initial": [p.flatten().tolist() for p in initial],
        "grads": [[g.flatten().tolist() for g in gs] for gs in grads],
        "lr_halved_at_step": 3,
        "cases": cases,
    })


def steplr_fixtures():
    """StepLR traces: lr per group after construction and after each step()."""
    def trace(lrs, steps, make, epochs=None):
        params = [torch.zeros(1, requires_grad=True) for _ in lrs]
        opt = torch.optim.SGD([{"params": [p], "lr": lr} for p, lr in zip(params, lrs)])
        sched = make(opt)
        rows = [sched.get_last_lr()]
        for i in range(steps):
            opt.step()
            if epochs is None:
                sched.step()
            else:
                import warnings
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    sched.step(epochs[i])
            rows.append(sched.get_last_lr())
        return rows

    from torch.optim.lr_scheduler import StepLR
    cases = []
    for lrs, step_size, gamma, steps in [
        ([0.1], 1, 0.1, 10), ([0.05], 3, 0.1, 12), ([0.05, 0.5], 2, 0.5, 9), ([1.0], 4, 0.9, 30),
        ([0.1, 0.01, 3.0], 5, 0.25, 21), ([0.7], 1, 1.7, 12),
    ]:
        cases.append({"lrs": lrs, "step_size": step_size, "gamma": gamma,
                      "trace": trace(lrs, steps, lambda o: StepLR(o, step_size=step_size, gamma=gamma))})
    closed = {"lrs": [0.1], "step_size": 1, "gamma": 0.1, "epochs": [1, 2, 3, 4, 7, 2],
              "trace": trace([0.1], 6, lambda o: StepLR(o, step_size=1, gamma=0.1), epochs=[1, 2, 3, 4, 7, 2])}

    # Resuming: a state_dict saved after k steps restores the remaining trace.
    params = [torch.zeros(1, requires_grad=True)]
    opt = torch.optim.SGD(params, lr=0.3)
    sched = StepLR(opt, step_size=2, gamma=0.3)
    for _ in range(5):
        opt.step(); sched.step()
    state = {k: v for k, v in sched.state_dict().items()}
    write("AnnealLRSchedulerTests", "steplr.json", {
        "cases": cases, "closed_form": closed,
        "state_after_5": {"base_lrs": state["base_lrs"], "last_epoch": state["last_epoch"],
                           "_step_count": state["_step_count"], "_last_lr": state["_last_lr"],
                           "_is_initial": state["_is_initial"], "step_size": state["step_size"],
                           "gamma": state["gamma"]},
    })


def repr_fixtures():
    """Python's repr of floats, which `anneal` must print identically."""
    values = [0.1, 0.1 * 0.1, 0.1 * 0.1 * 0.1, 1e-4, 1e-5, 0.1 ** 5, 1.0000000000000004e-05, 1e16, 1e15,
              123456789012345.6, 2.5, 1.0, 0.0, -0.0, -3.75, 5e-324, 1.7976931348623157e308, 1 / 3,
              2 / 3, 0.30000000000000004, 100.0, 1e22, 1.5e-7, 0.00010000000000000003]
    write("AnnealLRSchedulerTests", "repr.json", {"values": values, "reprs": [repr(v) for v in values]})


def schedule_fixtures():
    """Traces of every scheduler spec in Scripts/schedule_cases.py, from PyTorch."""
    import sys
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from schedule_cases import CASES
    from schedule_oracle import trace

    cases = []
    for spec, lrs, steps, optimizer, momentum, metrics in CASES:
        result = trace(spec, lrs, steps, optimizer, momentum, metrics)
        cases.append({"spec": spec, "lrs": lrs, "steps": steps, "optimizer": optimizer, "momentum": momentum,
                      "metrics": metrics, "lr": result["lr"], "momentum_rows": result["momentum"]})
    write("AnnealLRSchedulerTests", "schedules.json", {"cases": cases})


def warmup_fixtures():
    """WarmupLR specs next to the timm and transformers schedules they must reproduce: the
    reference's learning rates per step (timm stepped as its train.py does, step(epoch + 1))."""
    import timm
    import timm.scheduler as timm_scheduler
    import transformers

    def run(make, lrs, steps, timm_style):
        params = [torch.zeros(1, requires_grad=True) for _ in lrs]
        optimizer = torch.optim.SGD([{"params": [p], "lr": lr} for p, lr in zip(params, lrs)], lr=lrs[0])
        scheduler = make(optimizer)
        rows = [[g["lr"] for g in optimizer.param_groups]]
        for i in range(steps):
            optimizer.step()
            scheduler.step(i + 1) if timm_style else scheduler.step()
            rows.append([g["lr"] for g in optimizer.param_groups])
        return rows

    cases = []
    for prefix in (True, False):
        cases.append((
            f"WarmupLR(scheduler=CosineAnnealingLR(T_max=20, eta_min=0.001), warmup_t=5, warmup_lr_init=0.0001, "
            f"warmup_prefix={prefix})",
            f"timm CosineLRScheduler(t_initial=20, lr_min=0.001, warmup_t=5, warmup_lr_init=0.0001, warmup_prefix={prefix})",
            lambda o, prefix=prefix: timm_scheduler.CosineLRScheduler(
                o, t_initial=20, lr_min=0.001, warmup_t=5, warmup_lr_init=0.0001, warmup_prefix=prefix),
            [0.1, 0.5], 25 if prefix else 20, True))
        cases.append((
            f"WarmupLR(scheduler=StepLR(step_size=3, gamma=0.5), warmup_t=4, warmup_lr_init=0.001, warmup_prefix={prefix})",
            f"timm StepLRScheduler(decay_t=3, decay_rate=0.5, warmup_t=4, warmup_lr_init=0.001, warmup_prefix={prefix})",
            lambda o, prefix=prefix: timm_scheduler.StepLRScheduler(
                o, decay_t=3, decay_rate=0.5, warmup_t=4, warmup_lr_init=0.001, warmup_prefix=prefix),
            [0.1], 20, True))
    cases.append((
        "WarmupLR(scheduler=CosineAnnealingLR(T_max=25), warmup_t=5, warmup_prefix=True)",
        "transformers get_cosine_schedule_with_warmup(num_warmup_steps=5, num_training_steps=30)",
        lambda o: transformers.get_cosine_schedule_with_warmup(o, num_warmup_steps=5, num_training_steps=30),
        [0.1, 0.02], 30, False))
    cases.append((
        "WarmupLR(scheduler=LinearLR(start_factor=1.0, end_factor=0.0, total_iters=16), warmup_t=4, warmup_prefix=True)",
        "transformers get_linear_schedule_with_warmup(num_warmup_steps=4, num_training_steps=20)",
        lambda o: transformers.get_linear_schedule_with_warmup(o, num_warmup_steps=4, num_training_steps=20),
        [0.1], 20, False))
    out = []
    for spec, reference, make, lrs, steps, timm_style in cases:
        out.append({"spec": spec, "reference": reference, "lrs": lrs, "steps": steps,
                    "lr": run(make, lrs, steps, timm_style)})
    write("AnnealLRSchedulerTests", "warmup.json", {
        "versions": f"timm {timm.__version__}, transformers {transformers.__version__}",
        "cases": out})


def noise_fixtures():
    """timm's learning-rate noise (torch generators seeded per step), through the oracle."""
    import sys
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import timm
    from schedule_oracle import trace

    specs = [
        ("CosineLRScheduler(t_initial=30, noise_range_t=5, noise_pct=0.5)", [0.1, 0.02], 30),
        ("CosineLRScheduler(t_initial=20, warmup_t=3, noise_range_t=[4, 15], noise_pct=0.3, noise_std=0.5, "
         "noise_seed=7)", [0.1], 25),
        ("CosineLRScheduler(t_initial=10, cycle_limit=3, cycle_decay=0.5, noise_range_t=0, noise_pct=0.05, "
         "noise_seed=0)", [0.3], 32),
    ]
    cases = [{"spec": spec, "lrs": lrs, "steps": steps, "lr": trace(spec, lrs, steps)["lr"]} for spec, lrs, steps in specs]
    write("AnnealOptimTests", "timm_noise.json", {"timm": timm.__version__, "cases": cases})


def safetensors_fixtures():
    """A file written by the PyTorch `safetensors` package, and the values in it."""
    from safetensors.torch import save_file
    torch.manual_seed(9)
    tensors = {
        "layer.weight": torch.randn(3, 4),
        "layer.bias": torch.randn(3),
        "scalar": torch.tensor(2.5),
        "empty": torch.zeros(0, 3),
        "double": torch.randn(5, dtype=torch.float64),
        "half": torch.randn(4).to(torch.float16),
        "bfloat": torch.randn(4).to(torch.bfloat16),
    }
    folder = os.path.join(ROOT, "Tests", "AnnealTests", "Fixtures")
    save_file(tensors, os.path.join(folder, "torch.safetensors"), metadata={"format": "pt", "note": "from PyTorch"})
    write("AnnealTests", "torch_safetensors.json", {
        "tensors": {k: {"shape": list(v.shape), "values": v.to(torch.float32).flatten().tolist()} for k, v in tensors.items()},
        "metadata": {"format": "pt", "note": "from PyTorch"},
    })


def training_parity_fixtures():
    """The tutorial's first 100 SGD steps in PyTorch: same seed, so the same initial weights
    and batches as Anneal; Anneal's weights must agree closely after them."""
    import sys
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from tutorial_model import FFNN, MNISTFiles
    from torch.utils.data import DataLoader

    data_dir = MNIST_DIR
    torch.manual_seed(0)
    train = MNISTFiles(data_dir, train=True)
    loader = DataLoader(train, batch_size=100, shuffle=True)
    model = FFNN(28 * 28, 100, 10)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, nesterov=True)
    losses = []
    for step, (images, labels) in enumerate(loader):
        if step == 100:
            break
        optimizer.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(images.view(-1, 28 * 28)), labels)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    with torch.no_grad():
        write("AnnealParityTests", "training.json", {
            "steps": 100,
            "losses": losses,
            "fc1.weight.first": model.fc1.weight.flatten()[:400].tolist(),
            "fc1.bias": model.fc1.bias.tolist(),
            "fc2.weight": model.fc2.weight.flatten().tolist(),
            "fc2.bias": model.fc2.bias.tolist(),
        })


class ExamplesNet(nn.Module):
    """pytorch/examples' mnist/main.py network, as written."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3, 1)
        self.conv2 = nn.Conv2d(32, 64, 3, 1)
        self.dropout1 = nn.Dropout(0.25)
        self.dropout2 = nn.Dropout(0.5)
        self.fc1 = nn.Linear(9216, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        import torch.nn.functional as F
        x = F.relu(self.conv2(F.relu(self.conv1(x))))
        x = self.dropout1(F.max_pool2d(x, 2))
        x = self.dropout2(F.relu(self.fc1(torch.flatten(x, 1))))
        return F.log_softmax(self.fc2(x), dim=1)


def examples_mnist_fixtures():
    """pytorch/examples' MNIST on the CPU: seed 1, batches of 64 in order (its CPU loaders do not
    shuffle), ToTensor + Normalize, Adadelta(lr=1.0): the first 50 training losses.

    Also the same 50 steps under two other CPU configurations of the same PyTorch (one thread;
    oneDNN disabled, so convolutions take ATen's im2col + GEMM path). They part from the default
    run within 10-20 steps: Adadelta's first updates are nearly sign(grad) * sqrt(10 * eps), so a
    gradient entry whose sign rounding decides moves its weight by a full step. Anneal's test
    allows what PyTorch itself spans across these configurations."""
    import sys
    import torch.nn.functional as F
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from tutorial_model import MNISTFiles
    from torch.utils.data import DataLoader

    data_dir = MNIST_DIR

    def losses():
        torch.manual_seed(1)
        loader = DataLoader(MNISTFiles(data_dir, train=True), batch_size=64)
        model = ExamplesNet()
        optimizer = torch.optim.Adadelta(model.parameters(), lr=1.0)
        model.train()
        result = []
        for step, (images, labels) in enumerate(loader):
            if step == 50:
                break
            optimizer.zero_grad()
            loss = F.nll_loss(model((images - 0.1307) / 0.3081), labels)
            loss.backward()
            optimizer.step()
            result.append(loss.item())
        return result

    threads = torch.get_num_threads()
    default = losses()
    torch.set_num_threads(1)
    one_thread = losses()
    torch.set_num_threads(threads)
    torch.backends.mkldnn.enabled = False
    without_onednn = losses()
    torch.backends.mkldnn.enabled = True
    write("AnnealParityTests", "examples_mnist.json", {
        "steps": 50, "threads": threads, "losses": default,
        "variants": {"one_thread": one_thread, "onednn_disabled": without_onednn}})


def batch_norm_fixtures():
    """BatchNorm2d/1d in PyTorch: two training batches (outputs and gradients of the first),
    the running statistics and num_batches_tracked after them, eval outputs, momentum=None, and
    the state dict's keys and dtypes."""
    g = torch.Generator().manual_seed(21)
    cases = {}
    for name, make, shape in [("bn2d", lambda: nn.BatchNorm2d(3), (4, 3, 5, 5)),
                              ("bn2d_cumulative", lambda: nn.BatchNorm2d(3, momentum=None), (2, 3, 4, 4)),
                              ("bn1d", lambda: nn.BatchNorm1d(4), (8, 4)),
                              ("bn1d_3d", lambda: nn.BatchNorm1d(4, eps=1e-3, momentum=0.3), (5, 4, 3))]:
        bn = make()
        with torch.no_grad():
            bn.weight.copy_(torch.randn(bn.num_features, generator=g))
            bn.bias.copy_(torch.randn(bn.num_features, generator=g))
        weight, bias = bn.weight.detach().clone(), bn.bias.detach().clone()
        x1 = torch.randn(*shape, generator=g).requires_grad_()
        x2 = torch.randn(*shape, generator=g) * 2 + 1
        x3 = torch.randn(*shape, generator=g)
        bn.train()
        y1 = bn(x1)
        n = y1.numel()
        w = torch.tensor([(i * 7919 % 17) / 17 - 0.4 for i in range(n)]).reshape(y1.shape)
        (y1 * w).sum().backward()
        bn(x2)
        bn.eval()
        y3 = bn(x3)
        state = bn.state_dict()
        cases[name] = {
            "shape": list(shape), "weight": weight.tolist(), "bias": bias.tolist(),
            "x1": x1.detach().flatten().tolist(), "x2": x2.flatten().tolist(), "x3": x3.flatten().tolist(),
            "y1": y1.detach().flatten().tolist(), "x1.grad": x1.grad.flatten().tolist(),
            "weight.grad": bn.weight.grad.tolist(), "bias.grad": bn.bias.grad.tolist(),
            "running_mean": bn.running_mean.tolist(), "running_var": bn.running_var.tolist(),
            "num_batches_tracked": int(bn.num_batches_tracked), "y3": y3.detach().flatten().tolist(),
            "keys": list(state.keys()), "dtypes": [str(v.dtype).removeprefix("torch.") for v in state.values()],
        }
    write("AnnealNNTests", "batch_norm.json", {"cases": cases})


class BufferNet(nn.Module):
    """A module with a frozen parameter, int64, bool and float buffers, a non-persistent
    buffer, a ModuleList and a ModuleDict; Scripts/check_state_dict.py builds it too."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 2)
        self.fc.weight.requires_grad_(False)
        self.register_buffer("steps", torch.tensor(7, dtype=torch.int64))
        self.register_buffer("mask", torch.tensor([True, False, True]))
        self.register_buffer("scratch", torch.zeros(2), persistent=False)
        self.blocks = nn.ModuleList([nn.Linear(2, 2)])
        self.heads = nn.ModuleDict({"out": nn.Linear(2, 1)})
        self.register_buffer("running_mean", torch.tensor([0.5, -0.25]))


def module_buffer_fixtures():
    """BufferNet's state dict as PyTorch saves it, with its key order and dtypes."""
    from safetensors.torch import save_file
    torch.manual_seed(0)
    net = BufferNet()
    state = net.state_dict()
    folder = os.path.join(ROOT, "Tests", "AnnealNNTests", "Fixtures")
    os.makedirs(folder, exist_ok=True)
    save_file(state, os.path.join(folder, "buffer_net.safetensors"))
    write("AnnealNNTests", "buffer_net.json", {
        "keys": list(state.keys()),
        "dtypes": {k: str(v.dtype).removeprefix("torch.") for k, v in state.items()},
        "parameters": [name for name, _ in net.named_parameters()],
        "buffers": [name for name, _ in net.named_buffers()],
        "modules": [name for name, _ in net.named_modules()],
    })


def conv_init_fixtures():
    """pytorch/examples' MNIST convolutions after torch.manual_seed(1): Conv2d's default init."""
    torch.manual_seed(1)
    conv1 = nn.Conv2d(1, 32, 3, 1)
    conv2 = nn.Conv2d(32, 64, 3, 1)
    with torch.no_grad():
        write("AnnealNNTests", "conv_init.json", {
            "conv1.weight": conv1.weight.flatten().tolist(), "conv1.bias": conv1.bias.tolist(),
            "conv2.weight.first": conv2.weight.flatten()[:64].tolist(),
            "conv2.weight.last": conv2.weight.flatten()[-64:].tolist(),
            "conv2.weight.sum": float(conv2.weight.double().sum()), "conv2.bias": conv2.bias.tolist(),
        })


def layer_init_fixtures():
    """Default initialisation of the other layers with parameters, one after another from
    torch.manual_seed(5): every parameter and buffer, flattened, in state-dict order."""
    torch.manual_seed(5)
    layers = {
        "conv1d": nn.Conv1d(3, 4, 3), "conv1d_groups": nn.Conv1d(4, 6, 2, groups=2, bias=False),
        "conv_transpose2d": nn.ConvTranspose2d(3, 2, 3, stride=2),
        "conv_transpose2d_groups": nn.ConvTranspose2d(4, 6, (2, 3), groups=2),
        "embedding": nn.Embedding(10, 4), "embedding_padding": nn.Embedding(6, 3, padding_idx=-2),
        "layer_norm": nn.LayerNorm([2, 3]), "group_norm": nn.GroupNorm(2, 4), "linear": nn.Linear(5, 3),
    }
    with torch.no_grad():
        write("AnnealNNTests", "layer_init.json", {
            name: [{"name": k, "shape": list(v.shape), "values": v.flatten().tolist()}
                   for k, v in layer.state_dict().items()] for name, layer in layers.items()})


def clip_grad_fixtures():
    """torch.nn.utils.clip_grad_norm_ for several norm types and limits (the total norm and the
    gradients after), clip_grad_value_, and parameters_to_vector."""
    g = torch.Generator().manual_seed(11)
    shapes = [[3, 4], [4], [2, 2, 3]]
    values = [torch.randn(s, generator=g) for s in shapes]
    grads = [torch.randn(s, generator=g) * 3 for s in shapes]
    cases = []
    for max_norm, norm_type in [(1.0, 2.0), (100.0, 2.0), (0.5, float("inf")), (2.0, 1.0), (1.5, 3.0)]:
        params = [v.clone().requires_grad_() for v in values]
        for p, gr in zip(params, grads):
            p.grad = gr.clone()
        total = torch.nn.utils.clip_grad_norm_(params, max_norm, norm_type=norm_type)
        cases.append({"max_norm": max_norm, "norm_type": "inf" if norm_type == float("inf") else norm_type,
                      "total": float(total), "grads": [p.grad.flatten().tolist() for p in params]})
    params = [v.clone().requires_grad_() for v in values]
    for p, gr in zip(params, grads):
        p.grad = gr.clone()
    torch.nn.utils.clip_grad_value_(params, 0.7)
    write("AnnealNNTests", "clip_grad.json", {
        "shapes": shapes, "values": [v.flatten().tolist() for v in values],
        "grads": [gr.flatten().tolist() for gr in grads], "norm_cases": cases,
        "value_clipped": [p.grad.flatten().tolist() for p in params],
        "vector": torch.nn.utils.parameters_to_vector(values).tolist(),
    })


def batchnorm_cnn_net(channels=(16, 32, 64)):
    """The network of Sources/AnnealModels/BatchNormCNN.swift."""
    def block(i, o):
        return [nn.Conv2d(i, o, 3, padding=1, bias=False), nn.BatchNorm2d(o), nn.GELU()]
    return nn.Sequential(*block(1, channels[0]), nn.MaxPool2d(2), *block(channels[0], channels[1]), nn.MaxPool2d(2),
                         *block(channels[1], channels[2]), nn.AdaptiveAvgPool2d(1), nn.Flatten(),
                         nn.Linear(channels[2], 10))


def batchnorm_cnn_fixtures():
    """The BatchNorm2d + GELU + AdaptiveAvgPool2d network: its initial state after
    manual_seed(3) (a digest), then weights and running statistics after five Adam steps on
    random batches, saved as safetensors, with eval-mode and train-mode outputs for fixed inputs."""
    from safetensors.torch import save_file
    torch.manual_seed(3)
    net = batchnorm_cnn_net()
    initial = {k: v.double().sum().item() for k, v in net.state_dict().items()}
    first = {k: v.flatten()[:8].tolist() for k, v in net.state_dict().items()}
    g = torch.Generator().manual_seed(4)
    opt = torch.optim.Adam(net.parameters(), lr=0.01)
    net.train()
    for _ in range(5):
        x = torch.rand(16, 1, 28, 28, generator=g)
        y = torch.randint(0, 10, (16,), generator=g)
        opt.zero_grad()
        torch.nn.functional.cross_entropy(net(x), y).backward()
        opt.step()
    folder = os.path.join(ROOT, "Tests", "AnnealParityTests", "Fixtures")
    save_file({k: v.contiguous() for k, v in net.state_dict().items()}, os.path.join(folder, "batchnorm_cnn.safetensors"))
    inputs = torch.rand(4, 1, 28, 28, generator=g)
    with torch.no_grad():
        net.eval()
        evaluated = net(inputs)
        net.train()
        trained = net(inputs)
    write("AnnealParityTests", "batchnorm_cnn.json", {
        "keys": list(net.state_dict().keys()),
        "dtypes": [str(v.dtype).removeprefix("torch.") for v in net.state_dict().values()],
        "initial_sums": initial, "initial_first": first,
        "inputs": inputs.flatten().tolist(), "eval_outputs": evaluated.flatten().tolist(),
        "train_outputs": trained.flatten().tolist(),
    })


def torchvision_datasets_fixtures():
    """torchvision's MNIST, FashionMNIST and KMNIST: folder names, mirrors, file names, MD5s
    (of the .gz files) and class names, which AnnealData's MNIST.Variant must carry."""
    from torchvision import datasets
    entries = {}
    for cls in (datasets.MNIST, datasets.FashionMNIST, datasets.KMNIST):
        entries[cls.__name__] = {"mirrors": cls.mirrors, "resources": [list(r) for r in cls.resources],
                                 "classes": cls.classes}
    splits = {}
    from torch.utils.data import random_split
    for name, n, lengths, seed in [("lengths", 10, [3, 7], 42), ("fractions", 11, [0.3, 0.3, 0.4], 7),
                                   ("three", 25, [5, 0, 20], 1)]:
        parts = random_split(range(n), lengths, generator=torch.Generator().manual_seed(seed))
        splits[name] = {"n": n, "lengths": lengths, "seed": seed, "indices": [list(p.indices) for p in parts]}
    write("AnnealDataTests", "torchvision_datasets.json", {"datasets": entries, "random_split": splits})


def transform_fixtures():
    """torchvision transforms on tensors from the default generator after manual_seed(3):
    RandomCrop with padding, RandomHorizontalFlip and Normalize, image after image, then the
    stream's next draw; torch.randint draws for several ranges."""
    from torchvision import transforms as T
    from torchvision.transforms import functional as TF
    g = torch.Generator().manual_seed(9)
    images = [torch.rand(1, 6, 5, generator=g) for _ in range(6)]
    torch.manual_seed(3)
    first = T.Compose([T.RandomCrop(4, padding=1), T.RandomHorizontalFlip(), T.Normalize((0.5,), (0.25,))])
    second = T.RandomCrop((3, 5), padding=(1, 0, 2, 1), fill=0.5)
    outputs = [first(x) for x in images[:4]] + [second(x) for x in images[4:]]
    after = torch.rand(1).item()
    torch.manual_seed(4)
    ranges = (1, 2, 3, 7, 1000, 65537, 2 ** 28 - 1, 2 ** 28, 2 ** 31, 10 ** 10, 2 ** 33)
    randints = [torch.randint(0, n, (1,)).item() for n in ranges]
    # RandomRotation on MNIST digits (nearest, the image's centre, fill 0 and 0.5), then the stream.
    from tutorial_model import MNISTFiles
    test = MNISTFiles(MNIST_DIR, train=False)
    digits = [test[i][0] for i in range(6)]
    torch.manual_seed(5)
    rotations = [T.RandomRotation(30)(d) for d in digits[:4]]
    rotations += [T.RandomRotation((-10, 60), fill=0.5)(d) for d in digits[4:]]
    rotation_after = torch.rand(1).item()
    fixed = [TF.rotate(digits[0], a, fill=[0.0]) for a in (0.0, 90.0, -33.3, 180.0)]
    write("AnnealDataTests", "transforms.json", {
        "images": [x.flatten().tolist() for x in images], "image_shape": [1, 6, 5],
        "outputs": [y.flatten().tolist() for y in outputs], "output_shapes": [list(y.shape) for y in outputs],
        "after": after, "randint_ranges": list(ranges), "randints": randints,
        "digits": [d.flatten().tolist() for d in digits],
        "rotations": [r.flatten().tolist() for r in rotations], "rotation_after": rotation_after,
        "fixed_angles": [0.0, 90.0, -33.3, 180.0], "fixed_rotations": [r.flatten().tolist() for r in fixed],
    })


def dropout_fixtures():
    """Dropout masks from the default generator: F.dropout and F.dropout2d after manual_seed,
    with gradients, and the stream's next draws."""
    import torch.nn.functional as F
    g = torch.Generator().manual_seed(4)
    x = torch.randn(5, 7, generator=g).requires_grad_()
    x2 = torch.randn(2, 3, 2, 2, generator=g).requires_grad_()
    torch.manual_seed(7)
    y = F.dropout(x, 0.3, training=True)
    y2 = F.dropout2d(x2, 0.5, training=True)
    after = torch.rand(3).tolist()
    (y.sum() + (y2 * 2).sum()).backward()
    torch.manual_seed(11)
    big = F.dropout(torch.ones(64, 9216), 0.5, training=True)
    write("AnnealNNTests", "dropout.json", {
        "x": x.detach().flatten().tolist(), "x2": x2.detach().flatten().tolist(),
        "y": y.detach().flatten().tolist(), "y2": y2.detach().flatten().tolist(), "after": after,
        "x.grad": x.grad.flatten().tolist(), "x2.grad": x2.grad.flatten().tolist(),
        "big_kept": int((big != 0).sum()), "big_first_zeros": (big[0] == 0).nonzero().flatten()[:40].tolist(),
    })


DTYPES = {"float32": torch.float32, "int64": torch.int64, "bool": torch.bool}


def tensor_op_fixtures():
    """Every tensor-core op on contiguous, transposed, expanded, sliced and broadcast inputs:
    values, dtypes and shapes of the outputs, and the gradients of the leaves for a fixed
    weighting of the outputs (out * w).sum() with w[i] = (i * 7919 % 17) / 17 - 0.4."""
    import sys
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from tensor_op_cases import CASES, apply, layout
    cases = []
    for name, op, inputs, kw in CASES:
        leaves = []
        for spec in inputs:
            base = torch.tensor(spec["values"], dtype=DTYPES[spec["dtype"]]).reshape(spec["shape"])
            if spec["grad"] and spec["dtype"] == "float32":
                base.requires_grad_(True)
            leaves.append(base)
        xs = [layout(b, spec["layout"]) for b, spec in zip(leaves, inputs)]
        outs = apply(op, xs, kw)
        objective = 0
        for out in outs:
            if out.requires_grad:
                n = out.numel()
                w = torch.tensor([(i * 7919 % 17) / 17 - 0.4 for i in range(n)], dtype=torch.float32).reshape(out.shape)
                objective = objective + (out * w).sum()
        if torch.is_tensor(objective):
            objective.backward()
        cases.append({
            "name": name, "op": op, "inputs": inputs, "kwargs": kw,
            "outputs": [{"values": o.detach().reshape(-1).tolist(), "shape": list(o.shape),
                         "dtype": str(o.dtype).removeprefix("torch.")} for o in outs],
            "grads": [b.grad.reshape(-1).tolist() if b.grad is not None else None for b in leaves],
        })
    creation = {
        "linspace_0_1_7": torch.linspace(0, 1, steps=7).tolist(),
        "linspace_-3_5_10": torch.linspace(-3, 5, steps=10).tolist(),
        "linspace_0.1_0.7_11": torch.linspace(0.1, 0.7, steps=11).tolist(),
        "arange_2_11_3": torch.arange(2, 11, 3).tolist(),
        "arange_10_0_-3": torch.arange(10, 0, -3).tolist(),
        "full_2x2_0.1": torch.full((2, 2), 0.1).reshape(-1).tolist(),
    }
    write("AnnealTests", "tensor_ops.json", {"cases": cases, "creation": creation})


def tensorboard_fixtures():
    """torch.utils.tensorboard.SummaryWriter's event file for a few scalars at fixed wall times
    (time.time patched for the file_version event): Anneal's records must equal these bytes."""
    import base64
    import glob
    import tempfile
    import time
    from unittest import mock
    from torch.utils.tensorboard import SummaryWriter

    scalars = [("train/loss", 2.3025851249694824, 1, 1700000000.25), ("train/loss", 0.1905, 500, 1700000001.5),
               ("eval/accuracy", 95.85, 500, 1700000001.75), ("lr/group0", 0.1, 0, 1700000000.125),
               ("momentum/group0", 0.9, 3000, 1700000002.0), ("lr/group0", 1.0000000000000004e-05, 2999, 1700000003.0)]
    with tempfile.TemporaryDirectory() as folder:
        with mock.patch.object(time, "time", return_value=1700000000.0):
            writer = SummaryWriter(log_dir=folder)
        for tag, value, step, wall_time in scalars:
            writer.add_scalar(tag, value, step, walltime=wall_time)
        writer.close()
        (path,) = glob.glob(os.path.join(folder, "events.out.tfevents.*"))
        with open(path, "rb") as f:
            data = f.read()
    write("AnnealTrainingTests", "tensorboard.json", {
        "file_version_wall_time": 1700000000.0,
        "scalars": [{"tag": t, "value": v, "step": s, "wall_time": w} for t, v, s, w in scalars],
        "file_base64": base64.b64encode(data).decode()})


def schedulefree_fixtures():
    """The schedulefree package (1.4.1: SGD, AdamW and RAdam) on two parameters with gradients `0.5 * p - t` (float32,
    as Anneal computes them): y after every step, the evaluated x and y again after an
    eval()/train() round trip every 4 steps, and the state dict's group keys at the end."""
    import schedulefree
    g = torch.Generator().manual_seed(31)
    initial = [torch.randn(3, 4, generator=g), torch.randn(5, generator=g)]
    targets = [torch.randn(3, 4, generator=g), torch.randn(5, generator=g)]
    configs = [
        ("sgd", {"lr": 0.5}),
        ("sgd", {"lr": 0.3, "momentum": 0.8, "weight_decay": 0.05, "warmup_steps": 4, "r": 0.5, "weight_lr_power": 1.5}),
        ("adamw", {"lr": 0.05}),
        ("adamw", {"lr": 0.02, "betas": (0.8, 0.99), "eps": 1e-6, "weight_decay": 0.1, "warmup_steps": 5, "r": 1.0}),
        # RAdam: the first steps are silent (or SGD steps) until the rectification starts (step 5
        # for beta2 0.999 and for 0.99).
        ("radam", {"lr": 0.05}),
        ("radam", {"lr": 0.02, "betas": (0.8, 0.99), "eps": 1e-6, "weight_decay": 0.1, "r": 1.0,
                   "weight_lr_power": 1.5, "silent_sgd_phase": False}),
    ]
    cases = []
    for kind, options in configs:
        params = [p.clone().requires_grad_() for p in initial]
        cls = {"sgd": schedulefree.SGDScheduleFree, "adamw": schedulefree.AdamWScheduleFree,
               "radam": schedulefree.RAdamScheduleFree}[kind]
        optimizer = cls(params, **options)
        optimizer.train()
        steps, evaluated = [], []
        for step in range(12):
            for p, t in zip(params, targets):
                p.grad = p.detach() * 0.5 - t
            optimizer.step()
            steps.append([p.detach().flatten().tolist() for p in params])
            if step % 4 == 3:
                optimizer.eval()
                evaluated.append([p.detach().flatten().tolist() for p in params])
                optimizer.train()
        group = {k: v for k, v in optimizer.state_dict()["param_groups"][0].items() if k != "params"}
        cases.append({"kind": kind, "options": {k: list(v) if isinstance(v, tuple) else v for k, v in options.items()},
                      "steps": steps, "evaluated": evaluated,
                      "group": {k: list(v) if isinstance(v, tuple) else v for k, v in group.items()}})
    write("AnnealOptimTests", "schedulefree.json", {
        "package": f"schedulefree {schedulefree.__version__ if hasattr(schedulefree, '__version__') else '1.4.1'}",
        "initial": [p.flatten().tolist() for p in initial], "targets": [t.flatten().tolist() for t in targets],
        "cases": cases})


def prodigy_fixtures():
    """The prodigyopt package (1.1.2) on the schedulefree fixture's parameters and gradients
    (`0.5 * p - t`, float32): parameters and the step-size estimate d after every step, and
    the group keys at the end."""
    import prodigyopt
    g = torch.Generator().manual_seed(37)
    initial = [torch.randn(3, 4, generator=g), torch.zeros(5)]
    targets = [torch.randn(3, 4, generator=g), torch.randn(5, generator=g)]
    configs = [
        {},
        {"weight_decay": 0.1},
        {"weight_decay": 0.05, "decouple": False, "use_bias_correction": True, "betas": (0.8, 0.99)},
        {"betas": (0.0, 0.999), "safeguard_warmup": True, "growth_rate": 1.05, "d0": 1e-4, "d_coef": 0.5},
        {"lr": 0.5, "beta3": 0.9, "eps": 1e-6},
    ]
    cases = []
    for options in configs:
        params = [p.clone().requires_grad_() for p in initial]
        optimizer = prodigyopt.Prodigy(params, **options)
        steps, ds = [], []
        for step in range(20):
            for p, t in zip(params, targets):
                p.grad = p.detach() * 0.5 - t
            optimizer.step()
            steps.append([p.detach().flatten().tolist() for p in params])
            ds.append(optimizer.param_groups[0]["d"])
        group = {k: v for k, v in optimizer.state_dict()["param_groups"][0].items() if k != "params"}
        fix = lambda v: list(v) if isinstance(v, tuple) else ("inf" if v == float("inf") else v)
        cases.append({"options": {k: fix(v) for k, v in options.items()}, "steps": steps, "d": ds,
                      "group": {k: fix(v) for k, v in group.items()}})
    write("AnnealOptimTests", "prodigy.json", {
        "package": "prodigyopt 1.1.2", "initial": [p.flatten().tolist() for p in initial],
        "targets": [t.flatten().tolist() for t in targets], "cases": cases})


def dadaptation_fixtures():
    """The dadaptation package (3.2): DAdaptSGD and DAdaptAdam on the prodigy fixture's kind of
    parameters and gradients (`0.5 * p - t`, float32): parameters and d after every step."""
    import dadaptation
    g = torch.Generator().manual_seed(41)
    initial = [torch.randn(3, 4, generator=g), torch.randn(5, generator=g)]
    targets = [torch.randn(3, 4, generator=g), torch.randn(5, generator=g)]
    configs = [
        ("sgd", {}), ("sgd", {"momentum": 0.9, "weight_decay": 0.01}), ("sgd", {"growth_rate": 1.5, "d0": 1e-3}),
        ("adam", {}), ("adam", {"weight_decay": 0.1, "decouple": True}),
        ("adam", {"weight_decay": 0.05, "use_bias_correction": True, "betas": (0.8, 0.99), "growth_rate": 1.1}),
    ]
    cases = []
    for kind, options in configs:
        params = [p.clone().requires_grad_() for p in initial]
        cls = dadaptation.DAdaptSGD if kind == "sgd" else dadaptation.DAdaptAdam
        optimizer = cls(params, **options)
        steps, ds = [], []
        for step in range(20):
            for p, t in zip(params, targets):
                p.grad = p.detach() * 0.5 - t
            optimizer.step()
            steps.append([p.detach().flatten().tolist() for p in params])
            ds.append(optimizer.param_groups[0]["d"])
        cases.append({"kind": kind, "options": {k: list(v) if isinstance(v, tuple) else v for k, v in options.items()},
                      "steps": steps, "d": ds})
    write("AnnealOptimTests", "dadaptation.json", {
        "package": "dadaptation 3.2", "initial": [p.flatten().tolist() for p in initial],
        "targets": [t.flatten().tolist() for t in targets], "cases": cases})


def comparison_fixtures():
    """SciPy's Welch t-test (ttest_ind with equal_var=False, two-sided) and NumPy's sample
    standard deviation for `anneal compare`'s verdict, on accuracies like those of a few seeds."""
    import numpy as np
    from scipy import stats
    g = torch.Generator().manual_seed(7)
    samples = [([97.23, 97.08, 97.11], [97.88, 97.90, 97.74]),
               ([97.77, 97.90, 97.63], [97.88, 97.90, 97.74]),
               ([1.0, 2.0], [1.5, 2.5, 3.5, 4.5]),
               ([0.5, 0.6, 0.55, 0.7, 0.65], [0.2, 0.9])]
    for n, m, scale in [(3, 3, 0.1), (5, 4, 2.0), (2, 7, 1e-3), (10, 10, 50.0), (2, 2, 1.0)]:
        a = (torch.randn(n, generator=g, dtype=torch.float64) * scale).tolist()
        b = (torch.randn(m, generator=g, dtype=torch.float64) * scale + scale / 2).tolist()
        samples.append((a, b))
    cases = []
    for a, b in samples:
        result = stats.ttest_ind(a, b, equal_var=False)
        cases.append({"a": a, "b": b, "t": float(result.statistic), "df": float(result.df),
                      "p": float(result.pvalue), "std_a": float(np.std(a, ddof=1)), "mean_a": float(np.mean(a))})
    write("AnnealTrainingTests", "welch.json", {"scipy": __import__("scipy").__version__, "cases": cases})


if __name__ == "__main__":
    import sys
    ALL = [random_fixtures, loader_fixtures, init_fixtures, ops_fixtures, optimizer_fixtures, steplr_fixtures,
           repr_fixtures, schedule_fixtures, warmup_fixtures, noise_fixtures, safetensors_fixtures, training_parity_fixtures,
           tensor_op_fixtures, module_buffer_fixtures, conv_init_fixtures, dropout_fixtures, examples_mnist_fixtures,
           batch_norm_fixtures, layer_init_fixtures, clip_grad_fixtures, batchnorm_cnn_fixtures,
           torchvision_datasets_fixtures, transform_fixtures, tensorboard_fixtures, schedulefree_fixtures,
           prodigy_fixtures, dadaptation_fixtures, comparison_fixtures]
    # Optional arguments pick some, e.g. `make_fixtures.py schedule` for schedule_fixtures.
    chosen = [f for f in ALL if not sys.argv[1:] or f.__name__.removesuffix("_fixtures") in sys.argv[1:]]
    for fixture in chosen:
        fixture()
