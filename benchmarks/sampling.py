"""Sampling speed: time to the first character and characters/s streamed, on the CPU.

Loads a saved run (--model DIR, or one trained here for --train-s seconds with the
Trainer's `default` preset on each --corpus) and streams from it with
lstm_tui.core.sampling.stream. Each model is measured with torch using 1 thread and
its default thread count, in interleaved rounds (1, default, 1, default, …): sampling
one character at a time is a chain of tiny matrix-vector products, bound by latency.

    python benchmarks/sampling.py [--model DIR | --corpus PATH ...] [--length 2000] [--rounds 5]

A run trained as a hybrid (the default preset: λ·LSTM + (1 − λ)·n-gram, core/hybrid.py)
is also streamed as the hybrid, with 1 thread, in the same interleaved rounds: the
n-gram's next-character distribution is then computed for every character.

Targets: first character ≤ 50 ms; ≥ 2,000 characters/s. Writes
benchmarks/results/sampling.json.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import (
    DEFAULT_CORPORA,
    QUICK_SHAPE,
    base_parser,
    corpus_label,
    interleave,
    load_corpus,
    load_text,
    median,
    print_table,
    require_files,
    verdict,
    write_result,
)

FIRST_CHAR_TARGET_MS = 50.0
RATE_TARGET = 2000.0
TEMPERATURE = 0.8


def train_run(corpus_path: Path, out: Path, seconds: float, quick: bool) -> Path:
    """Train a `default` run for a few seconds and save it to `out`."""
    from lstm_tui.core.config import preset
    from lstm_tui.core.training import Trainer

    config = preset("default").with_(time_limit=seconds, sample_length=0, **(QUICK_SHAPE if quick else {}))
    last = Trainer(config, load_corpus(corpus_path), out=out).run()
    if last.name != "finished":
        raise RuntimeError(f"training for the sampling benchmark failed: {last}")
    return out


def stream_once(run: Any, threads: int, length: int, prefix: str, seed: int, ngram: Any = None) -> tuple[float, float]:
    """Stream `length` characters with `threads` torch threads → (first-char s, chars/s
    after it); with `ngram`, the run's hybrid."""
    import torch

    from lstm_tui.core.sampling import stream
    from lstm_tui.core.sampling_options import SamplingOptions

    torch.set_num_threads(threads)
    mixture = {"ngram": ngram, "lam": run.hybrid.lam} if ngram is not None else {}
    start = time.perf_counter()
    it = stream(
        run.model, run.vocab, prefix, SamplingOptions(temperature=TEMPERATURE, length=length, seed=seed), **mixture
    )
    next(it)  # the prefix goes through the model, then the first character is drawn
    first = time.perf_counter() - start
    n = sum(1 for _ in it)
    rest = time.perf_counter() - start - first
    return first, n / rest if rest > 0 else float("inf")


def measure_model(
    model_dir: Path, label: str, length: int, rounds: int, prefix: str, text: str | None = None
) -> dict[str, Any]:
    """Load time, then interleaved rounds of 1 thread against the default thread count
    (and the hybrid's, for a hybrid run). `text`: the text the run trained on, when its
    corpus file holds another (an Aozora original, cleaned on loading)."""
    import torch

    from lstm_tui.core.checkpoint import load_run

    default_threads = torch.get_num_threads()
    start = time.perf_counter()
    run = load_run(model_dir, device="cpu")
    load_s = time.perf_counter() - start
    stream_once(run, default_threads, 20, prefix, 0)  # warm-up
    counts = sorted({1, default_threads})
    raw: dict[int, list[tuple[float, float]]] = {t: [] for t in counts}
    ngram, ngram_note = None, None
    if run.hybrid is not None:
        from lstm_tui.core.hybrid import run_ngram

        start = time.perf_counter()
        ngram, ngram_note = run_ngram(run.hybrid, run.corpus, text)
        if ngram is not None:
            ngram.prepare()  # counting its training text is load time, as `sample` does it
            ngram_note = f"n-gram ready in {(time.perf_counter() - start) * 1000:.0f} ms"
    hybrid_raw: list[tuple[float, float]] = []

    def side(t: int) -> Any:
        def go() -> float:
            raw[t].append(stream_once(run, t, length, prefix, len(raw[t]) + 1))
            return 0.0

        return go

    def hybrid_side() -> float:
        hybrid_raw.append(stream_once(run, 1, length, prefix, len(hybrid_raw) + 1, ngram))
        return 0.0

    sides = {f"threads={t}": side(t) for t in counts}
    if ngram is not None:
        sides["hybrid"] = hybrid_side
    interleave(sides, rounds)
    torch.set_num_threads(default_threads)
    by_threads = {
        str(t): {
            "first_char_ms": median([f for f, _ in v]) * 1000,
            "chars_per_s": median([r for _, r in v]),
            "first_char_ms_all": [round(f * 1000, 2) for f, _ in v],
            "chars_per_s_all": [round(r, 1) for _, r in v],
        }
        for t, v in raw.items()
    }
    best = max(by_threads, key=lambda t: by_threads[t]["chars_per_s"])
    return {
        "model": label,
        "path": str(model_dir),
        "vocab": len(run.vocab),
        "hidden": run.config.hidden,
        "layers": run.config.layers,
        "load_ms": load_s * 1000,
        "length": length,
        "prefix": prefix,
        "default_threads": default_threads,
        "by_threads": by_threads,
        "faster_threads": int(best),
        "one_thread_speedup": by_threads["1"]["chars_per_s"] / by_threads[str(default_threads)]["chars_per_s"],
        "hybrid": {
            "lambda": run.hybrid.lam,
            "note": ngram_note,
            "first_char_ms": median([f for f, _ in hybrid_raw]) * 1000,
            "chars_per_s": median([r for _, r in hybrid_raw]),
            "first_char_ms_all": [round(f * 1000, 2) for f, _ in hybrid_raw],
            "chars_per_s_all": [round(r, 1) for _, r in hybrid_raw],
        }
        if hybrid_raw
        else {"note": ngram_note or "a pure LSTM run"},
    }


