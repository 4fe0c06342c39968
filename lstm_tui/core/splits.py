"""Where a text is cut into its train / validation / test splits.

Contiguous, in that order: the first 90% trains, the next 5% validates (tuning, early
stopping, best-weights choice) and the last 5% tests (the figures we publish). The
n-gram baseline and the LSTM use these same bounds, so their losses compare. Pure
Python: the baseline and the torch-free modules use it too.
"""

from __future__ import annotations

VAL_FRACTION = 0.05
TEST_FRACTION = 0.05
_MIN_HELD_OUT = 2  # a split needs two characters to score one prediction


def split_bounds(n: int, val_fraction: float = VAL_FRACTION, test_fraction: float = TEST_FRACTION) -> tuple[int, int]:
    """(train_end, val_end) for a text of n characters: train [0, train_end),
    validation [train_end, val_end), test [val_end, n).

    A non-zero fraction always keeps at least two characters when the text allows.
    """

    def size(fraction: float) -> int:
        k = int(n * fraction)
        return max(k, _MIN_HELD_OUT) if fraction > 0 else 0

    n_test = size(test_fraction)
    n_val = size(val_fraction)
    n_test = min(n_test, max(0, n - 2))
    n_val = min(n_val, max(0, n - n_test - 2))
    val_end = n - n_test
    return val_end - n_val, val_end
