#!/usr/bin/env python3
"""Pretrain the base model (models/base-ja) on the Aozora text build_pretrain.py made.

    python scripts/build_pretrain.py                      # build/pretrain/{train,val,test}.txt
    python scripts/pretrain_base.py --out build/base-ja-run --time-limit 5400
    python scripts/pretrain_base.py --out build/base-ja-run             # resume: exact
    python scripts/pretrain_base.py --out build/base-ja-run --time-limit 1800  # extend
    python scripts/pretrain_base.py --out build/base-ja-run --steps 12000     # extend by steps

The vocabulary is every character occurring at least MIN_COUNT times over the
pretraining text and the bundled Japanese corpora, plus UNKNOWN (U+FFFD), which stands
for every rarer character (lstm_tui.core.unknown). Validation and test are whole works
held out by build_pretrain.py, so the splits are cut at work boundaries, not at 90/5/5.

Training is lstm-tui's own Trainer, resumable in segments like `lstm-tui train
--resume`: run the same command again and it finishes the saved budget on the same
curve. Each event is printed as one JSON line. `--export DIR` then writes the bundled
run with scripts/bundle_run.py: the best weights in float16, no optimizer state
(models/README.md gives the commands).
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing
sys.path.insert(0, str(ROOT / "scripts"))

from lstm_tui.core.config import TrainConfig  # noqa: E402
from lstm_tui.core.corpus import Corpus, Vocab  # noqa: E402
from lstm_tui.core.unknown import map_unknown, vocabulary_of  # noqa: E402

MIN_COUNT = 3
# Chosen by measurement on the 2-core machine (one 40-step timing per shape, V ≈ 3k):
# 512×1 29k chars/s, 512×2 18k (batch 64), 1024×1 11k, 768×1 22k. Two layers of 512
# see the 14 M characters about seven times in 90 minutes; the tied output layer (a
# projection to the 128-wide embedding, scored against the embedding table) keeps the
# 5,600-character softmax at 128 × V instead of 512 × V per character.
BASE_CONFIG = TrainConfig(
    preset="default",
    embed=128,
    hidden=512,
    layers=2,
    dropout=0.1,
    tie=True,
    batch_size=64,
    seq_len=64,
    lr=0.006,
    warmup_steps=200,
    eval_every_s=300.0,
    sample_every_s=300.0,
    checkpoint_every_s=120.0,
    sample_prefix="こんにち",
    sample_temperature=0.5,
    hybrid=False,
)


def pretrain_corpus(data: Path, chars: str | None = None) -> Corpus:
    """The pretraining corpus: train, val and test texts joined, rare characters
    mapped to UNKNOWN, encoded with the base vocabulary.

    `chars` is a saved run's vocabulary, which a resumed run keeps: the one counted
    afresh changes with the bundled corpora (base-ja's also counted the synthetic
    ja-posts and ja-prose, removed since)."""
    parts = [(data / f"{name}.txt").read_text(encoding="utf-8") for name in ("train", "val", "test")]
    if chars is None:
        bundled = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpora").glob("ja-*.txt"))]
        chars = vocabulary_of(parts + bundled, MIN_COUNT)
    vocab = Vocab(chars)
    train, val, test = (map_unknown(t, vocab.chars) for t in parts)
    return Corpus(
        name="aozora-pretrain",
        text=train + val + test,
        vocab=vocab,
        train=vocab.encode(train),
        val=vocab.encode(val),
        test=vocab.encode(test),
        path=str(data.resolve()),
    )


def train(args: argparse.Namespace) -> int:
    from lstm_tui.core import checkpoint as ckpt
    from lstm_tui.core.training import Trainer

    resume = ckpt.load_run(args.out, weights="last") if (args.out / ckpt.RUN_FILE).exists() else None
    corpus = pretrain_corpus(args.data, None if resume is None else resume.vocab.chars)
    print(json.dumps({"event": "corpus", "vocab": len(corpus.vocab), "train": len(corpus.train),
                      "val": len(corpus.val), "test": len(corpus.test)}), flush=True)  # fmt: skip
    config = resume.config if resume is not None else BASE_CONFIG
    config = config.with_(threads=args.threads, time_limit=args.time_limit, steps=args.steps)
    trainer = Trainer(config, corpus, out=args.out, resume=resume)
    signal.signal(signal.SIGTERM, lambda *_: trainer.stop())
    signal.signal(signal.SIGINT, lambda *_: trainer.stop())
    for event in trainer.events():
        if type(event).__name__ != "Progress" or event.step % 200 == 0:
            print(json.dumps(event.to_dict(), ensure_ascii=False), flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT / "build" / "pretrain")
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "base-ja-run")
    ap.add_argument("--time-limit", type=float, default=None, help="seconds; a new run needs it")
    # A step budget is the same curve on any machine, and pausing the process (SIGSTOP)
    # while the machine is needed for something else costs it nothing.
    ap.add_argument("--steps", type=int, default=None, help="a step budget (instead of or beside --time-limit)")
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--export", type=Path, metavar="DIR", help="write the bundled copy of --out to DIR and stop")
    args = ap.parse_args(argv)
    if args.export is not None:
        from bundle_run import bundle

        print(bundle(args.out, args.export))
        return 0
    return train(args)


if __name__ == "__main__":
    raise SystemExit(main())
