"""The tensor-core op cases shared by the fixture generator and (by name) the Swift tests.

Each case: an op name (dispatched in Tests/AnnealTests/TensorOpFixtureTests.swift), its
inputs and keyword arguments. An input is built as
    base = tensor(values, dtype).reshape(base_shape)   # the leaf (requires grad if float)
    x = layout(base)                                   # "t", "expand", "slice", "permute" or none
so non-contiguous, transposed, expanded and broadcast inputs reach every op, and gradients are
those of the leaf.
"""

import torch


def layout(base, spec):
    if spec is None:
        return base
    kind = spec[0]
    if kind == "t":
        return base.transpose(-1, -2)
    if kind == "expand":
        return base.expand(*spec[1])
    if kind == "slice":  # every second entry of a dimension
        return base[(slice(None),) * spec[1] + (slice(None, None, 2),)]
    if kind == "permute":
        return base.permute(*spec[1])
    raise ValueError(spec)


def apply(op, xs, kw):
    a = xs[0] if xs else None
    b = xs[1] if len(xs) > 1 else None
    table = {
        "add": lambda: [a + b], "sub": lambda: [a - b], "mul": lambda: [a * b], "div": lambda: [a / b],
        "add_scalar": lambda: [a + kw["s"]], "rsub_scalar": lambda: [kw["s"] - a], "mul_scalar": lambda: [a * kw["s"]],
        "div_scalar": lambda: [a / kw["s"]], "rdiv_scalar": lambda: [kw["s"] / a],
        "pow_scalar": lambda: [a.pow(kw["e"])], "pow_tensor": lambda: [a.pow(b)],
        "neg": lambda: [-a], "abs": lambda: [a.abs()], "exp": lambda: [a.exp()], "log": lambda: [a.log()],
        "log1p": lambda: [a.log1p()], "sqrt": lambda: [a.sqrt()], "rsqrt": lambda: [a.rsqrt()],
        "tanh": lambda: [a.tanh()], "sigmoid": lambda: [a.sigmoid()], "relu": lambda: [a.relu()],
        "clamp": lambda: [a.clamp(min=kw.get("min"), max=kw.get("max"))],
        "maximum": lambda: [torch.maximum(a, b)], "minimum": lambda: [torch.minimum(a, b)],
        "where": lambda: [torch.where(xs[2], a, b)], "masked_fill": lambda: [a.masked_fill(b, kw["v"])],
        "eq": lambda: [a == b], "lt": lambda: [a < b], "ge": lambda: [a >= b], "gt_scalar": lambda: [a > kw["s"]],
        "sum": lambda: [a.sum(dim=kw["dims"], keepdim=kw["keep"]) if kw["dims"] else a.sum()],
        "mean": lambda: [a.mean(dim=kw["dims"], keepdim=kw["keep"]) if kw["dims"] else a.mean()],
        "var": lambda: [a.var(dim=kw["dims"], correction=kw["c"], keepdim=kw["keep"])],
        "std": lambda: [a.std(dim=kw["dims"], correction=kw["c"], keepdim=kw["keep"])],
        "max_dim": lambda: list(a.max(dim=kw["dim"], keepdim=kw["keep"])),
        "min_dim": lambda: list(a.min(dim=kw["dim"], keepdim=kw["keep"])),
        "max_all": lambda: [a.max()], "amax": lambda: [a.amax(dim=kw["dims"], keepdim=kw["keep"])],
        "argmax": lambda: [a.argmax(dim=kw["dim"], keepdim=kw["keep"])],
        "argmin": lambda: [a.argmin(dim=kw["dim"], keepdim=kw["keep"])],
        "argmax_all": lambda: [a.argmax()],
        "logsumexp": lambda: [a.logsumexp(dim=kw["dims"], keepdim=kw["keep"])],
        "matmul": lambda: [a @ b],
        "cat": lambda: [torch.cat(xs, dim=kw["dim"])], "stack": lambda: [torch.stack(xs, dim=kw["dim"])],
        "split": lambda: list(a.split(kw["size"], dim=kw["dim"])), "chunk": lambda: list(a.chunk(kw["n"], dim=kw["dim"])),
        "gather": lambda: [a.gather(kw["dim"], b)], "scatter": lambda: [a.scatter(kw["dim"], b, xs[2])],
        "scatter_add": lambda: [a.scatter_add(kw["dim"], b, xs[2])],
        "index_select": lambda: [a.index_select(kw["dim"], b)],
        "one_hot": lambda: [torch.nn.functional.one_hot(a, kw["n"])],
        "to_int64": lambda: [a.to(torch.int64)], "to_float": lambda: [a.to(torch.float32)],
        "reshape": lambda: [a.reshape(kw["shape"])], "permute": lambda: [a.permute(*kw["dims"])],
        "transpose": lambda: [a.transpose(kw["d0"], kw["d1"])], "t": lambda: [a.t()],
        "expand": lambda: [a.expand(*kw["shape"])], "narrow": lambda: [a.narrow(kw["dim"], kw["start"], kw["len"])],
        "select": lambda: [a.select(kw["dim"], kw["index"])], "unsqueeze": lambda: [a.unsqueeze(kw["dim"])],
        "squeeze": lambda: [a.squeeze(kw["dim"]) if "dim" in kw else a.squeeze()],
        "flatten": lambda: [a.flatten(kw["start"], kw["end"])], "unflatten": lambda: [a.unflatten(kw["dim"], kw["sizes"])],
        "slice": lambda: [a[kw["start"]:kw["end"]:kw["step"]]], "contiguous": lambda: [a.contiguous()],
        "log_softmax": lambda: [a.log_softmax(kw["dim"])], "softmax": lambda: [a.softmax(kw["dim"])],
        "cross_entropy": lambda: [torch.nn.functional.cross_entropy(a, b)],
        "nll_loss": lambda: [torch.nn.functional.nll_loss(a, b)],
        "conv2d": lambda: [torch.nn.functional.conv2d(
            a, b, xs[2] if len(xs) > 2 else None, stride=tuple(kw.get("stride", [1, 1])),
            padding=kw["padding"] if isinstance(kw.get("padding"), str) else tuple(kw.get("padding", [0, 0])),
            dilation=tuple(kw.get("dilation", [1, 1])), groups=kw.get("groups", 1))],
        "max_pool2d": lambda: list(torch.nn.functional.max_pool2d(
            a, tuple(kw["kernel"]), stride=tuple(kw["stride"]) if "stride" in kw else None,
            padding=tuple(kw.get("padding", [0, 0])), dilation=tuple(kw.get("dilation", [1, 1])),
            ceil_mode=kw.get("ceil", False), return_indices=True)),
        "avg_pool2d": lambda: [torch.nn.functional.avg_pool2d(
            a, tuple(kw["kernel"]), stride=tuple(kw["stride"]) if "stride" in kw else None,
            padding=tuple(kw.get("padding", [0, 0])), ceil_mode=kw.get("ceil", False),
            count_include_pad=kw.get("include_pad", True), divisor_override=kw.get("divisor"))],
        "adaptive_avg_pool2d": lambda: [torch.nn.functional.adaptive_avg_pool2d(a, tuple(kw["size"]))],
        "gelu": lambda: [torch.nn.functional.gelu(a, approximate=kw.get("approximate", "none"))],
        "leaky_relu": lambda: [torch.nn.functional.leaky_relu(a, kw.get("slope", 0.01))],
        "elu": lambda: [torch.nn.functional.elu(a, kw.get("alpha", 1.0))],
        "silu": lambda: [torch.nn.functional.silu(a)], "mish": lambda: [torch.nn.functional.mish(a)],
        "softplus": lambda: [torch.nn.functional.softplus(a, kw.get("beta", 1.0), kw.get("threshold", 20.0))],
        "hardswish": lambda: [torch.nn.functional.hardswish(a)],
        "erf": lambda: [torch.erf(a)], "expm1": lambda: [torch.expm1(a)],
        "conv1d": lambda: [torch.nn.functional.conv1d(
            a, b, xs[2] if len(xs) > 2 else None, stride=kw.get("stride", 1), padding=kw.get("padding", 0),
            dilation=kw.get("dilation", 1), groups=kw.get("groups", 1))],
        "conv_transpose2d": lambda: [torch.nn.functional.conv_transpose2d(
            a, b, xs[2] if len(xs) > 2 else None, stride=tuple(kw.get("stride", [1, 1])),
            padding=tuple(kw.get("padding", [0, 0])), output_padding=tuple(kw.get("output_padding", [0, 0])),
            groups=kw.get("groups", 1), dilation=tuple(kw.get("dilation", [1, 1])))],
        "layer_norm": lambda: [torch.nn.functional.layer_norm(
            a, kw["shape"], weight=b if len(xs) > 1 else None, bias=xs[2] if len(xs) > 2 else None,
            eps=kw.get("eps", 1e-5))],
        "group_norm": lambda: [torch.nn.functional.group_norm(
            a, kw["groups"], weight=b if len(xs) > 1 else None, bias=xs[2] if len(xs) > 2 else None,
            eps=kw.get("eps", 1e-5))],
        "embedding": lambda: [torch.nn.functional.embedding(b, a, padding_idx=kw.get("padding_idx"))],
        "log_sigmoid": lambda: [torch.nn.functional.logsigmoid(a)],
        "nll_loss_full": lambda: [torch.nn.functional.nll_loss(
            a, b, weight=xs[2] if len(xs) > 2 else None, ignore_index=kw.get("ignore", -100),
            reduction=kw.get("reduction", "mean"))],
        "cross_entropy_full": lambda: [torch.nn.functional.cross_entropy(
            a, b, weight=xs[2] if len(xs) > 2 else None, ignore_index=kw.get("ignore", -100),
            reduction=kw.get("reduction", "mean"), label_smoothing=kw.get("smoothing", 0.0))],
        "mse_loss": lambda: [torch.nn.functional.mse_loss(a, b, reduction=kw.get("reduction", "mean"))],
        "l1_loss": lambda: [torch.nn.functional.l1_loss(a, b, reduction=kw.get("reduction", "mean"))],
        "smooth_l1_loss": lambda: [torch.nn.functional.smooth_l1_loss(
            a, b, reduction=kw.get("reduction", "mean"), beta=kw.get("beta", 1.0))],
        "huber_loss": lambda: [torch.nn.functional.huber_loss(
            a, b, reduction=kw.get("reduction", "mean"), delta=kw.get("delta", 1.0))],
        "bce": lambda: [torch.nn.functional.binary_cross_entropy(
            a, b, weight=xs[2] if len(xs) > 2 else None, reduction=kw.get("reduction", "mean"))],
        "bce_logits": lambda: [torch.nn.functional.binary_cross_entropy_with_logits(
            a, b, weight=xs[2] if kw.get("weighted") else None,
            pos_weight=xs[-1] if kw.get("pos_weighted") else None, reduction=kw.get("reduction", "mean"))],
        "kl_div": lambda: [torch.nn.functional.kl_div(
            a, b, reduction=kw.get("reduction", "mean"), log_target=kw.get("log_target", False))],
    }
    return table[op]()


