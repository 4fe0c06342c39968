"""The output layer and the cross-entropy loss fused, with a hand-written backward pass.

For a Japanese vocabulary (~3,000 characters) the loss is a large part of each step:
torch's log_softmax + nll path makes several full passes over the (batch·time × vocab)
logits in float32 (~25 MB for a batch here, far beyond cache), zero-fills a gradient
and converts it back; on 2,048 × 3,068 bf16 logits, one thread, that loss alone took
41 ms forward + backward. `linear_cross_entropy` instead turns the logits into their
gradient in place, one cache-sized block of rows at a time.
"""

from __future__ import annotations

from typing import Any

import torch
import torch.nn.functional as F

# Rows of logits turned into gradients at a time: ~1 MB of float32, so each row block is
# upcast, exponentiated, normalised and written back while it is still in cache.
_BLOCK_BYTES = 1 << 20
_SMALL_LOGITS_BYTES = 4 << 20  # float32 logits up to this size go through torch's own ops


class _LinearCrossEntropy(torch.autograd.Function):
    @staticmethod
    def forward(
        ctx: Any,
        h: torch.Tensor,
        weight: torch.Tensor,
        bias: torch.Tensor,
        targets: torch.Tensor,
        compute: torch.dtype,
    ) -> torch.Tensor:
        hc, wc = h.to(compute), weight.to(compute)
        z = hc @ wc.t()  # (N, V); overwritten below, block by block, with softmax - one_hot
        n, v = z.shape
        rows = max(1, _BLOCK_BYTES // (4 * v))
        acc = torch.promote_types(compute, torch.float32)  # the softmax is never below float32
        total = torch.zeros((), dtype=acc, device=z.device)
        grad_b = torch.zeros(v, dtype=acc, device=z.device)
        b = bias.to(acc)
        for s in range(0, n, rows):
            block, t = z[s : s + rows], targets[s : s + rows]
            f = block.to(acc) if block.dtype != acc else block  # already wide enough: in place
            f.add_(b)
            m = f.amax(1, keepdim=True)
            picked = f.gather(1, t[:, None])
            s_exp = f.sub_(m).exp_().sum(1, keepdim=True)
            total += (s_exp.log() + m - picked).sum()
            f.div_(s_exp)
            f[torch.arange(len(t), device=f.device), t] -= 1
            grad_b += f.sum(0)
            if f is not block:
                block.copy_(f)
        ctx.save_for_backward(z, hc, wc, grad_b)
        ctx.dtypes = (h.dtype, weight.dtype, bias.dtype)
        return total / n

    @staticmethod
    def backward(ctx: Any, grad: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, None, None]:
        g_logits, hc, wc, grad_b = ctx.saved_tensors
        scale = grad / g_logits.shape[0]
        h_dtype, w_dtype, b_dtype = ctx.dtypes
        acc = grad_b.dtype
        grad_h = (g_logits @ wc).to(acc).mul_(scale).to(h_dtype)
        grad_w = (g_logits.t() @ hc).to(acc).mul_(scale).to(w_dtype)
        return grad_h, grad_w, (grad_b * scale).to(b_dtype), None, None


def linear_cross_entropy(
    h: torch.Tensor, weight: torch.Tensor, bias: torch.Tensor, targets: torch.Tensor, bf16: bool = False
) -> torch.Tensor:
    """Mean cross-entropy of the logits h @ weight.T + bias (N, V) against targets (N,).

    The output layer and the loss in one: the two matrix products run in bf16 when asked
    (as under autocast), the softmax in float32 over row blocks that stay in cache, and
    the (N, V) logits are never upcast as a whole. A training step of 2,048 characters
    with a 3,068-character vocabulary went from ~89 ms (torch's layer and loss under
    autocast) to ~57 ms here, one thread; benchmarks/throughput.py shows it side by side.
    """
    if h.shape[0] * weight.shape[0] * 4 <= _SMALL_LOGITS_BYTES:
        # Logits this small stay in cache anyway; for a 65-character vocabulary (2,048
        # rows) the block loop only added its dispatch cost.
        with torch.autocast(h.device.type, dtype=torch.bfloat16, enabled=bf16):
            logits = F.linear(h, weight, bias)
        return F.cross_entropy(logits if logits.dtype == torch.float64 else logits.float(), targets)
    compute = torch.bfloat16 if bf16 else torch.promote_types(h.dtype, weight.dtype)
    return _LinearCrossEntropy.apply(h, weight, bias, targets, compute)
