"""`lstm-tui train`: train a run headless, printing progress or JSON events.

The JSON lines are strict JSON (lstm_tui/json_out.py): a loss that is not a finite number,
such as the train_loss of a fine-tune's evaluation before any step, is null, not NaN.
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
from pathlib import Path
from typing import Any

from lstm_tui.json_out import dumps
from lstm_tui.terminal import (
    EXIT_BAD_INPUT,
    EXIT_HANGUP,
    EXIT_INTERRUPTED,
    EXIT_PIPE_CLOSED,
    EXIT_TERMINATED,
    quiet_stdout,
)

_PROGRESS_EVERY_S = 0.5  # progress lines printed at most this often (all other events always)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--corpus", metavar="C", help="corpus name (see `lstm-tui corpora`) or a text file")
    p.add_argument(
        "--preset",
        choices=["default", "seed"],
        default=None,
        help="default: tuned for a laptop CPU; seed: the original one-hot, scratch-cell, SGD recipe",
    )
    p.add_argument("--out", metavar="DIR", help="run folder to write (default: a new folder in the user models folder)")
    budget = p.add_mutually_exclusive_group()
    budget.add_argument("--steps", type=int, metavar="N", help="optimisation steps to run")
    budget.add_argument(
        "--time-limit",
        type=float,
        metavar="S",
        help="seconds to train (default 60 when no --steps; with --resume, none: the saved budget)",
    )
    p.add_argument("--hidden", type=int, metavar="H", help="LSTM hidden units")
    p.add_argument("--layers", type=int, metavar="L", help="stacked LSTM layers")
    p.add_argument("--embed", type=int, metavar="E", help="character embedding size")
    p.add_argument("--seq-len", type=int, metavar="T", help="characters per training sequence (BPTT length)")
    p.add_argument("--batch-size", type=int, metavar="B", help="parallel streams per batch")
    p.add_argument("--lr", type=float, metavar="X", help="learning rate")
    p.add_argument("--optimizer", choices=["adam", "sgd"])
    p.add_argument("--dropout", type=float, metavar="P", help="share of LSTM outputs zeroed while training")
    p.add_argument(
        "--tie",
        action="store_true",
        default=None,
        help="score characters against the embedding table (fewer weights; slower to learn here)",
    )
    p.add_argument(
        "--cell", choices=["fused", "scratch"], help="fused: torch.nn.LSTM; scratch: the gate equations by hand"
    )
    p.add_argument(
        "--hybrid",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="score and sample λ·LSTM + (1−λ)·n-gram, λ fitted on validation (on in the default preset); "
        "the pure LSTM's test loss is reported either way",
    )
    p.add_argument("--device", choices=["auto", "cpu", "cuda", "mps"], default=None)
    p.add_argument(
        "--precision",
        choices=["auto", "fp32", "bf16"],
        default=None,
        help="auto uses bf16 autocast where the hardware does it natively",
    )
    p.add_argument("--threads", type=int, metavar="N", help="torch CPU threads (default: all cores but one)")
    p.add_argument("--seed", type=int, metavar="N", help="random seed")
    p.add_argument(
        "--early-stop",
        type=int,
        metavar="N",
        help="stop after N evaluations without a better validation loss (default off)",
    )
    p.add_argument(
        "--from",
        dest="start_from",
        metavar="RUN",
        help="start a new run from base-ja (the pretrained Japanese base: the default for a Japanese text), "
        "from scratch (random weights: the default for other languages until a base exists for them), "
        "or from a saved run folder; the run keeps its parent's architecture",
    )
    p.add_argument(
        "--resume",
        metavar="DIR",
        help="continue a saved run: alone, to the budget it was given, on the same learning-rate curve; "
        "with --steps/--time-limit, that much more, on a warm restart of the schedule",
    )
    p.add_argument(
        "--json",
        action="store_true",
        help="one JSON object per line per event (progress at most twice a second); "
        "the last line is the 'finished' (or 'failed') event; a figure not known yet is null "
        "(train_loss of a fine-tune's evaluation before its first step)",
    )


def _overrides(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "steps": args.steps,
        "time_limit": args.time_limit,
        "hidden": args.hidden,
        "layers": args.layers,
        "embed": args.embed,
        "seq_len": args.seq_len,
        "batch_size": args.batch_size,
        "lr": args.lr,
        "optimizer": args.optimizer,
        "dropout": args.dropout,
        "tie": args.tie,
        "cell": args.cell,
        "hybrid": args.hybrid,
        "device": args.device,
        "precision": args.precision,
        "threads": args.threads,
        "seed": args.seed,
        "early_stop": args.early_stop,
    }


def _human(event: Any) -> str | None:
    d = event.to_dict()
    kind = d["event"]
    if kind == "progress":
        eta = f" eta {d['eta_s']:.0f}s" if d.get("eta_s") is not None else ""
        return (
            f"step {d['step']:>6}  epoch {d['epoch']:>3}  loss {d['train_loss']:.3f}  "
            f"lr {d['lr']:.2g}  {d['chars_per_s']:,.0f} chars/s  {d['elapsed_s']:.0f}s{eta}"
        )
    if kind == "evaluated":
        return f"step {d['step']:>6}  validation loss {d['val_loss']:.4f} nats/char"
    if kind == "sampled":
        return "sample: " + (d["prefix"] + d["text"]).replace("\n", "⏎")
    if kind == "checkpointed":
        return f"saved step {d['step']} to {d['out']}"
    if kind == "schedule":
        until = f"step {d['end_step']:,}" if d.get("end_step") is not None else f"{d['end_s']:.0f} s"
        return (
            f"step {d['step']:>6}  new budget: learning rate {d['kind'].replace('_', ' ')} from "
            f"{d['start_lr']:.2g} (peak {d['peak_lr']:.2g}) until {until}"
        )
    if kind == "baseline":
        return f"n-gram baseline: {d['label']} validation {d['val_loss']:.4f}, test {d['test_loss']:.4f} nats/char"
    if kind == "finished":
        best = ""
        if d.get("best_val_loss") is not None:
            best = f" (best {d['best_val_loss']:.4f} at step {d['best_step']}"
            if d.get("test_loss") is not None:
                best += f", test {d['test_loss']:.4f}"
                if d.get("hybrid_lambda") is not None:
                    best += f" hybrid (λ {d['hybrid_lambda']:.3f}; LSTM alone {d['lstm_test_loss']:.4f})"
                if d.get("ngram_test_loss") is not None:
                    best += f" vs {d['ngram_order']}-gram {d['ngram_test_loss']:.4f}"
            best += ")"
        return (
            f"finished ({d['reason']}) at step {d['step']}: train {d['train_loss']:.4f}, "
            f"validation {d['val_loss']:.4f} nats/char{best}, {d['chars_per_s']:,.0f} chars/s, "
            f"{d['elapsed_s']:.1f}s → {d['out']}"
        )
    if kind == "failed":
        return f"failed at step {d['step']}: {d['message']}"
    return None


def run(args: argparse.Namespace) -> int:
    from lstm_tui.core.cpus import usable_cores
    from lstm_tui.core.run_plan import plan_run
    from lstm_tui.paths import user_models_dir

    changes = _overrides(args)
    cores = usable_cores()
    if args.threads is not None and args.threads > cores:
        # more threads than cores only wait on each other (46x slower seen at 1,024 on 2)
        _say(f"lstm-tui: warning: --threads {args.threads} is more than the {cores} usable cores; using {cores}")
        changes["threads"] = cores
    plan = plan_run(
        args.corpus,
        user_models_dir(),
        preset=args.preset,
        changes=changes,
        out=args.out,
        resume=args.resume,
        start_from=args.start_from,
    )
    if (line := plan.start_line()) is not None:  # stderr: stdout stays JSON with --json
        _say(f"lstm-tui: {line}")
    # The Trainer refuses an --out holding another run (also with --resume) or files
    # lstm-tui did not write, and locks the folder while it trains.
    return _train(plan.trainer(), plan.out, args.json)


def _say(line: str) -> None:
    """One line on stderr; a terminal that went away (SIGHUP) must not stop a save."""
    try:
        print(line, file=sys.stderr, flush=True)
    except (OSError, ValueError):
        pass


# The signals that stop training and save: SIGINT (Ctrl-C), SIGTERM (kill, a service
# manager), SIGHUP (the terminal closed). Exit code 128 + the signal, after saving.
_EXIT_FOR = {signal.SIGINT: EXIT_INTERRUPTED, signal.SIGTERM: EXIT_TERMINATED}
if hasattr(signal, "SIGHUP"):
    _EXIT_FOR[signal.SIGHUP] = EXIT_HANGUP


def _train(trainer: Any, out: Path, as_json: bool) -> int:
    """Run the trainer, printing its events; saving always comes before reporting.

    The trainer saves inside its event loop; printing is the only thing here that can
    fail (a closed pipe, a terminal gone after SIGHUP), and a failed print stops the
    run at the next step, which then saves as a stop does, instead of ending it unsaved.
    """
    caught: list[int] = []
    pipe_closed = False

    def on_signal(signum: int, frame: object) -> None:
        caught.append(signum)
        trainer.stop()
        # a second one ends at once: Ctrl-C raises KeyboardInterrupt, others kill
        again = signal.default_int_handler if signum == signal.SIGINT else signal.SIG_DFL
        signal.signal(signum, again)

    previous = {sig: signal.signal(sig, on_signal) for sig in _EXIT_FOR}
    last_progress = 0.0
    final = None
    try:
        for event in trainer.events():
            final = event
            if pipe_closed:
                continue
            if event.name == "progress":
                now = time.monotonic()
                if now - last_progress < _PROGRESS_EVERY_S:
                    continue
                last_progress = now
            line = dumps(event.to_dict()) if as_json else _human(event)
            if line is None:
                continue
            try:
                print(line, flush=True)
            except (BrokenPipeError, OSError, ValueError):
                # `train | head -3`: the reader left. Stop and save; never lose the run.
                pipe_closed = True
                quiet_stdout()
                trainer.stop()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if final is not None and final.name == "failed":
        _say(f"lstm-tui: error: {final.message}")
        return EXIT_BAD_INPUT
    if final is not None and getattr(final, "reason", "") == "stopped":
        if caught:
            code = _EXIT_FOR.get(caught[0], EXIT_INTERRUPTED)
            why = f"interrupted ({signal.Signals(caught[0]).name})"
        elif pipe_closed:
            code, why = EXIT_PIPE_CLOSED, "stdout was closed"
        else:
            code, why = EXIT_INTERRUPTED, "interrupted"
        _say(f"lstm-tui: {why}; saved step {final.step} to {out}")
        return code
    return 0
