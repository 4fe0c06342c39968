"""Validation loss: mean cross-entropy per character over a whole split."""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F

from lstm_tui.core.model import CharLSTM


def evaluate(model: CharLSTM, data: torch.Tensor, batch: int = 32, chunk: int = 256, bf16: bool = False) -> float:
    """Mean cross-entropy (nats/char) over every position of `data`.

    The data is cut into up to `batch` contiguous streams read with carried state, so
    almost every character is predicted with its full left context. With bf16 the
    forward pass runs under bf16 autocast, as training does where the CPU has it: ~3×
    faster here, and within 1e-4 nats/char of float32 on the demo run.
    """
    return _evaluate(model, data, batch, chunk, bf16, keep=False)[0]


def evaluate_log_probs(
    model: CharLSTM, data: torch.Tensor, batch: int = 32, chunk: int = 256, bf16: bool = False
) -> tuple[float, np.ndarray]:
    """`evaluate`'s loss (the same figure, bit for bit) and the log-probability of each
    target: element i is ln p(data[i + 1] | data[: i + 1]) in text order, float32
    (4 bytes a character beside the chunk of logits evaluate holds anyway)."""
    loss, out = _evaluate(model, data, batch, chunk, bf16, keep=True)
    assert out is not None
    return loss, out


# Logits held at once while evaluating: the output layer scores a block of rows at a
# time, at most this many logits (16 MB of float32), so peak memory is O(block × V)
# instead of O(batch × chunk × V): 679 MiB against 6.6 GB for `eval` on a 100,001-
# character vocabulary (benchmarks/eval_memory.py; 13 GB was seen at 200,113). Blocks
# this size also stay in the allocator's cache: 2^25 took 2.4x as long at V = 100,000
# (page faults), and at V = 3,000 2^22 halves the time; the loss is the same to the bit.
_MAX_LOGITS = 1 << 22


def _cross_entropy(
    model: CharLSTM, feats: torch.Tensor, targets: torch.Tensor, device: torch.device, bf16: bool
) -> torch.Tensor:
    """Per-row cross-entropy (float32) of the output layer applied to feats (rows, F)."""
    vocab = model.vocab_size
    rows = max(1, _MAX_LOGITS // max(1, vocab))
    parts = []
    for r in range(0, feats.shape[0], rows):
        with torch.autocast(device.type, dtype=torch.bfloat16, enabled=bf16):
            logits = model.logits(feats[r : r + rows])
        parts.append(F.cross_entropy(logits.float(), targets[r : r + rows], reduction="none"))
    return parts[0] if len(parts) == 1 else torch.cat(parts)


def _evaluate(
    model: CharLSTM, data: torch.Tensor, batch: int, chunk: int, bf16: bool, keep: bool
) -> tuple[float, np.ndarray | None]:
    device = next(model.parameters()).device
    n = len(data) - 1
    if n < 1:
        return float("nan"), (np.zeros(0, dtype=np.float32) if keep else None)
    streams = max(1, min(batch, n // 64))
    length = n // streams
    x_all = data[: streams * length].view(streams, length).to(torch.int64)
    y_all = data[1 : streams * length + 1].view(streams, length).to(torch.int64)
    tail_x, tail_y = data[streams * length : n].to(torch.int64), data[streams * length + 1 : n + 1].to(torch.int64)
    # per-target log-probs: row r of the grid is stream r (x_all's layout), so the flat
    # array is in text order, and the tail fills the end
    out = np.empty(n, dtype=np.float32) if keep else None
    grid = out[: streams * length].reshape(streams, length) if out is not None else None
    was_training = model.training
    model.eval()
    total, count = 0.0, 0
    try:
        with torch.inference_mode():
            state = None
            for s in range(0, length, chunk):
                x, y = x_all[:, s : s + chunk].to(device), y_all[:, s : s + chunk].to(device)
                with torch.autocast(device.type, dtype=torch.bfloat16, enabled=bf16):
                    feats, state = model.features(x, state)
                # per position, then summed: the same figure whether or not they are kept
                ce = _cross_entropy(model, feats.reshape(-1, feats.shape[-1]), y.reshape(-1), device, bf16)
                total += float(ce.sum())
                count += y.numel()
                if grid is not None:
                    grid[:, s : s + chunk] = (-ce).view(streams, -1).cpu().numpy()
            if len(tail_x):  # the few characters that did not fill a stream
                with torch.autocast(device.type, dtype=torch.bfloat16, enabled=bf16):
                    feats, _ = model.features(tail_x.unsqueeze(0).to(device))
                ce = _cross_entropy(model, feats[0], tail_y.to(device), device, bf16)
                total += float(ce.sum())
                count += len(tail_y)
                if out is not None:
                    out[streams * length :] = (-ce).cpu().numpy()
    finally:
        model.train(was_training)
    return total / count, out
