"""The fused output layer + cross-entropy gives torch's value and gradients."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from lstm_tui.core import loss as loss_mod
from lstm_tui.core.loss import linear_cross_entropy


def _reference(h: torch.Tensor, w: torch.Tensor, b: torch.Tensor, y: torch.Tensor, bf16: bool) -> torch.Tensor:
    with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
        z = F.linear(h, w, b)
    return F.cross_entropy(z.float() if z.dtype != torch.float64 else z, y)


@pytest.fixture(params=["blocks", "torch"])
def path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both routes: the hand-written row blocks, and torch's ops for small logits."""
    if request.param == "blocks":
        monkeypatch.setattr(loss_mod, "_SMALL_LOGITS_BYTES", 0)
        monkeypatch.setattr(loss_mod, "_BLOCK_BYTES", 4 * 3068 * 7)  # several blocks, one ragged
    else:
        monkeypatch.setattr(loss_mod, "_SMALL_LOGITS_BYTES", 1 << 40)
    return request.param


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
@pytest.mark.parametrize("n,v", [(1, 2), (37, 65), (300, 3068)])
def test_exact_in_float32_and_float64(dtype: torch.dtype, n: int, v: int, path: str) -> None:
    torch.manual_seed(n + v)
    h, w, b = torch.randn(n, 16, dtype=dtype), torch.randn(v, 16, dtype=dtype) * 0.5, torch.randn(v, dtype=dtype)
    y = torch.randint(0, v, (n,))
    ours = [t.clone().requires_grad_() for t in (h, w, b)]
    ref = [t.clone().requires_grad_() for t in (h, w, b)]
    loss, expected = linear_cross_entropy(*ours, y), _reference(*ref, y, bf16=False)
    (loss * 3).backward()  # a non-unit upstream gradient is passed through
    (expected * 3).backward()
    torch.testing.assert_close(loss, expected)
    for mine, theirs in zip(ours, ref):
        assert mine.grad is not None and theirs.grad is not None and mine.grad.dtype == dtype
        torch.testing.assert_close(mine.grad, theirs.grad)


def test_bf16_is_as_close_as_autocast_itself(path: str) -> None:
    torch.manual_seed(3)
    h, w, b = torch.randn(50, 32).bfloat16(), torch.randn(3068, 32) * 0.3, torch.randn(3068) * 0.1
    y = torch.randint(0, 3068, (50,))
    ours = [t.clone().requires_grad_() for t in (h, w, b)]
    ref = [t.clone().requires_grad_() for t in (h, w, b)]
    loss, expected = linear_cross_entropy(*ours, y, bf16=True), _reference(*ref, y, bf16=True)
    loss.backward()
    expected.backward()
    assert abs(loss.item() - expected.item()) < 2e-3
    for mine, theirs in zip(ours, ref):
        assert mine.grad is not None and theirs.grad is not None
        assert mine.grad.dtype == theirs.grad.dtype
        scale = theirs.grad.float().abs().max()
        assert (mine.grad.float() - theirs.grad.float()).abs().max() <= 0.02 * scale


def test_extreme_logits_stay_finite(path: str) -> None:
    h = torch.tensor([[1e3, -1e3], [-3e3, 3e3]], requires_grad=True)
    w = torch.eye(2, requires_grad=True)
    b = torch.zeros(2, requires_grad=True)
    y = torch.tensor([1, 0])
    loss = linear_cross_entropy(h, w, b, y)
    loss.backward()
    assert torch.isfinite(loss) and all(torch.isfinite(t.grad).all() for t in (h, w, b))
    torch.testing.assert_close(loss, F.cross_entropy(h.detach(), y))


def test_inputs_are_left_alone(path: str) -> None:
    h, w, b = torch.randn(5, 4), torch.randn(7, 4), torch.randn(7)
    copies = [t.clone() for t in (h, w, b)]
    linear_cross_entropy(h, w, b, torch.randint(0, 7, (5,)))
    assert all(torch.equal(a, c) for a, c in zip((h, w, b), copies))
