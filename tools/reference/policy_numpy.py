#!/usr/bin/env python3
"""Mimic's policy model in plain numpy, float64: the reference the Swift model is checked against.

Reads the same files as `mimic model forward` and writes the same output file:

    python3 tools/reference/policy_numpy.py --model M.safetensors --inputs X.safetensors --out Y.safetensors

M: weights (PyTorch names, [out, in] layout) with the config and key vocabulary in the metadata.
X: frames U8 [B,H,W,3]; hist_type, hist_x, hist_y, hist_key I32 [B,K]; optionally the targets
   type I32 [B], x F32 [B], y F32 [B], key I32 [B], mods F32 [B,4].
Y: logits.type [B,10], logits.key [B,V], logits.mods [B,4], logits.patch [B,N], logits.offset [B,N,C];
   with targets also loss, loss.type, loss.patch, loss.offset, loss.key, loss.mods and grad.<name>
   for every weight. Everything is computed in float64 and stored as F32.

The architecture is docs/model.md's, with its options: the convolutional stem (`stem_channels`,
`stem_pool`), the colour cells (`color_cells`) and the pointer query (`patch_query`). The backward pass is written out by hand (no
autograd), op by op in reverse, so that every formula can be read next to Sources/NN and Sources/Policy.
Needs only numpy (tools/setup.sh installs it).
"""
import argparse
import json
import struct
import sys

import numpy as np

DTYPES = {"F32": np.float32, "F64": np.float64, "I32": np.int32, "I64": np.int64, "U8": np.uint8}


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    metadata = header.pop("__metadata__", {})
    tensors = {}
    for name, info in header.items():
        begin, end = info["data_offsets"]
        dtype = np.dtype(DTYPES[info["dtype"]]).newbyteorder("<")
        tensors[name] = np.frombuffer(data[8 + n + begin:8 + n + end], dtype=dtype).reshape(info["shape"])
    return tensors, metadata


def write_safetensors(path, tensors, metadata):
    header, chunks, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = metadata
    for name, array in tensors.items():
        array = np.ascontiguousarray(array)
        dtype = {np.float32: "F32", np.int32: "I32", np.uint8: "U8"}[array.dtype.type]
        raw = array.astype(array.dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": dtype, "shape": list(array.shape), "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-(8 + len(text)) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(chunks))


# ---- ops: forward and backward side by side ----

EPS = 1e-5
GELU_S = np.sqrt(2.0 / np.pi)
GELU_C = 0.044715


def layernorm_forward(x, w, b):
    mean = x.mean(-1, keepdims=True)
    rstd = 1.0 / np.sqrt(((x - mean) ** 2).mean(-1, keepdims=True) + EPS)
    return (x - mean) * rstd * w + b, (x, w, mean, rstd)


def layernorm_backward(dout, cache):
    x, w, mean, rstd = cache
    xhat = (x - mean) * rstd
    dnorm = dout * w
    dx = rstd * (dnorm - dnorm.mean(-1, keepdims=True) - xhat * (dnorm * xhat).mean(-1, keepdims=True))
    axes = tuple(range(dout.ndim - 1))
    return dx, (dout * xhat).sum(axes), dout.sum(axes)


def linear_backward(dout, x, w):
    """out = x @ w.T + b: returns dx, dw, db (summing over all leading dimensions)."""
    d2, x2 = dout.reshape(-1, dout.shape[-1]), x.reshape(-1, x.shape[-1])
    return dout @ w, d2.T @ x2, d2.sum(0)


def gelu_forward(x):
    return 0.5 * x * (1 + np.tanh(GELU_S * (x + GELU_C * x ** 3)))


def gelu_backward(dout, x):
    t = np.tanh(GELU_S * (x + GELU_C * x ** 3))
    return dout * (0.5 * (1 + t) + 0.5 * x * (1 - t * t) * GELU_S * (1 + 3 * GELU_C * x * x))