def main() -> int:
    p = base_parser(__doc__.split("\n\n")[0])
    p.add_argument("--model", type=Path, help="a saved run folder (default: train one per corpus)")
    p.add_argument(
        "--corpus",
        type=Path,
        action="append",
        help="corpus to train on (repeatable; default Tiny Shakespeare and 吾輩)",
    )
    p.add_argument("--train-s", type=float, default=10.0, help="seconds to train each model (default 10)")
    p.add_argument("--length", type=int, default=2000, help="characters per stream (default 2000)")
    p.add_argument("--rounds", type=int, default=5, help="interleaved rounds (default 5)")
    p.add_argument("--prefix", default="", help="text the samples continue (default none)")
    args = p.parse_args()
    length, rounds, train_s = (100, 1, 0.5) if args.quick else (args.length, args.rounds, args.train_s)

    results = []
    with tempfile.TemporaryDirectory() as tmp:
        if args.model:
            if not (args.model / "run.json").is_file():
                print(f"missing run folder: {args.model} (no run.json there)", file=sys.stderr)
                return 2
            models = [(args.model, args.model.name, None)]
        else:
            corpora = args.corpus or list(DEFAULT_CORPORA)
            require_files(corpora)
            models = []
            for c in corpora:
                print(f"training {corpus_label(c)} for {train_s:g} s …", file=sys.stderr, flush=True)
                run_dir = train_run(c, Path(tmp) / corpus_label(c), train_s, args.quick)
                models.append((run_dir, corpus_label(c), load_text(c)))
        for model_dir, label, text in models:
            results.append(measure_model(model_dir, label, length, rounds, args.prefix, text))

    rows = []
    for r in results:
        for t, m in r["by_threads"].items():
            rows.append(
                [
                    r["model"],
                    r["vocab"],
                    r["hidden"],
                    int(t),
                    r["load_ms"],
                    m["first_char_ms"],
                    verdict(m["first_char_ms"] <= FIRST_CHAR_TARGET_MS),
                    m["chars_per_s"],
                    verdict(m["chars_per_s"] >= RATE_TARGET),
                    m["chars_per_s"] / r["by_threads"][str(r["default_threads"])]["chars_per_s"],
                ]
            )
        h = r["hybrid"]
        if "chars_per_s" in h:
            rows.append(
                [
                    f"{r['model']} hybrid (λ {h['lambda']:.2f})",
                    r["vocab"],
                    r["hidden"],
                    1,
                    r["load_ms"],
                    h["first_char_ms"],
                    verdict(h["first_char_ms"] <= FIRST_CHAR_TARGET_MS),
                    h["chars_per_s"],
                    verdict(h["chars_per_s"] >= RATE_TARGET),
                    h["chars_per_s"] / r["by_threads"][str(r["default_threads"])]["chars_per_s"],
                ]
            )
    print_table(
        [
            "model",
            "vocab",
            "hidden",
            "threads",
            "load ms",
            "first char ms",
            "≤50 ms?",
            "chars/s",
            "≥2,000?",
            "÷ default threads",
        ],
        rows,
        title=f"streaming {length} characters on the CPU, median of {rounds} interleaved rounds",
    )
    for r in results:
        print(
            f"{r['model']}: faster with {r['faster_threads']} thread(s) "
            f"(1 thread ÷ {r['default_threads']} threads = {r['one_thread_speedup']:.2f}× chars/s)"
        )
    out = write_result(
        "sampling",
        {"length": length, "rounds": rounds, "temperature": TEMPERATURE, "quick": args.quick, "results": results},
        args.out_dir,
    )
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