def F(shape, seed, positive=False, layout=None, grad=True):
    g = torch.Generator().manual_seed(seed)
    n = 1
    for s in shape:
        n *= s
    v = torch.randn(n, generator=g)
    if positive:
        v = v.abs() + 0.5
    return {"values": v.tolist(), "shape": list(shape), "dtype": "float32", "layout": layout, "grad": grad}


def U(shape, seed, grad=True, low=0.05, high=0.95):
    """Uniform values in [low, high): probabilities for the binary losses."""
    g = torch.Generator().manual_seed(seed)
    n = 1
    for s in shape:
        n *= s
    v = torch.rand(n, generator=g) * (high - low) + low
    return {"values": v.tolist(), "shape": list(shape), "dtype": "float32", "layout": None, "grad": grad}


def V(values, shape, grad=True):
    return {"values": list(values), "shape": list(shape), "dtype": "float32", "layout": None, "grad": grad}


def I(values, shape=None):
    return {"values": list(values), "shape": list(shape or [len(values)]), "dtype": "int64", "layout": None, "grad": False}


def B(values, shape):
    return {"values": list(values), "shape": list(shape), "dtype": "bool", "layout": None, "grad": False}


CASES = [
    ("add contiguous", "add", [F([2, 3], 1), F([2, 3], 2)], {}),
    ("add broadcast row", "add", [F([4, 3], 1), F([3], 2)], {}),
    ("add broadcast outer", "add", [F([4, 1], 1), F([1, 3], 2)], {}),
    ("add transposed", "add", [F([3, 4], 1, layout=["t"]), F([4, 3], 2)], {}),
    ("add expanded", "add", [F([1, 3], 1, layout=["expand", [4, 3]]), F([4, 3], 2)], {}),
    ("add 4d channel broadcast", "add", [F([2, 3, 2, 2], 1), F([1, 3, 1, 1], 2)], {}),
    ("sub sliced", "sub", [F([4, 6], 1, layout=["slice", 1]), F([4, 1], 2)], {}),
    ("mul permuted", "mul", [F([2, 3, 4], 1, layout=["permute", [2, 0, 1]]), F([4, 1, 3], 2)], {}),
    ("div transposed", "div", [F([3, 2], 1), F([2, 3], 2, positive=True, layout=["t"])], {}),
    ("scalars", "add_scalar", [F([5], 1)], {"s": 2.5}),
    ("scalar minus tensor", "rsub_scalar", [F([5], 1)], {"s": 2.5}),
    ("mul scalar transposed", "mul_scalar", [F([3, 2], 1, layout=["t"])], {"s": -3.0}),
    ("div scalar", "div_scalar", [F([5], 1)], {"s": 4.0}),
    ("scalar over tensor", "rdiv_scalar", [F([5], 1, positive=True)], {"s": 2.0}),
    ("pow scalar", "pow_scalar", [F([2, 3], 1, positive=True)], {"e": 2.5}),
    ("pow square", "pow_scalar", [F([2, 3], 1)], {"e": 2.0}),
    ("pow tensor broadcast", "pow_tensor", [F([2, 3], 1, positive=True), F([3], 2)], {}),
    ("neg", "neg", [F([2, 3], 1, layout=["t"])], {}),
    ("abs", "abs", [F([7], 1)], {}),
    ("exp", "exp", [F([2, 3], 1, layout=["t"])], {}),
    ("log", "log", [F([6], 1, positive=True)], {}),
    ("log1p", "log1p", [F([6], 1, positive=True)], {}),
    ("sqrt", "sqrt", [F([6], 1, positive=True)], {}),
    ("rsqrt", "rsqrt", [F([6], 1, positive=True)], {}),
    ("tanh", "tanh", [F([4, 3], 1, layout=["slice", 0])], {}),
    ("sigmoid", "sigmoid", [F([2, 3], 1)], {}),
    ("relu", "relu", [F([3, 4], 1, layout=["t"])], {}),
    ("clamp both", "clamp", [F([10], 1)], {"min": -0.5, "max": 0.7}),
    ("clamp min", "clamp", [F([10], 1)], {"min": 0.1}),
    ("maximum broadcast", "maximum", [F([3, 4], 1), F([4], 2)], {}),
    ("minimum transposed", "minimum", [F([4, 3], 1, layout=["t"]), F([3, 4], 2)], {}),
    ("where", "where", [F([2, 3], 1), F([3], 2), B([True, False, True, False, False, True], [2, 3])], {}),
    ("masked fill broadcast", "masked_fill", [F([2, 3], 1), B([True, False, True], [3])], {"v": -1.5}),
    ("eq int64", "eq", [I([1, 2, 3, 4]), I([1, 0, 3, 0])], {}),
    ("lt float", "lt", [F([2, 3], 1, grad=False), F([3], 2, grad=False)], {}),
    ("ge mixed int and float", "ge", [I([0, 1, -1]), F([3], 2, grad=False)], {}),
    ("gt scalar", "gt_scalar", [F([6], 1, grad=False)], {"s": 0.0}),
    ("int64 plus float promotes", "add", [I([1, 2, 3]), F([3], 2)], {}),
    ("int64 arithmetic", "mul", [I([1, -2, 3]), I([4, 5, -6])], {}),
    ("bool sum is int64", "sum", [B([True, False, True, True], [2, 2])], {"dims": [], "keep": False}),
    ("sum all", "sum", [F([3, 4], 1)], {"dims": [], "keep": False}),
    ("sum dim 0", "sum", [F([3, 4], 1)], {"dims": [0], "keep": False}),
    ("sum dims 0 2 keep", "sum", [F([2, 3, 4], 1)], {"dims": [0, 2], "keep": True}),
    ("sum transposed dim 1", "sum", [F([4, 3], 1, layout=["t"])], {"dims": [1], "keep": False}),
    ("sum expanded", "sum", [F([1, 3], 1, layout=["expand", [5, 3]])], {"dims": [0], "keep": True}),
    ("mean dims", "mean", [F([2, 3, 4], 1)], {"dims": [1, -1], "keep": False}),
    ("mean all sliced", "mean", [F([4, 6], 1, layout=["slice", 1])], {"dims": [], "keep": False}),
    ("var correction 1", "var", [F([3, 5], 1)], {"dims": [1], "c": 1, "keep": False}),
    ("var correction 0 keep", "var", [F([3, 5], 1, layout=["t"])], {"dims": [0], "c": 0, "keep": True}),
    ("std", "std", [F([4, 3], 1)], {"dims": [0], "c": 1, "keep": False}),
    ("max dim", "max_dim", [F([3, 5], 1)], {"dim": 1, "keep": False}),
    ("max dim transposed keep", "max_dim", [F([3, 5], 1, layout=["t"])], {"dim": 0, "keep": True}),
    ("min dim", "min_dim", [F([4, 3], 1)], {"dim": 0, "keep": False}),
    ("max all", "max_all", [F([3, 4], 1)], {}),
    ("amax dims", "amax", [F([2, 3, 4], 1)], {"dims": [0, 2], "keep": False}),
    ("argmax", "argmax", [F([3, 5], 1, grad=False)], {"dim": 1, "keep": False}),
    ("argmax ties first", "argmax", [I([1, 3, 3, 0, 9, -1, 2, 2, 2], [3, 3])], {"dim": 1, "keep": True}),
    ("argmin transposed", "argmin", [F([3, 5], 1, layout=["t"], grad=False)], {"dim": 0, "keep": False}),
    ("argmax all", "argmax_all", [F([3, 4], 1, grad=False)], {}),
    ("logsumexp", "logsumexp", [F([3, 5], 1)], {"dims": [1], "keep": False}),
    ("logsumexp dims keep", "logsumexp", [F([2, 3, 4], 1, layout=["permute", [2, 1, 0]])], {"dims": [0, 1], "keep": True}),
    ("matmul 2d", "matmul", [F([3, 4], 1), F([4, 2], 2)], {}),
    ("matmul transposed operands", "matmul", [F([4, 3], 1, layout=["t"]), F([2, 4], 2, layout=["t"])], {}),
    ("matmul vector", "matmul", [F([3, 4], 1), F([4], 2)], {}),
    ("matmul vector matrix", "matmul", [F([4], 1), F([4, 2], 2)], {}),
    ("matmul dot", "matmul", [F([4], 1), F([4], 2)], {}),
    ("bmm broadcast batch", "matmul", [F([2, 1, 3, 4], 1), F([3, 4, 2], 2)], {}),
    ("cat dim 0", "cat", [F([2, 3], 1), F([1, 3], 2), F([3, 3], 3, layout=["t"])], {"dim": 0}),
    ("cat dim 1 mixed dtypes", "cat", [F([2, 2], 1), I([1, 2, 3, 4], [2, 2])], {"dim": 1}),
    ("stack", "stack", [F([2, 3], 1), F([3, 2], 2, layout=["t"])], {"dim": 1}),
    ("split", "split", [F([5, 2], 1)], {"size": 2, "dim": 0}),
    ("chunk", "chunk", [F([2, 7], 1)], {"n": 3, "dim": 1}),
    ("gather", "gather", [F([3, 4], 1), I([0, 3, 1, 1, 2, 0], [3, 2])], {"dim": 1}),
    ("gather dim 0 transposed", "gather", [F([4, 3], 1, layout=["t"]), I([1, 0, 2, 2], [1, 4])], {"dim": 0}),
    ("scatter", "scatter", [F([3, 4], 1), I([0, 3, 1, 2, 2, 0], [3, 2]), F([3, 2], 2)], {"dim": 1}),
    ("scatter add repeated", "scatter_add", [F([3, 4], 1), I([1, 1, 0, 0, 3, 3], [3, 2]), F([3, 2], 2)], {"dim": 1}),
    ("index select", "index_select", [F([4, 3], 1), I([3, 0, 3])], {"dim": 0}),
    ("index select transposed dim 1", "index_select", [F([3, 4], 1, layout=["t"]), I([2, 0])], {"dim": 1}),
    ("one hot", "one_hot", [I([0, 3, 1, 2])], {"n": 5}),
    ("float to int64 truncates", "to_int64", [F([6], 1, grad=False)], {}),
    ("int64 to float", "to_float", [I([-3, 0, 7])], {}),
    ("reshape non-contiguous copies", "reshape", [F([3, 4], 1, layout=["t"])], {"shape": [2, 6]}),
    ("reshape infer", "reshape", [F([2, 6], 1)], {"shape": [3, -1]}),
    ("permute", "permute", [F([2, 3, 4], 1)], {"dims": [1, 2, 0]}),
    ("transpose", "transpose", [F([2, 3, 4], 1)], {"d0": 0, "d1": 2}),
    ("t", "t", [F([2, 3], 1)], {}),
    ("expand", "expand", [F([3, 1], 1)], {"shape": [2, 3, 4]}),
    ("narrow", "narrow", [F([4, 5], 1)], {"dim": 1, "start": 1, "len": 3}),
    ("select", "select", [F([3, 4], 1, layout=["t"])], {"dim": 0, "index": 2}),
    ("unsqueeze", "unsqueeze", [F([3, 4], 1, layout=["t"])], {"dim": 1}),
    ("squeeze all", "squeeze", [F([1, 3, 1], 1)], {}),
    ("squeeze dim", "squeeze", [F([1, 3, 1], 1)], {"dim": 2}),
    ("flatten", "flatten", [F([2, 3, 4], 1)], {"start": 1, "end": 2}),
    ("unflatten", "unflatten", [F([2, 12], 1)], {"dim": 1, "sizes": [3, -1]}),
    ("slice with step", "slice", [F([7, 2], 1)], {"start": 1, "end": 6, "step": 2}),
    ("contiguous of permuted", "contiguous", [F([2, 3, 4], 1, layout=["permute", [2, 0, 1]])], {}),
    ("log softmax dim 0", "log_softmax", [F([3, 5], 1)], {"dim": 0}),
    ("softmax transposed", "softmax", [F([5, 3], 1, layout=["t"])], {"dim": -1}),
    ("cross entropy", "cross_entropy", [F([4, 3], 1), I([0, 2, 1, 2])], {}),
    ("nll loss", "nll_loss", [F([4, 3], 1), I([1, 0, 2, 2])], {}),
    ("conv2d", "conv2d", [F([2, 3, 6, 5], 1), F([4, 3, 3, 3], 2), F([4], 3)], {}),
    ("conv2d padding stride", "conv2d", [F([2, 2, 7, 6], 1), F([3, 2, 3, 2], 2), F([3], 3)],
     {"stride": [2, 1], "padding": [1, 2]}),
    ("conv2d dilation no bias", "conv2d", [F([1, 2, 8, 8], 1), F([2, 2, 3, 3], 2)], {"dilation": [2, 1]}),
    ("conv2d groups", "conv2d", [F([2, 4, 5, 5], 1), F([6, 2, 3, 3], 2), F([6], 3)], {"groups": 2, "padding": [1, 1]}),
    ("conv2d same even kernel", "conv2d", [F([1, 2, 5, 6], 1), F([2, 2, 4, 2], 2), F([2], 3)], {"padding": "same"}),
    ("conv2d valid", "conv2d", [F([1, 1, 4, 4], 1), F([1, 1, 2, 2], 2)], {"padding": "valid"}),
    ("conv2d permuted input", "conv2d", [F([2, 5, 6, 3], 1, layout=["permute", [0, 3, 1, 2]]), F([2, 3, 3, 3], 2)],
     {"stride": [1, 2]}),
    ("conv2d unbatched", "conv2d", [F([1, 5, 5], 1), F([2, 1, 3, 3], 2), F([2], 3)], {}),
    # Longer sums per output (45 and 36 products of channels × kernel).
    ("conv2d many rows", "conv2d", [F([2, 5, 6, 5], 1), F([3, 5, 3, 3], 2), F([3], 3)], {"padding": [1, 0]}),
    ("conv2d many rows groups no bias", "conv2d", [F([2, 8, 5, 6], 1), F([4, 4, 3, 3], 2)],
     {"groups": 2, "stride": [1, 2]}),
    ("conv2d many rows permuted", "conv2d", [F([2, 6, 5, 4], 1, layout=["permute", [0, 3, 1, 2]]), F([2, 4, 3, 3], 2),
                                             F([2], 3)], {}),
    ("max pool 2", "max_pool2d", [F([2, 3, 6, 6], 1)], {"kernel": [2, 2]}),
    ("max pool stride padding", "max_pool2d", [F([1, 2, 7, 5], 1)], {"kernel": [3, 2], "stride": [2, 1], "padding": [1, 1]}),
    ("max pool ceil mode", "max_pool2d", [F([1, 1, 7, 7], 1)], {"kernel": [2, 2], "ceil": True}),
    ("max pool dilation", "max_pool2d", [F([1, 2, 8, 8], 1)], {"kernel": [2, 2], "stride": [1, 1], "dilation": [2, 2]}),
    ("max pool transposed unbatched", "max_pool2d", [F([6, 4, 2], 1, layout=["permute", [2, 0, 1]])], {"kernel": [2, 2]}),
    ("avg pool 2", "avg_pool2d", [F([2, 3, 6, 6], 1)], {"kernel": [2, 2]}),
    ("avg pool padding", "avg_pool2d", [F([1, 2, 5, 7], 1)], {"kernel": [3, 3], "stride": [2, 2], "padding": [1, 1]}),
    ("avg pool padding excluded ceil", "avg_pool2d", [F([1, 2, 5, 7], 1)],
     {"kernel": [3, 2], "stride": [2, 2], "padding": [1, 1], "include_pad": False, "ceil": True}),
    ("avg pool divisor override", "avg_pool2d", [F([1, 1, 4, 4], 1)], {"kernel": [2, 2], "divisor": 3}),
    ("adaptive avg pool uneven", "adaptive_avg_pool2d", [F([2, 3, 7, 5], 1)], {"size": [3, 2]}),
    ("gelu", "gelu", [F([3, 5], 1, layout=["t"])], {}),
    ("gelu tanh", "gelu", [F([12], 1)], {"approximate": "tanh"}),
    ("leaky relu", "leaky_relu", [F([10], 1)], {"slope": 0.2}),
    ("elu", "elu", [F([10], 1)], {"alpha": 0.7}),
    ("silu", "silu", [F([4, 3], 1, layout=["t"])], {}),
    ("mish", "mish", [F([10], 1)], {}),
    ("softplus", "softplus", [F([10], 1)], {"beta": 2.0, "threshold": 1.5}),
    ("hardswish", "hardswish", [F([24], 1, layout=None)], {}),
    ("erf", "erf", [F([8], 1)], {}),
    ("expm1", "expm1", [F([8], 1)], {}),
    ("adaptive avg pool global permuted", "adaptive_avg_pool2d", [F([2, 4, 4, 3], 1, layout=["permute", [0, 3, 1, 2]])],
     {"size": [1, 1]}),
    ("log sigmoid", "log_sigmoid", [V([-30.0, -2.0, -0.5, 0.0, 0.5, 2.0, 30.0], [7])], {}),
    ("nll loss class weights", "nll_loss_full", [F([5, 4], 1), I([0, 3, 1, 3, 2]), U([4], 7, grad=False)], {}),
    ("nll loss ignore index sum", "nll_loss_full", [F([5, 4], 1), I([0, -100, 1, 3, -100])], {"reduction": "sum"}),
    ("nll loss ignore 2 weighted none", "nll_loss_full", [F([4, 3], 1), I([2, 0, 2, 1]), U([3], 7, grad=False)],
     {"ignore": 2, "reduction": "none"}),
    ("nll loss spatial", "nll_loss_full", [F([2, 3, 2, 2], 1), I([0, 1, 2, 1, 2, 2, 0, 0], [2, 2, 2])], {}),
    ("cross entropy weights transposed", "cross_entropy_full",
     [F([4, 5], 1, layout=["t"]), I([0, 3, 1, 3, 2]), U([4], 7, grad=False)], {}),
    ("cross entropy ignore index none", "cross_entropy_full", [F([4, 3], 1), I([2, -100, 0, 1])],
     {"reduction": "none"}),
    ("cross entropy label smoothing", "cross_entropy_full", [F([6, 5], 1), I([0, 4, 4, 1, 2, 3])], {"smoothing": 0.1}),
    ("cross entropy smoothing weights ignore", "cross_entropy_full",
     [F([5, 4], 1), I([0, 3, -100, 3, 2]), U([4], 7, grad=False)], {"smoothing": 0.2}),
    ("cross entropy smoothing sum", "cross_entropy_full", [F([3, 4], 1), I([1, 0, 3])],
     {"smoothing": 0.3, "reduction": "sum"}),
    ("cross entropy spatial", "cross_entropy_full", [F([2, 3, 4], 1), I([0, 1, 2, 2, 1, 0, 0, 1], [2, 4])], {}),
    ("cross entropy probabilities", "cross_entropy_full", [F([4, 3], 1), U([4, 3], 5, grad=False)], {}),
    ("cross entropy probabilities weights smoothing", "cross_entropy_full",
     [F([4, 3], 1), U([4, 3], 5), U([3], 7, grad=False)], {"smoothing": 0.1, "reduction": "sum"}),
    ("mse", "mse_loss", [F([3, 4], 1), F([3, 4], 2)], {}),
    ("mse transposed sum", "mse_loss", [F([4, 3], 1, layout=["t"]), F([3, 4], 2)], {"reduction": "sum"}),
    ("l1 none", "l1_loss", [F([2, 5], 1), F([2, 5], 2)], {"reduction": "none"}),
    ("smooth l1", "smooth_l1_loss", [F([12], 1), F([12], 2)], {}),
    ("smooth l1 beta", "smooth_l1_loss", [F([3, 4], 1, layout=["slice", 0]), F([2, 4], 2)], {"beta": 0.5, "reduction": "none"}),
    ("smooth l1 beta 0", "smooth_l1_loss", [F([6], 1), F([6], 2)], {"beta": 0.0}),
    ("huber", "huber_loss", [F([12], 1), F([12], 2)], {"delta": 0.7}),
    ("huber sum", "huber_loss", [F([3, 4], 1, layout=["t"]), F([4, 3], 2)], {"reduction": "sum"}),
    ("bce", "bce", [U([3, 4], 1), U([3, 4], 2, low=0.0, high=1.0)], {}),
    ("bce weight none", "bce", [U([2, 3], 1), U([2, 3], 2, grad=False), U([3], 3, grad=False)], {"reduction": "none"}),
    ("bce at 0 and 1", "bce", [V([0.0, 1.0, 0.5, 1.0, 0.0], [5]), V([1.0, 0.0, 1.0, 1.0, 0.0], [5], grad=False)],
     {"reduction": "sum"}),
    ("bce with logits", "bce_logits", [F([3, 4], 1), U([3, 4], 2, low=0.0, high=1.0)], {}),
    ("bce with logits pos weight", "bce_logits", [F([3, 4], 1, layout=["t"]), U([4, 3], 2), U([3], 3, grad=False)],
     {"pos_weighted": True, "reduction": "none"}),
    ("bce with logits weight and pos weight", "bce_logits",
     [F([2, 3], 1), U([2, 3], 2), U([2, 1], 4, grad=False), U([3], 3, grad=False)],
     {"weighted": True, "pos_weighted": True, "reduction": "sum"}),
    ("kl div batchmean", "kl_div", [F([3, 4], 1), V([0.1, 0.2, 0.3, 0.4, 0.0, 0.5, 0.5, 0.0, 0.25, 0.25, 0.25, 0.25],
                                                  [3, 4], grad=False)], {"reduction": "batchmean"}),
    ("kl div mean", "kl_div", [F([3, 4], 1, layout=["t"]), U([4, 3], 2)], {}),
    ("kl div log target none", "kl_div", [F([2, 3], 1), F([2, 3], 2)], {"log_target": True, "reduction": "none"}),
    ("conv1d", "conv1d", [F([2, 3, 9], 1), F([4, 3, 3], 2), F([4], 3)], {}),
    ("conv1d stride padding dilation", "conv1d", [F([2, 2, 11], 1), F([4, 1, 3], 2)],
     {"stride": 2, "padding": 2, "dilation": 2, "groups": 2}),
    ("conv1d same transposed input", "conv1d", [F([7, 3], 1, layout=["t"]), F([2, 3, 4], 2), F([2], 3)],
     {"padding": "same"}),
    ("conv transpose2d", "conv_transpose2d", [F([2, 3, 4, 5], 1), F([3, 2, 3, 3], 2), F([2], 3)], {}),
    ("conv transpose2d stride padding output padding", "conv_transpose2d", [F([1, 2, 3, 4], 1), F([2, 3, 3, 2], 2), F([3], 3)],
     {"stride": [2, 3], "padding": [1, 0], "output_padding": [1, 2]}),
    ("conv transpose2d groups dilation permuted", "conv_transpose2d",
     [F([2, 4, 4, 4], 1, layout=["permute", [0, 3, 1, 2]]), F([4, 1, 2, 2], 2)], {"groups": 2, "dilation": [2, 1]}),
    ("layer norm", "layer_norm", [F([4, 5], 1), F([5], 2), F([5], 3)], {"shape": [5]}),
    ("layer norm two dims transposed", "layer_norm", [F([2, 4, 3], 1, layout=["t"]), F([3, 4], 2)],
     {"shape": [3, 4], "eps": 1e-3}),
    ("layer norm no affine", "layer_norm", [F([3, 6], 1, layout=["slice", 0])], {"shape": [6]}),
    ("group norm", "group_norm", [F([2, 6, 3, 2], 1), F([6], 2), F([6], 3)], {"groups": 3}),
    ("group norm permuted no affine", "group_norm", [F([2, 3, 2, 4], 1, layout=["permute", [0, 3, 1, 2]])],
     {"groups": 2}),
    ("group norm 2d input", "group_norm", [F([3, 4], 1), F([4], 2), F([4], 3)], {"groups": 4, "eps": 1e-2}),
    ("embedding", "embedding", [F([6, 3], 1), I([0, 5, 2, 5, 1, 0], [2, 3])], {}),
    ("embedding padding idx", "embedding", [F([5, 2], 1), I([1, 4, 1, 0, 3, 1, 2], [7])], {"padding_idx": 1}),
]
