"""Training throughput: the Trainer against a bare torch loop, and default against seed.

For each corpus (by default Tiny Shakespeare, a 65-character vocabulary, and 吾輩は猫である,
~3,100 characters) four sides run in interleaved rounds (A, B, C, D, A, B, C, D, …):
  trainer  the real Trainer with the `default` preset as fitted to the corpus
           (evaluation and sampling pushed out of the window, so only its per-step
           bookkeeping is compared),
  bare     a plain torch loop over the identical model, batch shape, loss, optimizer,
           clipping and precision (bf16 autocast exactly when the Trainer uses it),
  bare, torch loss
           the same loop with torch's output layer and F.cross_entropy under autocast
           in place of core/loss.py's fused linear_cross_entropy, to show what it buys,
  seed     the Trainer with the `seed` preset at the default preset's hidden size.
Each round times one block of steps per side, by the wall clock and by this process's
CPU time; the table shows medians. On a machine shared with other work the CPU-time
rates are the steadier ones: other processes stretch wall time, not our CPU time.

    python benchmarks/throughput.py [--corpus PATH ...] [--rounds 9] [--block-s 1.5] [--threads N]

Targets: Trainer overhead ≤ 5% against the bare loop; default ≥ 3× seed chars/s.
Writes benchmarks/results/throughput.json (throughput_threadsN.json with --threads N).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Callable

from common import (
    DEFAULT_CORPORA, QUICK_SHAPE, base_parser, corpus_label, interleave, load_corpus, median, print_table, require_files,
    verdict, write_result,
)

OVERHEAD_TARGET_PCT = 5.0
SPEEDUP_TARGET = 3.0
_FAR = 1e9  # seconds: keeps the Trainer's evaluation, sampling and saving out of the window


def timed_block(step: Callable[[], None], chars_per_step: int, block_s: float, min_steps: int) -> tuple[float, float]:
    """Run steps until block_s has passed (and at least min_steps).

    Returns chars per wall-clock second and chars per CPU second of this process.
    """
    n, start, cpu_start = 0, time.perf_counter(), time.process_time()
    while True:
        step()
        n += 1
        elapsed = time.perf_counter() - start
        if n >= min_steps and elapsed >= block_s:
            cpu = max(time.process_time() - cpu_start, 1e-9)
            return n * chars_per_step / elapsed, n * chars_per_step / cpu


def trainer_side(config: Any, corpus: Any) -> tuple[Callable[[], None], Iterator[Any]]:
    """A function doing one Trainer step (by pulling its next Progress event)."""
    from lstm_tui.core.training import Trainer

    cfg = config.with_(eval_every_s=_FAR, sample_every_s=_FAR, checkpoint_every_s=_FAR)
    events = Trainer(cfg, corpus, out=None).events()

    def step() -> None:
        while next(events).name != "progress":  # only progress events while nothing else is due
            pass

    return step, events


def bare_side(config: Any, corpus: Any, torch_loss: bool = False) -> Callable[[], None]:
    """One step of a plain loop: same model, batches, loss, Adam, clipping and autocast.

    With torch_loss it uses torch's own F.cross_entropy instead of the project's
    hand-written one, to show what that loss buys.
    """
    import torch
    import torch.nn.functional as F

    from lstm_tui.core.checkpoint import build_model
    from lstm_tui.core.corpus import Streams
    from lstm_tui.core.devices import resolve_device, use_bf16
    from lstm_tui.core.loss import linear_cross_entropy
    from lstm_tui.core.training import make_optimizer

    device = resolve_device(config.device)
    bf16 = use_bf16(config.precision, device)
    torch.manual_seed(config.seed)
    model = build_model(config, len(corpus.vocab)).to(device).train()
    opt = make_optimizer(config, model.parameters(), device)  # the Trainer's (fused Adam)
    streams = Streams(corpus.train, config.batch_size, config.seq_len)
    state: dict[str, Any] = {"i": 0, "hidden": None}

    def step() -> None:
        i = state["i"] % streams.batches_per_epoch
        x, y = streams.batch(i)
        x, y = x.to(device), y.to(device)
        if torch_loss:
            with torch.autocast(device.type, dtype=torch.bfloat16, enabled=bf16):
                logits, hidden = model(x, state["hidden"])
            loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]).float(), y.reshape(-1))
        else:
            with torch.autocast(device.type, dtype=torch.bfloat16, enabled=bf16):
                out, hidden = model.features(x, state["hidden"])
            weight, bias = model.output_layer()
            loss = linear_cross_entropy(out.reshape(-1, out.shape[-1]), weight, bias, y.reshape(-1), bf16=bf16)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        if config.clip > 0:
            torch.nn.utils.clip_grad_norm_(model.parameters(), config.clip)
        opt.step()
        state["hidden"] = (hidden[0].detach(), hidden[1].detach())
        state["i"] += 1

    return step


def measure_corpus(
    path: Path, rounds: int, block_s: float, min_steps: int, threads: int | None, quick: bool = False
) -> dict[str, Any]:
    """Interleaved rounds of trainer / bare / seed on one corpus."""
    import torch

    from lstm_tui.core.config import preset, preset_for
    from lstm_tui.core.devices import resolve_device, use_bf16

    if threads:
        torch.set_num_threads(threads)  # the bare loop's; the Trainers set the same from config
    corpus = load_corpus(path)
    # the default preset as a user gets it: fitted to this corpus's vocabulary and length
    default = preset_for("default", len(corpus.vocab), len(corpus.text)).with_(threads=threads, **(QUICK_SHAPE if quick else {})).validate()
    seed = preset("seed").with_(hidden=default.hidden, threads=threads).validate()  # same hidden size, the seed's recipe
    t_step, t_events = trainer_side(default, corpus)
    s_step, s_events = trainer_side(seed, corpus)
    b_step = bare_side(default, corpus)
    bt_step = bare_side(default, corpus, torch_loss=True)
    d_chars = default.batch_size * default.seq_len
    s_chars = seed.batch_size * seed.seq_len
    for fn in (t_step, b_step, bt_step, s_step):  # warm-up: first steps allocate and pick kernels
        for _ in range(2):
            fn()
    sides = {
        "trainer": lambda: timed_block(t_step, d_chars, block_s, min_steps),
        "bare": lambda: timed_block(b_step, d_chars, block_s, min_steps),
        "bare_torch_loss": lambda: timed_block(bt_step, d_chars, block_s, min_steps),
        "seed": lambda: timed_block(s_step, s_chars, block_s, 1),
    }
    pairs = interleave(sides, rounds)
    t_events.close()
    s_events.close()
    wall = {k: [w for w, _ in v] for k, v in pairs.items()}
    cpu = {k: [c for _, c in v] for k, v in pairs.items()}

    def ratios(runs: dict[str, list[float]]) -> tuple[float, float]:
        # paired per-round ratios: neighbours in time saw the same background load
        over = median([(b / t - 1) * 100 for t, b in zip(runs["trainer"], runs["bare"])])
        return over, median([t / s for t, s in zip(runs["trainer"], runs["seed"])])

    def loss_gain(runs: dict[str, list[float]]) -> float:
        return median([b / bt for b, bt in zip(runs["bare"], runs["bare_torch_loss"])])

    overhead_wall, speedup_wall = ratios(wall)
    overhead, speedup = ratios(cpu)
    device = resolve_device(default.device)
    return {
        "corpus": corpus_label(path),
        "vocab": len(corpus.vocab),
        "device": str(device),
        "threads": torch.get_num_threads(),
        "bf16_autocast": use_bf16(default.precision, device),
        "default_shape": {"batch": default.batch_size, "seq_len": default.seq_len, "hidden": default.hidden,
                          "embed": default.embed, "layers": default.layers, "cell": default.cell},
        "seed_shape": {"batch": seed.batch_size, "seq_len": seed.seq_len, "hidden": seed.hidden,
                       "one_hot": seed.one_hot, "cell": seed.cell, "optimizer": seed.optimizer},
        "chars_per_wall_s": wall,
        "chars_per_cpu_s": cpu,
        "median_chars_per_s": {k: median(v) for k, v in wall.items()},
        "median_chars_per_cpu_s": {k: median(v) for k, v in cpu.items()},
        "overhead_pct": overhead,  # from CPU time, the steadier measure on a shared machine
        "default_over_seed": speedup,
        "overhead_pct_wall": overhead_wall,
        "default_over_seed_wall": speedup_wall,
        "own_loss_speedup": loss_gain(cpu),  # bare loop: project's cross-entropy ÷ torch's
        "overhead_target_met": overhead <= OVERHEAD_TARGET_PCT,
        "speedup_target_met": speedup >= SPEEDUP_TARGET,
    }


def main() -> int:
    p = base_parser(__doc__.split("\n\n")[0])
    p.add_argument("--corpus", type=Path, action="append", help="corpus file (repeatable; default Tiny Shakespeare and 吾輩)")
    p.add_argument("--rounds", type=int, default=9, help="interleaved rounds (default 9)")
    p.add_argument("--block-s", type=float, default=1.5, help="seconds per side per round (default 1.5)")
    p.add_argument("--threads", type=int, help="torch threads for every side (default: torch's default)")
    args = p.parse_args()
    corpora = args.corpus or list(DEFAULT_CORPORA)
    require_files(corpora)
    rounds, block_s, min_steps = (1, 0.0, 2) if args.quick else (args.rounds, args.block_s, 3)

    results = []
    for path in corpora:
        print(f"measuring {corpus_label(path)} …", file=sys.stderr, flush=True)
        results.append(measure_corpus(path, rounds, block_s, min_steps, args.threads, args.quick))
    rows = []
    for r in results:
        m, c = r["median_chars_per_s"], r["median_chars_per_cpu_s"]
        for clock, med, over, speed in (("wall", m, r["overhead_pct_wall"], r["default_over_seed_wall"]),
                                        ("cpu", c, r["overhead_pct"], r["default_over_seed"])):
            rows.append([r["corpus"], r["vocab"], r["threads"], clock, med["bare"], med["trainer"], med["seed"], over,
                         verdict(over <= OVERHEAD_TARGET_PCT), speed, verdict(speed >= SPEEDUP_TARGET),
                         med["bare_torch_loss"]])
    print_table(
        ["corpus", "vocab", "threads", "clock", "bare chars/s", "trainer chars/s", "seed chars/s", "overhead %",
         "≤5%?", "default÷seed", "≥3×?", "bare, torch loss"],
        rows, title=f"training chars per wall / CPU second, median of {rounds} interleaved rounds "
                    f"(overhead and speed-up: median of per-round ratios; targets judged on CPU time)",
    )
    name = f"throughput_threads{args.threads}" if args.threads else "throughput"  # keep both side by side
    out = write_result(name, {"rounds": rounds, "block_s": block_s, "threads": args.threads,
                                      "quick": args.quick, "results": results}, args.out_dir)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
