"""PyTorch's answer to `anneal schedule`: the same arguments, the same JSON, computed by
torch.optim.lr_scheduler itself. Used to generate the scheduler fixtures and to compare.

Usage:
    python Scripts/schedule_oracle.py 'OneCycleLR(max_lr=0.1, total_steps=100)' --steps 100 \
        [--lr 0.1 ...] [--optimizer sgd|adam] [--momentum 0.9] [--metrics 1,0.9,...]

Prints {"lr": [[...], ...], "momentum": [[...], ...]} with N+1 rows, or "Error: ..." on
stderr with exit status 1 when PyTorch rejects the spec or a step.
"""

import argparse
import ast
import json
import math
import sys
import warnings

import torch
from torch.optim import lr_scheduler
from torch.optim.swa_utils import SWALR

SCHEDULERS = {name: getattr(lr_scheduler, name) for name in lr_scheduler.__all__ if name != "LRScheduler"}
SCHEDULERS["SWALR"] = SWALR
try:  # timm's CosineLRScheduler, stepped as timm's train.py steps it: step(epoch + 1)
    from timm.scheduler import CosineLRScheduler
    SCHEDULERS["CosineLRScheduler"] = CosineLRScheduler
except ImportError:
    pass
SCHEDULERS["get_scheduler"] = lambda optimizer, **kwargs: _get_scheduler(optimizer, **kwargs)


class _KerasSchedule:
    """A Keras learning-rate schedule (float64) driving each group's lr as Keras drives its
    optimizer: the value at optimizer.iterations = 0, 1, 2, ... The initial rate is the group's."""

    def __init__(self, make, optimizer, **kwargs):
        import os
        os.environ.setdefault("KERAS_BACKEND", "torch")
        import keras
        keras.config.set_floatx("float64")
        self.optimizer = optimizer
        self.t = 0
        self.schedules = []
        for group in optimizer.param_groups:
            group.setdefault("initial_lr", group["lr"])
            self.schedules.append(make(keras.optimizers.schedules, group["initial_lr"], **kwargs))
        self._apply()

    def _apply(self):
        for group, schedule in zip(self.optimizer.param_groups, self.schedules):
            group["lr"] = float(schedule(self.t))

    def step(self):
        self.t += 1
        self._apply()


SCHEDULERS["PolynomialDecay"] = lambda optimizer, **kwargs: _KerasSchedule(
    lambda schedules, lr, **kw: schedules.PolynomialDecay(lr, **kw), optimizer, **kwargs)
LAMBDA_ARGS = {"lr_lambda": "epoch", "scale_fn": "x"}


class _Injector(ast.NodeTransformer):
    """Adds the optimizer to every scheduler call and turns expression strings into lambdas."""

    def visit_Call(self, node):
        self.generic_visit(node)
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
        if name not in SCHEDULERS:
            return node
        node.func = ast.Name(id=name, ctx=ast.Load())
        if node.args and isinstance(node.args[0], ast.Name) and node.args[0].id == "optimizer":
            node.args = node.args[1:]
        if name == "ChainedScheduler":
            if not any(k.arg == "optimizer" for k in node.keywords):
                node.keywords.append(ast.keyword(arg="optimizer", value=ast.Name(id="optimizer", ctx=ast.Load())))
        else:
            node.args.insert(0, ast.Name(id="optimizer", ctx=ast.Load()))
        for keyword in node.keywords:
            if keyword.arg in LAMBDA_ARGS:
                keyword.value = _lambdas(keyword.value, LAMBDA_ARGS[keyword.arg])
        return node


def _lambdas(value, variable):
    def convert(item):
        if isinstance(item, ast.Constant) and isinstance(item.value, str):
            text = item.value.strip()
            if not text.startswith("lambda"):
                text = f"lambda {variable}: {text}"
            return ast.parse(text, mode="eval").body
        if isinstance(item, ast.Constant) and isinstance(item.value, (int, float)):
            return ast.parse(f"lambda {variable}: {item.value!r}", mode="eval").body
        return item

    if isinstance(value, (ast.List, ast.Tuple)):
        value.elts = [convert(e) for e in value.elts]
        return value
    return convert(value)


TRANSFORMERS_DIRECT = {"name", "num_warmup_steps", "num_training_steps"}


def _get_scheduler(optimizer, **kwargs):
    """transformers.get_scheduler with its scheduler_specific_kwargs given flat, as in Anneal's specs."""
    from transformers import get_scheduler
    direct = {k: v for k, v in kwargs.items() if k in TRANSFORMERS_DIRECT}
    specific = {k: v for k, v in kwargs.items() if k not in TRANSFORMERS_DIRECT and k != "last_epoch"}
    return get_scheduler(optimizer=optimizer, scheduler_specific_kwargs=specific or None, **direct)


def build(spec, optimizer):
    tree = ast.parse(spec.strip(), mode="eval")
    tree = ast.fix_missing_locations(_Injector().visit(tree))
    namespace = dict(SCHEDULERS, optimizer=optimizer, math=math)
    return eval(compile(tree, "<spec>", "eval"), namespace)


def trace(spec, lrs, steps, optimizer_kind="sgd", momentum=0.0, metrics=()):
    params = [torch.zeros(1, requires_grad=True) for _ in lrs]
    groups = [{"params": [p], "lr": float(lr)} for p, lr in zip(params, lrs)]
    if optimizer_kind == "adam":
        optimizer = torch.optim.Adam(groups, lr=float(lrs[0]))
    else:
        optimizer = torch.optim.SGD(groups, lr=float(lrs[0]), momentum=float(momentum))

    def momenta():
        if optimizer_kind == "adam":
            return [g["betas"][0] for g in optimizer.param_groups]
        return [g["momentum"] for g in optimizer.param_groups]

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        scheduler = build(spec, optimizer)
        rows = [[g["lr"] for g in optimizer.param_groups]]
        mrows = [momenta()]
        for i in range(steps):
            optimizer.step()
            if isinstance(scheduler, lr_scheduler.ReduceLROnPlateau):
                scheduler.step(metrics[i])
            elif type(scheduler).__module__.startswith("timm"):
                scheduler.step(i + 1)
            else:
                scheduler.step()
            rows.append([g["lr"] for g in optimizer.param_groups])
            mrows.append(momenta())
    return {"lr": [[float(x) for x in r] for r in rows], "momentum": [[float(x) for x in r] for r in mrows]}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("spec")
    parser.add_argument("--lr", type=float, action="append")
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--optimizer", choices=["sgd", "adam"], default="sgd")
    parser.add_argument("--momentum", type=float, default=0.0)
    parser.add_argument("--metrics", default="")
    args = parser.parse_args()
    metrics = [float(m) for m in args.metrics.split(",")] if args.metrics else []
    try:
        result = trace(args.spec, args.lr or [0.1], args.steps, args.optimizer, args.momentum, metrics)
    except Exception as error:  # PyTorch's ValueError/TypeError/KeyError: report like the CLI
        print(f"Error: {error}", file=sys.stderr)
        sys.exit(1)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
