"""GPU smoke test: where CUDA is available, train --seconds on the GPU and the same on the
CPU with the Trainer's `default` preset, and print chars/s side by side.

Without a CUDA GPU it prints "no CUDA GPU here", writes that to the JSON and exits 0.

    python benchmarks/gpu_smoke.py [--seconds 20] [--corpus PATH]

Writes benchmarks/results/gpu_smoke.json.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from common import (
    QUICK_SHAPE,
    SHAKESPEARE,
    base_parser,
    corpus_label,
    load_corpus,
    print_table,
    require_files,
    write_result,
)


def train_on(device: str, corpus: Any, seconds: float, quick: bool) -> dict[str, Any]:
    """Train the default preset for `seconds` on one device; steps, chars/s, losses."""
    import torch

    from lstm_tui.core.config import preset
    from lstm_tui.core.devices import use_bf16
    from lstm_tui.core.training import Trainer

    config = preset("default").with_(time_limit=seconds, device=device, **(QUICK_SHAPE if quick else {}))
    trainer = Trainer(config, corpus, out=None)
    last = trainer.run()
    if last.name != "finished":
        raise RuntimeError(f"training on {device} failed: {last}")
    chars = last.step * config.batch_size * config.seq_len
    return {
        "device": device,
        "name": torch.cuda.get_device_name(0) if device == "cuda" else None,
        "bf16_autocast": use_bf16(config.precision, torch.device(device)),
        "steps": last.step,
        "elapsed_s": last.elapsed_s,
        "chars": chars,
        "chars_per_s": chars / last.elapsed_s if last.elapsed_s > 0 else float("nan"),
        "val_nats": last.val_loss,
        "train_nats": last.train_loss,
    }


def main() -> int:
    p = base_parser(__doc__.split("\n\n")[0])
    p.add_argument("--corpus", type=Path, default=SHAKESPEARE, help="corpus file (default Tiny Shakespeare)")
    p.add_argument("--seconds", type=float, default=20.0, help="seconds of training per device (default 20)")
    args = p.parse_args()
    import torch

    if not torch.cuda.is_available():
        print("no CUDA GPU here")
        out = write_result("gpu_smoke", {"cuda": False, "note": "no CUDA GPU here", "results": []}, args.out_dir)
        print(f"wrote {out}")
        return 0
    require_files([args.corpus])
    seconds = 1.0 if args.quick else args.seconds
    corpus = load_corpus(args.corpus)
    results = [train_on(d, corpus, seconds, args.quick) for d in ("cuda", "cpu")]
    cpu_rate = results[1]["chars_per_s"]
    print_table(
        ["device", "name", "bf16", "steps", "chars/s", "÷ cpu", "val nats/char"],
        [
            [
                r["device"],
                r["name"] or "-",
                r["bf16_autocast"],
                r["steps"],
                r["chars_per_s"],
                r["chars_per_s"] / cpu_rate,
                r["val_nats"],
            ]
            for r in results
        ],
        title=f"default preset, {seconds:g} s of training on each device, {corpus_label(args.corpus)}",
    )
    out = write_result(
        "gpu_smoke",
        {
            "cuda": True,
            "seconds": seconds,
            "corpus": corpus_label(args.corpus),
            "results": results,
            "gpu_over_cpu": results[0]["chars_per_s"] / cpu_rate,
        },
        args.out_dir,
    )
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
