"""Training throughput: the Trainer against a bare torch loop, and default against seed.

For each corpus (by default Tiny Shakespeare, a vocabulary of 65 characters, and
吾輩は猫である, a vocabulary of ~3,100) the sides are
  trainer  the real Trainer with the `default` preset as fitted to the corpus
           (evaluation and sampling pushed out of the window, so only its per-step
           bookkeeping is compared),
  bare     a plain torch loop over the identical model, batch shape, loss, optimizer,
           clipping and precision (bf16 autocast exactly when the Trainer uses it),
  bare, torch loss
           the same loop with torch's output layer and F.cross_entropy under autocast
           in place of core/loss.py's fused linear_cross_entropy, to show what it buys,
  seed     the Trainer with the `seed` preset at the default preset's hidden size.

Two measurements, each in interleaved rounds (A, B, A, B, … with the order rotating):
  overhead  trainer against bare only, many short rounds of a fixed number of steps,
            timed by CPU seconds per step: the calling thread's CPU time when torch
            runs one thread (then all the work is on that thread, and other processes
            stretch wall time but not it), else the whole process's. The overhead is
            a trimmed geometric mean of the per-round ratios of CPU time per step,
            with a bootstrap 95% interval over rounds; the verdict against the 5%
            target is "met" or "not met" only when the whole interval is on one side
            of it, else "unresolved".
  speed     all four sides, fewer rounds of --block-s seconds each, chars per wall and
            per CPU second: default ÷ seed and what the fused loss buys.

    python benchmarks/throughput.py [--corpus PATH ...] [--overhead-rounds 40] [--block-steps 20]
                                    [--rounds 9] [--block-s 1.5] [--threads N]

Targets: Trainer overhead ≤ 5% against the bare loop; default ≥ 3× seed chars/s.
Writes benchmarks/results/throughput.json (throughput_threadsN.json with --threads N).
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from common import (
    DEFAULT_CORPORA,
    QUICK_SHAPE,
    base_parser,
    bootstrap_ci,
    ci_verdict,
    corpus_label,
    interleave,
    load_corpus,
    median,
    print_table,
    require_files,
    verdict,
    write_result,
)

OVERHEAD_TARGET_PCT = 5.0
SPEEDUP_TARGET = 3.0
MIN_VERDICT_ROUNDS = 10
TRIM = 0.1  # share of rounds dropped at each end of the per-round overhead ratios
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


def cpu_clock(threads: int) -> tuple[str, Callable[[], float]]:
    """The CPU clock that sees all of a step's work: this thread's with one torch thread.

    With one thread torch computes on the caller's thread, and its CPU time excludes
    whatever else the process (or machine) does. With more, the work spreads over
    torch's pool, so only the process's CPU time holds it (pool spin-waits included).
    """
    if threads == 1:
        return "thread_time", time.thread_time
    return "process_time", time.process_time


def steps_block(step: Callable[[], None], steps: int, clock: Callable[[], float]) -> tuple[float, float]:
    """Run exactly `steps` steps; CPU seconds and wall seconds per step."""
    cpu0, wall0 = clock(), time.perf_counter()
    for _ in range(steps):
        step()
    return (clock() - cpu0) / steps, (time.perf_counter() - wall0) / steps


def overhead_stats(pairs: Sequence[tuple[float, float]], target_pct: float) -> dict[str, Any]:
    """Overhead % of trainer over bare from per-round (trainer, bare) seconds per step.

    Each round's ratio trainer ÷ bare cancels what both sides of that round shared (the
    load at that moment, the clock speed); the estimate is the 10%-trimmed mean of the
    log ratios (a geometric mean that one disturbed round cannot drag), and its interval
    resamples whole rounds, so it is as wide as the data makes it.
    """

    def pct(sample: Sequence[tuple[float, float]]) -> float:
        logs = sorted(math.log(t / b) for t, b in sample)
        cut = int(len(logs) * TRIM)
        kept = logs[cut : len(logs) - cut]
        return (math.exp(sum(kept) / len(kept)) - 1) * 100

    low, high = bootstrap_ci(pairs, pct)
    # a handful of rounds gives a bootstrap interval far narrower than the truth
    enough = len(pairs) >= MIN_VERDICT_ROUNDS
    return {
        "overhead_pct": pct(pairs),
        "ci95_pct": [low, high],
        "target_pct": target_pct,
        "estimator": f"exp(mean of per-round log(trainer/bare), {TRIM:.0%} trimmed each side) - 1",
        "verdict": ci_verdict(low, high, target_pct) if enough else "unresolved",
    }


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
    from lstm_tui.core.optim import make_optimizer

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


def measure_corpus(path: Path, plan: dict[str, Any], threads: int | None, quick: bool = False) -> dict[str, Any]:
    """The overhead rounds (trainer / bare) then the speed rounds (all four) on one corpus."""
    import torch

    from lstm_tui.core.config import preset, preset_for
    from lstm_tui.core.devices import resolve_device, use_bf16

    if threads:
        torch.set_num_threads(threads)  # the bare loop's; the Trainers set the same from config
    corpus = load_corpus(path)
    # the default preset as a user gets it: fitted to this corpus's vocabulary and length
    shape = QUICK_SHAPE if quick else {}
    default = preset_for("default", len(corpus.vocab), len(corpus.text)).with_(threads=threads, **shape).validate()
    seed = preset("seed").with_(hidden=default.hidden, threads=threads).validate()  # same hidden, the seed's recipe
    t_step, t_events = trainer_side(default, corpus)
    s_step, s_events = trainer_side(seed, corpus)
    b_step = bare_side(default, corpus)
    bt_step = bare_side(default, corpus, torch_loss=True)
    d_chars = default.batch_size * default.seq_len
    s_chars = seed.batch_size * seed.seq_len
    for fn in (t_step, b_step, bt_step, s_step):  # warm-up: first steps allocate and pick kernels
        for _ in range(2):
            fn()
    n_threads = torch.get_num_threads()  # as the Trainer set it (config.threads or its default)
    clock_name, clock = cpu_clock(n_threads)

    # overhead: only the two sides being compared, so each round is short and many fit
    k = plan["block_steps"]
    over_runs = interleave(
        {"trainer": lambda: steps_block(t_step, k, clock), "bare": lambda: steps_block(b_step, k, clock)},
        plan["overhead_rounds"],
    )
    cpu_pairs = [(t[0], b[0]) for t, b in zip(over_runs["trainer"], over_runs["bare"])]
    wall_pairs = [(t[1], b[1]) for t, b in zip(over_runs["trainer"], over_runs["bare"])]
    overhead = overhead_stats(cpu_pairs, OVERHEAD_TARGET_PCT)
    overhead_wall = overhead_stats(wall_pairs, OVERHEAD_TARGET_PCT)

    block_s, min_steps = plan["block_s"], plan["min_steps"]
    sides = {
        "trainer": lambda: timed_block(t_step, d_chars, block_s, min_steps),
        "bare": lambda: timed_block(b_step, d_chars, block_s, min_steps),
        "bare_torch_loss": lambda: timed_block(bt_step, d_chars, block_s, min_steps),
        "seed": lambda: timed_block(s_step, s_chars, block_s, 1),
    }
    pairs = interleave(sides, plan["rounds"])
    t_events.close()
    s_events.close()
    wall = {k: [w for w, _ in v] for k, v in pairs.items()}
    cpu = {k: [c for _, c in v] for k, v in pairs.items()}

    def speedup(runs: dict[str, list[float]]) -> float:
        # paired per-round ratios: neighbours in time saw the same background load
        return median([t / s for t, s in zip(runs["trainer"], runs["seed"])])

    def loss_gain(runs: dict[str, list[float]]) -> float:
        return median([b / bt for b, bt in zip(runs["bare"], runs["bare_torch_loss"])])

    device = resolve_device(default.device)
    default_over_seed = speedup(cpu)
    return {
        "corpus": corpus_label(path),
        "vocab": len(corpus.vocab),
        "device": str(device),
        "threads": n_threads,
        "bf16_autocast": use_bf16(default.precision, device),
        "default_shape": {
            "batch": default.batch_size,
            "seq_len": default.seq_len,
            "hidden": default.hidden,
            "embed": default.embed,
            "layers": default.layers,
            "cell": default.cell,
        },
        "seed_shape": {
            "batch": seed.batch_size,
            "seq_len": seed.seq_len,
            "hidden": seed.hidden,
            "one_hot": seed.one_hot,
            "cell": seed.cell,
            "optimizer": seed.optimizer,
        },
        "overhead": {
            "clock": clock_name,
            "rounds": plan["overhead_rounds"],
            "block_steps": k,
            "cpu_s_per_step": {"trainer": [t for t, _ in cpu_pairs], "bare": [b for _, b in cpu_pairs]},
            "wall_s_per_step": {"trainer": [t for t, _ in wall_pairs], "bare": [b for _, b in wall_pairs]},
            **overhead,
            "wall": overhead_wall,  # the same on the wall clock, for comparison only
        },
        "overhead_pct": overhead["overhead_pct"],
        "overhead_ci95_pct": overhead["ci95_pct"],
        "overhead_verdict": overhead["verdict"],
        "chars_per_wall_s": wall,
        "chars_per_cpu_s": cpu,  # process CPU time
        "median_chars_per_s": {k: median(v) for k, v in wall.items()},
        "median_chars_per_cpu_s": {k: median(v) for k, v in cpu.items()},
        "default_over_seed": default_over_seed,  # from CPU time, the steadier measure on a shared machine
        "default_over_seed_wall": speedup(wall),
        "own_loss_speedup": loss_gain(cpu),  # bare loop: project's cross-entropy ÷ torch's
        "speedup_target_met": default_over_seed >= SPEEDUP_TARGET,
    }


def main() -> int:
    """Measure every corpus, print the two tables and write the JSON."""
    p = base_parser(__doc__.split("\n\n")[0])
    p.add_argument(
        "--corpus", type=Path, action="append", help="corpus file (repeatable; default Tiny Shakespeare and 吾輩)"
    )
    p.add_argument("--overhead-rounds", type=int, default=40, help="interleaved trainer/bare rounds (default 40)")
    p.add_argument("--block-steps", type=int, default=20, help="steps per side per overhead round (default 20)")
    p.add_argument("--rounds", type=int, default=9, help="interleaved rounds of the speed comparison (default 9)")
    p.add_argument("--block-s", type=float, default=1.5, help="seconds per side per speed round (default 1.5)")
    p.add_argument("--threads", type=int, help="torch threads for every side (default: the Trainer's default)")
    args = p.parse_args()
    corpora = args.corpus or list(DEFAULT_CORPORA)
    require_files(corpora)
    if args.quick:  # enough rounds for an interval to exist, not to mean anything
        plan = {"overhead_rounds": 3, "block_steps": 2, "rounds": 1, "block_s": 0.0, "min_steps": 2}
    else:
        plan = {
            "overhead_rounds": args.overhead_rounds,
            "block_steps": args.block_steps,
            "rounds": args.rounds,
            "block_s": args.block_s,
            "min_steps": 3,
        }

    results = []
    for path in corpora:
        print(f"measuring {corpus_label(path)} …", file=sys.stderr, flush=True)
        results.append(measure_corpus(path, plan, args.threads, args.quick))
    rows = []
    for r in results:
        o = r["overhead"]
        ms = {k: median(v) * 1000 for k, v in o["cpu_s_per_step"].items()}
        rows.append(
            [
                r["corpus"],
                r["vocab"],
                r["threads"],
                o["clock"],
                ms["bare"],
                ms["trainer"],
                o["overhead_pct"],
                f"[{o['ci95_pct'][0]:+.1f}, {o['ci95_pct'][1]:+.1f}]",
                o["verdict"],
                o["wall"]["overhead_pct"],
            ]
        )
    print_table(
        [
            "corpus",
            "vocab",
            "threads",
            "clock",
            "bare CPU ms/step",
            "trainer CPU ms/step",
            "overhead %",
            "95% CI %",
            "≤5%?",
            "wall overhead %",
        ],
        rows,
        title=f"Trainer overhead over a bare loop: CPU time per step, {plan['overhead_rounds']} interleaved "
        f"rounds of {plan['block_steps']} steps each (trimmed geometric mean of per-round ratios; "
        f"bootstrap interval over rounds)",
    )
    print()
    rows = []
    for r in results:
        m, c = r["median_chars_per_s"], r["median_chars_per_cpu_s"]
        rows.append(
            [
                r["corpus"],
                r["vocab"],
                r["threads"],
                m["bare"],
                m["trainer"],
                m["seed"],
                c["trainer"],
                c["seed"],
                r["default_over_seed"],
                verdict(r["speedup_target_met"]),
                m["bare_torch_loss"],
                r["own_loss_speedup"],
            ]
        )
    print_table(
        [
            "corpus",
            "vocab",
            "threads",
            "bare chars/s",
            "trainer chars/s",
            "seed chars/s",
            "trainer chars/CPU s",
            "seed chars/CPU s",
            "default÷seed",
            "≥3×?",
            "bare, torch loss chars/s",
            "fused loss gain",
        ],
        rows,
        title=f"training chars per wall second, median of {plan['rounds']} interleaved rounds "
        f"(default÷seed and fused loss gain: median of per-round CPU-time ratios)",
    )
    name = f"throughput_threads{args.threads}" if args.threads else "throughput"  # keep both side by side
    out = write_result(name, {**plan, "threads": args.threads, "quick": args.quick, "results": results}, args.out_dir)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