def softmax(z):
    e = np.exp(z - z.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def attention_forward(qkv, heads):
    b, t, d3 = qkv.shape
    d = d3 // 3
    hd = d // heads
    q, k, v = (qkv[..., i * d:(i + 1) * d].reshape(b, t, heads, hd).transpose(0, 2, 1, 3) for i in range(3))
    scale = 1.0 / np.sqrt(hd)
    p = softmax(q @ k.transpose(0, 1, 3, 2) * scale)
    out = (p @ v).transpose(0, 2, 1, 3).reshape(b, t, d)
    return out, (q, k, v, p, scale)


def attention_backward(dout, cache):
    q, k, v, p, scale = cache
    b, h, t, hd = q.shape
    do = dout.reshape(b, t, h, hd).transpose(0, 2, 1, 3)
    dp = do @ v.transpose(0, 1, 3, 2)
    dv = p.transpose(0, 1, 3, 2) @ do
    ds = p * (dp - (dp * p).sum(-1, keepdims=True)) * scale
    dq = ds @ k
    dk = ds.transpose(0, 1, 3, 2) @ q
    merge = lambda g: g.transpose(0, 2, 1, 3).reshape(b, t, h * hd)
    return np.concatenate([merge(dq), merge(dk), merge(dv)], axis=-1)


def conv_forward(x, w, b, stride=2, pad=1):
    """out (B, Ho, Wo, O) = conv(x (B, H, W, C), w (O, C, k, k)) + b, zero padding; windows in (c, ky, kx) order."""
    B, H, W, C = x.shape
    O, _, k, _ = w.shape
    Ho, Wo = (H + 2 * pad - k) // stride + 1, (W + 2 * pad - k) // stride + 1
    xp = np.pad(x, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    cols = np.empty((B, Ho, Wo, C, k, k))
    for ky in range(k):
        for kx in range(k):
            cols[..., ky, kx] = xp[:, ky:ky + stride * Ho:stride, kx:kx + stride * Wo:stride, :]
    cols = cols.reshape(B, Ho, Wo, C * k * k)
    return cols @ w.reshape(O, -1).T + b, (x.shape, cols, stride, pad, k)


def conv_backward(dout, cache, w):
    """dx (B, H, W, C), dw (O, C, k, k), db (O)."""
    (B, H, W, C), cols, stride, pad, k = cache
    O = w.shape[0]
    dcols, dw, db = linear_backward(dout, cols, w.reshape(O, -1))
    Ho, Wo = dout.shape[1], dout.shape[2]
    dcols = dcols.reshape(B, Ho, Wo, C, k, k)
    dxp = np.zeros((B, H + 2 * pad, W + 2 * pad, C))
    for ky in range(k):
        for kx in range(k):
            dxp[:, ky:ky + stride * Ho:stride, kx:kx + stride * Wo:stride, :] += dcols[..., ky, kx]
    return dxp[:, pad:pad + H, pad:pad + W, :], dw.reshape(w.shape), db


def patchify(x, q):
    """(B, H, W, C) -> (B, N, q*q*C): patches row-major, each row by row, channels last."""
    B, H, W, C = x.shape
    return x.reshape(B, H // q, q, W // q, q, C).transpose(0, 1, 3, 2, 4, 5).reshape(B, (H // q) * (W // q), q * q * C)


def unpatchify(d, shape, q):
    B, H, W, C = shape
    return d.reshape(B, H // q, W // q, q, q, C).transpose(0, 1, 3, 2, 4, 5).reshape(B, H, W, C)


def cell_colors(frames, p, cells):
    """(B, N, 3*cells^2): for each patch, the mean R, G, B (/255) of its cells, cells row by row."""
    B, H, W, _ = frames.shape
    side = p // cells
    f = frames.astype(np.float64).reshape(B, H // p, cells, side, W // p, cells, side, 3)
    means = f.mean(axis=(3, 6)) / 255.0  # (B, H/p, cells, W/p, cells, 3)
    return means.transpose(0, 1, 3, 2, 4, 5).reshape(B, (H // p) * (W // p), cells * cells * 3)


# ---- the model ----

def pointer_classes(x, y, c):
    """Patch index and in-patch offset of normalized points (computed in float32, as the Swift model)."""
    p, w, h = c["patch_size"], c["image_width"], c["image_height"]
    px = np.clip(np.floor(x.astype(np.float32) * np.float32(w)), 0, w - 1).astype(np.int64)
    py = np.clip(np.floor(y.astype(np.float32) * np.float32(h)), 0, h - 1).astype(np.int64)
    return (py // p) * (w // p) + px // p, (py % p) * p + px % p


def run(params, inputs, c):
    P = {k: v.astype(np.float64) for k, v in params.items()}
    frames = inputs["frames"]
    B, H, W, _ = frames.shape
    p, K, L, heads = c["patch_size"], c["history"], c["layers"], c["heads"]
    N = (H // p) * (W // p)

    # tokens: act, K history, N patches (row-major patches, each row by row, channels last, /255)
    image = frames.astype(np.float64) / 255.0
    stem = c.get("stem_channels", [])
    stem_caches, features = [], image
    for i in range(len(stem)):
        pre, cc = conv_forward(features, P[f"stem.{i}.weight"], P[f"stem.{i}.bias"])
        stem_caches.append((pre, cc))
        features = gelu_forward(pre)
    q = p // (2 ** len(stem))  # patch side in feature-map pixels
    patches = patchify(features, q)
    pe = patches @ P["patch_embed.weight"].T + P["patch_embed.bias"]
    cells = c.get("color_cells", 0)
    if cells:
        colors = cell_colors(frames, p, cells)
        pe = pe + colors @ P["color_embed.weight"].T + P["color_embed.bias"]
    ht, hx, hy, hk = (inputs[n].astype(np.int64) for n in ("hist_type", "hist_x", "hist_y", "hist_key"))
    hist = (P["hist.type.weight"][ht] + P["hist.x.weight"][hx] + P["hist.y.weight"][hy]
            + P["hist.key.weight"][hk] + P["hist.pos"][None])
    act = np.broadcast_to(P["act_token"], (B, 1, P["act_token"].shape[0]))
    if c.get("stem_pool", False):
        # each channel's largest value over the last feature map (the first on ties), projected, on the act token
        flat = features.reshape(B, -1, features.shape[-1])
        where = flat.argmax(1)
        pooled = flat.max(1)
        act = act + (pooled @ P["stem_pool.weight"].T + P["stem_pool.bias"])[:, None]
    x = np.concatenate([act, hist.reshape(B, K, -1), pe + P["pos_embed"][None]], axis=1)

    caches = []
    for i in range(L):
        g = lambda n: P[f"blocks.{i}.{n}"]
        ln1, c1 = layernorm_forward(x, g("ln1.weight"), g("ln1.bias"))
        qkv = ln1 @ g("attn.qkv.weight").T + g("attn.qkv.bias")
        att, ca = attention_forward(qkv, heads)
        x1 = x + att @ g("attn.proj.weight").T + g("attn.proj.bias")
        ln2, c2 = layernorm_forward(x1, g("ln2.weight"), g("ln2.bias"))
        h = ln2 @ g("mlp.fc1.weight").T + g("mlp.fc1.bias")
        gl = gelu_forward(h)
        x2 = x1 + gl @ g("mlp.fc2.weight").T + g("mlp.fc2.bias")
        caches.append((x, ln1, c1, qkv, att, ca, x1, ln2, c2, h, gl))
        x = x2
    lnf, cf = layernorm_forward(x, P["ln_f.weight"], P["ln_f.bias"])
    act_f, patch_f = lnf[:, 0], lnf[:, K + 1:]
    out = {
        "logits.type": act_f @ P["head.type.weight"].T + P["head.type.bias"],
        "logits.key": act_f @ P["head.key.weight"].T + P["head.key.bias"],
        "logits.mods": act_f @ P["head.mods.weight"].T + P["head.mods.bias"],
        "logits.patch": (patch_f @ P["head.patch.weight"].T + P["head.patch.bias"])[..., 0],
        "logits.offset": patch_f @ P["head.offset.weight"].T + P["head.offset.bias"],
    }
    E = c.get("patch_query", 0)
    if E:
        # pointer query: logit[b, n] += q_b . k_bn / sqrt(E), q from the act token, k from each patch token
        pq = act_f @ P["head.pointer_query.weight"].T + P["head.pointer_query.bias"]
        pk = patch_f @ P["head.pointer_key.weight"].T
        if c.get("patch_query_rows"):
            # each key also gets, per channel, the largest value over its patch row of another projection
            GR, GC = c["image_height"] // c["patch_size"], c["image_width"] // c["patch_size"]
            rv = (patch_f @ P["head.pointer_row_key.weight"].T).reshape(B, GR, GC, E)
            row_arg = rv.argmax(axis=2)  # (B, GR, E): the first column holding each maximum
            pk = pk + np.broadcast_to(rv.max(axis=2, keepdims=True), (B, GR, GC, E)).reshape(B, GR * GC, E)
        out["logits.patch"] = out["logits.patch"] + np.einsum("be,bne->bn", pq, pk) / np.sqrt(E)
    if "type" not in inputs:
        return out

    # loss: CE(type) over all; CE(patch) + CE(offset) over positional types 1..8; CE(key) + BCE(mods)
    # over keys (type 9); each a mean over the samples it applies to (0 when none)
    t = inputs["type"].astype(np.int64)
    pos, keys = (t >= 1) & (t <= 8), t == 9
    npos, nkey = pos.sum(), keys.sum()
    wpos = np.where(pos, 1.0 / max(npos, 1), 0.0)
    wkey = np.where(keys, 1.0 / max(nkey, 1), 0.0)
    patch_t, off_t = pointer_classes(inputs["x"], inputs["y"], c)
    patch_t, off_t = np.where(pos, patch_t, 0), np.where(pos, off_t, 0)
    key_t, mods_t = inputs["key"].astype(np.int64), inputs["mods"].astype(np.float64)
    rows = np.arange(B)

    def ce(logits, target, weight):
        pr = softmax(logits)
        loss = -(weight * np.log(pr[rows, target])).sum()
        d = pr.copy()
        d[rows, target] -= 1
        return loss, d * weight[:, None]

    l_type, d_type = ce(out["logits.type"], t, np.full(B, 1.0 / B))
    l_patch, d_patch = ce(out["logits.patch"], patch_t, wpos)
    sel = out["logits.offset"][rows, patch_t]
    l_off, d_sel = ce(sel, off_t, wpos)
    l_key, d_key = ce(out["logits.key"], key_t, wkey)
    z = out["logits.mods"]
    M = z.shape[1]
    l_mods = (wkey[:, None] * (np.maximum(z, 0) - z * mods_t + np.log1p(np.exp(-np.abs(z))))).sum() / M
    d_mods = wkey[:, None] * (1 / (1 + np.exp(-z)) - mods_t) / M
    out["loss.type"], out["loss.patch"], out["loss.offset"] = l_type, l_patch, l_off
    out["loss.key"], out["loss.mods"] = l_key, l_mods
    out["loss"] = l_type + l_patch + l_off + l_key + l_mods

    # backward: heads, ln_f, blocks in reverse, embeddings
    G = {}
    d_act = np.zeros_like(act_f)
    for head, d in (("type", d_type), ("key", d_key), ("mods", d_mods)):
        dx, G[f"head.{head}.weight"], G[f"head.{head}.bias"] = linear_backward(d, act_f, P[f"head.{head}.weight"])
        d_act += dx
    d_patch_f, G["head.patch.weight"], G["head.patch.bias"] = linear_backward(d_patch[..., None], patch_f, P["head.patch.weight"])
    d_off = np.zeros_like(out["logits.offset"])
    d_off[rows, patch_t] = d_sel
    dx, G["head.offset.weight"], G["head.offset.bias"] = linear_backward(d_off, patch_f, P["head.offset.weight"])
    d_patch_f += dx
    if E:
        d_pq = np.einsum("bn,bne->be", d_patch, pk) / np.sqrt(E)
        d_pk = np.einsum("bn,be->bne", d_patch, pq) / np.sqrt(E)
        dx, G["head.pointer_query.weight"], G["head.pointer_query.bias"] = linear_backward(d_pq, act_f, P["head.pointer_query.weight"])
        d_act += dx
        d_patch_f += d_pk @ P["head.pointer_key.weight"]
        G["head.pointer_key.weight"] = np.einsum("bne,bnd->ed", d_pk, patch_f)
        if c.get("patch_query_rows"):
            # the row's summed gradient goes to the column that held the maximum
            d_rv = np.zeros((B, GR, GC, E))
            sums = d_pk.reshape(B, GR, GC, E).sum(axis=2)
            b_i, r_i, e_i = np.indices((B, GR, E))
            d_rv[b_i, r_i, row_arg, e_i] = sums
            d_rv = d_rv.reshape(B, GR * GC, E)
            d_patch_f += d_rv @ P["head.pointer_row_key.weight"]
            G["head.pointer_row_key.weight"] = np.einsum("bne,bnd->ed", d_rv, patch_f)
    d_lnf = np.zeros_like(lnf)
    d_lnf[:, 0], d_lnf[:, K + 1:] = d_act, d_patch_f
    dx, G["ln_f.weight"], G["ln_f.bias"] = layernorm_backward(d_lnf, cf)
    for i in reversed(range(L)):
        g = lambda n: P[f"blocks.{i}.{n}"]
        n = lambda s: f"blocks.{i}.{s}"
        xin, ln1, c1, qkv, att, ca, x1, ln2, c2, h, gl = caches[i]
        dgl, G[n("mlp.fc2.weight")], G[n("mlp.fc2.bias")] = linear_backward(dx, gl, g("mlp.fc2.weight"))
        dh = gelu_backward(dgl, h)
        dln2, G[n("mlp.fc1.weight")], G[n("mlp.fc1.bias")] = linear_backward(dh, ln2, g("mlp.fc1.weight"))
        d, G[n("ln2.weight")], G[n("ln2.bias")] = layernorm_backward(dln2, c2)
        dx = dx + d
        datt, G[n("attn.proj.weight")], G[n("attn.proj.bias")] = linear_backward(dx, att, g("attn.proj.weight"))
        dqkv = attention_backward(datt, ca)
        dln1, G[n("attn.qkv.weight")], G[n("attn.qkv.bias")] = linear_backward(dqkv, ln1, g("attn.qkv.weight"))
        d, G[n("ln1.weight")], G[n("ln1.bias")] = layernorm_backward(dln1, c1)
        dx = dx + d
    G["act_token"] = dx[:, 0].sum(0)
    dhist = dx[:, 1:K + 1]
    for name, idx in (("hist.type.weight", ht), ("hist.x.weight", hx), ("hist.y.weight", hy), ("hist.key.weight", hk)):
        G[name] = np.zeros_like(P[name])
        np.add.at(G[name], idx.reshape(-1), dhist.reshape(B * K, -1))
    G["hist.pos"] = dhist.sum(0)
    dpe = dx[:, K + 1:]
    G["pos_embed"] = dpe.sum(0)
    dpatches, G["patch_embed.weight"], G["patch_embed.bias"] = linear_backward(dpe, patches, P["patch_embed.weight"])
    if cells:
        _, G["color_embed.weight"], G["color_embed.bias"] = linear_backward(dpe, colors, P["color_embed.weight"])
    if stem:
        dfeat = unpatchify(dpatches, features.shape, q)
        if c.get("stem_pool", False):
            dpooled, G["stem_pool.weight"], G["stem_pool.bias"] = linear_backward(dx[:, 0], pooled, P["stem_pool.weight"])
            dflat = dfeat.reshape(B, -1, features.shape[-1]).copy()
            for bi in range(B):
                dflat[bi, where[bi], np.arange(flat.shape[-1])] += dpooled[bi]
            dfeat = dflat.reshape(features.shape)
        for i in reversed(range(len(stem))):
            pre, cc = stem_caches[i]
            dpre = gelu_backward(dfeat, pre)
            dfeat, G[f"stem.{i}.weight"], G[f"stem.{i}.bias"] = conv_backward(dpre, cc, P[f"stem.{i}.weight"])
    for name in params:
        out["grad." + name] = G[name].reshape(params[name].shape)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True)
    ap.add_argument("--inputs", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    params, meta = read_safetensors(a.model)
    if "config" not in meta:
        sys.exit(f"{a.model}: no 'config' in the metadata; not a Mimic policy")
    config = json.loads(meta["config"])
    inputs, _ = read_safetensors(a.inputs)
    out = run(params, inputs, config)
    write_safetensors(a.out, {k: np.asarray(v, dtype=np.float32) for k, v in out.items()},
                      {"reference": "tools/reference/policy_numpy.py (float64)"})
    if "loss" in out:
        print(f"loss {out['loss']:.6f}")
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
