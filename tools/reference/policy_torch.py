#!/usr/bin/env python3
"""Mimic's policy model in PyTorch: loads Mimic's weights by name (load_state_dict, strict), and either
writes the same output file as `mimic model forward` (autograd gradients), or times a training step in
eager mode for comparison with `mimic bench train-step`.

    python3 tools/reference/policy_torch.py --model M.safetensors --inputs X.safetensors --out Y.safetensors
    python3 tools/reference/policy_torch.py --bench [--threads 2] [--batch 32]

Optional: needs torch (not installed by tools/setup.sh; `pip install torch`). The files are read with the
numpy reader of policy_numpy.py, so the safetensors package is not needed.
"""
import argparse
import json
import math
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from policy_numpy import pointer_classes, read_safetensors, write_safetensors  # noqa: E402

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

DEFAULT = {"image_width": 128, "image_height": 128, "patch_size": 8, "d_model": 128, "heads": 4, "layers": 4,
           "mlp_hidden": 512, "history": 4, "position_bins": 64, "key_vocab_size": 75, "action_types": 10, "modifiers": 4}


class Attention(nn.Module):
    def __init__(self, d, heads):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(d, 3 * d)
        self.proj = nn.Linear(d, d)

    def forward(self, x):
        b, t, d = x.shape
        q, k, v = self.qkv(x).split(d, dim=-1)
        q, k, v = (z.view(b, t, self.heads, d // self.heads).transpose(1, 2) for z in (q, k, v))
        att = (q @ k.transpose(-1, -2)) * (1.0 / math.sqrt(d // self.heads))
        y = att.softmax(-1) @ v
        return self.proj(y.transpose(1, 2).reshape(b, t, d))


class MLP(nn.Module):
    def __init__(self, d, m):
        super().__init__()
        self.fc1, self.fc2 = nn.Linear(d, m), nn.Linear(m, d)

    def forward(self, x):
        return self.fc2(F.gelu(self.fc1(x), approximate="tanh"))


class Block(nn.Module):
    def __init__(self, d, heads, m):
        super().__init__()
        self.ln1, self.attn, self.ln2, self.mlp = nn.LayerNorm(d), Attention(d, heads), nn.LayerNorm(d), MLP(d, m)

    def forward(self, x):
        x = x + self.attn(self.ln1(x))
        return x + self.mlp(self.ln2(x))


class History(nn.Module):
    def __init__(self, c):
        super().__init__()
        d = c["d_model"]
        self.type = nn.Embedding(c["action_types"], d)
        self.x = nn.Embedding(c["position_bins"], d)
        self.y = nn.Embedding(c["position_bins"], d)
        self.key = nn.Embedding(c["key_vocab_size"], d)
        self.pos = nn.Parameter(torch.zeros(c["history"], d))

    def forward(self, t, x, y, k):
        # (`type` is also an nn.Module method, so the submodule is reached through _modules)
        return self._modules["type"](t) + self.x(x) + self.y(y) + self.key(k) + self.pos


class Heads(nn.Module):
    def __init__(self, c):
        super().__init__()
        d, p = c["d_model"], c["patch_size"]
        self.type = nn.Linear(d, c["action_types"])
        self.key = nn.Linear(d, c["key_vocab_size"])
        self.mods = nn.Linear(d, c["modifiers"])
        self.patch = nn.Linear(d, 1)
        self.offset = nn.Linear(d, p * p)


class Policy(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c = c
        d, p = c["d_model"], c["patch_size"]
        n = (c["image_width"] // p) * (c["image_height"] // p)
        self.patch_embed = nn.Linear(p * p * 3, d)
        self.pos_embed = nn.Parameter(torch.zeros(n, d))
        self.act_token = nn.Parameter(torch.zeros(d))
        self.hist = History(c)
        self.blocks = nn.ModuleList(Block(d, c["heads"], c["mlp_hidden"]) for _ in range(c["layers"]))
        self.ln_f = nn.LayerNorm(d)
        self.head = Heads(c)

    def forward(self, frames, ht, hx, hy, hk):
        b, h, w, _ = frames.shape
        p, k = self.c["patch_size"], self.c["history"]
        patches = (frames.float() / 255).view(b, h // p, p, w // p, p, 3).permute(0, 1, 3, 2, 4, 5).reshape(b, -1, p * p * 3)
        x = torch.cat([self.act_token.expand(b, 1, -1), self.hist(ht, hx, hy, hk),
                       self.patch_embed(patches) + self.pos_embed], dim=1)
        for block in self.blocks:
            x = block(x)
        x = self.ln_f(x)
        act, tokens = x[:, 0], x[:, k + 1:]
        return {"logits.type": self.head._modules["type"](act), "logits.key": self.head.key(act), "logits.mods": self.head.mods(act),
                "logits.patch": self.head.patch(tokens)[..., 0], "logits.offset": self.head.offset(tokens)}


def loss_terms(out, targets, patch_t, off_t):
    t = targets["type"]
    pos, keys = (t >= 1) & (t <= 8), t == 9
    terms = {"loss.type": F.cross_entropy(out["logits.type"], t)}
    zero = out["logits.type"].sum() * 0
    if pos.any():
        terms["loss.patch"] = F.cross_entropy(out["logits.patch"][pos], patch_t[pos])
        sel = out["logits.offset"][torch.arange(len(t)), patch_t]
        terms["loss.offset"] = F.cross_entropy(sel[pos], off_t[pos])
    else:
        terms["loss.patch"] = terms["loss.offset"] = zero
    if keys.any():
        terms["loss.key"] = F.cross_entropy(out["logits.key"][keys], targets["key"][keys])
        terms["loss.mods"] = F.binary_cross_entropy_with_logits(out["logits.mods"][keys], targets["mods"][keys])
    else:
        terms["loss.key"] = terms["loss.mods"] = zero
    terms["loss"] = sum(terms.values())
    return terms


def tensors(inputs, config):
    names = ("frames", "hist_type", "hist_x", "hist_y", "hist_key")
    x = [torch.from_numpy(np.array(inputs[n])) for n in names]
    x = [x[0]] + [z.long() for z in x[1:]]
    if "type" not in inputs:
        return x, None
    patch_t, off_t = pointer_classes(inputs["x"], inputs["y"], config)
    targets = {"type": torch.from_numpy(np.array(inputs["type"])).long(), "key": torch.from_numpy(np.array(inputs["key"])).long(),
               "mods": torch.from_numpy(np.array(inputs["mods"]))}
    return x, (targets, torch.from_numpy(patch_t), torch.from_numpy(off_t))


def run_file(a):
    params, meta = read_safetensors(a.model)
    config = json.loads(meta["config"])
    model = Policy(config)
    model.load_state_dict({k: torch.from_numpy(np.array(v)) for k, v in params.items()}, strict=True)
    inputs, _ = read_safetensors(a.inputs)
    x, t = tensors(inputs, config)
    out = model(*x)
    result = {k: v.detach().numpy() for k, v in out.items()}
    if t is not None:
        terms = loss_terms(out, *t)
        terms["loss"].backward()
        result.update({k: v.detach().numpy() for k, v in terms.items()})
        result.update({"grad." + k: v.grad.numpy() for k, v in model.named_parameters()})
    write_safetensors(a.out, {k: np.asarray(v, dtype=np.float32) for k, v in result.items()}, {"reference": "policy_torch.py"})
    print(f"wrote {a.out}")


def bench(a):
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    c = dict(DEFAULT)
    model = Policy(c)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4, betas=(0.9, 0.95), eps=1e-8, weight_decay=0.1)
    b, rng = a.batch, np.random.default_rng(1)
    inputs = {"frames": rng.integers(0, 256, (b, 128, 128, 3)).astype(np.uint8),
              "hist_type": rng.integers(0, 10, (b, 4)).astype(np.int32), "hist_x": rng.integers(0, 64, (b, 4)).astype(np.int32),
              "hist_y": rng.integers(0, 64, (b, 4)).astype(np.int32), "hist_key": rng.integers(0, 75, (b, 4)).astype(np.int32),
              "type": (np.arange(b) % 10).astype(np.int32), "x": rng.random(b).astype(np.float32),
              "y": rng.random(b).astype(np.float32), "key": rng.integers(0, 75, b).astype(np.int32),
              "mods": rng.integers(0, 2, (b, 4)).astype(np.float32)}
    x, t = tensors(inputs, c)

    def step():
        opt.zero_grad(set_to_none=True)
        loss_terms(model(*x), *t)["loss"].backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()

    for _ in range(2):
        step()
    times, cpu = [], []
    for _ in range(a.steps):
        s, c = time.perf_counter(), time.process_time()
        step()
        times.append(time.perf_counter() - s)
        cpu.append(time.process_time() - c)
    st = sorted(times)[len(times) // 2]
    x1 = [z[:1] for z in x]
    with torch.no_grad():
        for _ in range(10):
            model(*x1)
        lat = []
        for _ in range(100):
            s = time.perf_counter()
            model(*x1)
            lat.append(time.perf_counter() - s)
    print(f"torch {torch.__version__}, {a.threads} threads: training step (batch {b}) {st * 1e3:.1f} ms, "
          f"{b / st:.1f} samples/s, CPU time per step {sorted(cpu)[len(cpu) // 2] * 1e3:.1f} ms; "
          f"inference batch 1 median {sorted(lat)[50] * 1e3:.2f} ms")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model")
    ap.add_argument("--inputs")
    ap.add_argument("--out")
    ap.add_argument("--bench", action="store_true")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--steps", type=int, default=10)
    a = ap.parse_args()
    if a.bench:
        bench(a)
    elif a.model and a.inputs and a.out:
        run_file(a)
    else:
        ap.error("give --model, --inputs and --out, or --bench")


if __name__ == "__main__":
    main()
