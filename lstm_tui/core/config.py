"""TrainConfig: every training setting, validated, and the named presets."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from lstm_tui.errors import ConfigError

CELLS = ("fused", "scratch")
PRECISIONS = ("auto", "fp32", "bf16")
OPTIMIZERS = ("adam", "sgd")
SCHEDULES = ("constant", "cosine", "step")


@dataclass(frozen=True)
class TrainConfig:
    """Hyperparameters and run settings. Build with `preset(...)`, then `validate()`."""

    preset: str = "default"
    # model
    embed: int = 64
    hidden: int = 256
    layers: int = 1
    dropout: float = 0.1  # one mask per sequence on the LSTM outputs (see model.py)
    cell: str = "fused"
    one_hot: bool = False
    tie: bool = False  # output layer = a projection to `embed` scored against the embedding
    init_std: float | None = None  # None: torch's initialisation; else every weight ~ N(0, init_std²)
    # Score, evaluate and sample with λ·LSTM + (1 − λ)·n-gram per character, λ fitted on
    # validation at the end of training (core/hybrid.py). Off: the LSTM alone. Either
    # way the finished figures show the pure LSTM too. False here so that run.json
    # files from before it load as what they were (pure LSTMs).
    hybrid: bool = False
    # data
    seq_len: int = 64
    batch_size: int = 32
    # Ignored: the splits are fixed at 90/5/5 (core/splits.py). Kept so run.json files
    # that hold it load, and for callers that still pass it to build_corpus.
    val_fraction: float = 0.1
    # optimisation
    optimizer: str = "adam"
    lr: float = 1e-2
    weight_decay: float = 0.0
    clip: float = 0.5  # max gradient norm; 0 turns clipping off
    schedule: str = "cosine"  # over the step or time budget; constant when open-ended
    warmup_steps: int = 20
    min_lr_ratio: float = 0.02
    # cosine: reach the floor after this many seconds of training even when the budget
    # is longer, then stay there (fine-tuning: more time only adds small steps near the
    # best weights, so 10 minutes is never worse than 75 s). None: over the budget.
    anneal_s: float | None = None
    decay_every_epochs: int = 100  # schedule "step": lr *= decay_gamma every this many epochs
    decay_gamma: float = 0.5
    # budget: either may be None; both None trains until stopped
    steps: int | None = None
    time_limit: float | None = None
    # reporting
    eval_every_s: float = 15.0
    eval_every_steps: int = 0  # > 0 evaluates by step count instead of by time
    sample_every_s: float = 15.0
    sample_length: int = 120
    sample_prefix: str = ""
    sample_temperature: float = 0.8
    checkpoint_every_s: float = 60.0
    # stop after this many scheduled evaluations without a better validation loss; 0 = off
    early_stop: int = 0
    # machine
    seed: int = 1
    device: str = "auto"
    threads: int | None = None
    precision: str = "auto"  # bf16 autocast where the CPU/GPU does bf16 natively

    def with_(self, **changes: Any) -> TrainConfig:
        """A copy with some fields changed (None values are ignored)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TrainConfig:
        """Rebuild from run.json; unknown or wrongly typed fields are a ConfigError."""
        if not isinstance(data, dict):
            raise ConfigError("config must be a JSON object")
        names = {f.name for f in fields(cls)}
        unknown = set(data) - names
        if unknown:
            raise ConfigError(f"unknown config field(s): {', '.join(sorted(unknown))}")
        return cls(**data).validate()

    def validate(self) -> TrainConfig:
        """Check every field; raise ConfigError naming the first bad one. Returns self."""

        def need(ok: bool, msg: str) -> None:
            if not ok:
                raise ConfigError(msg)

        def integer(name: str, lo: int, hi: int) -> None:
            v = getattr(self, name)
            need(isinstance(v, int) and not isinstance(v, bool), f"{name} must be a whole number")
            need(lo <= v <= hi, f"{name} must be between {lo} and {hi}, not {v}")

        def number(name: str, lo: float, hi: float, lo_open: bool = False) -> None:
            v = getattr(self, name)
            need(isinstance(v, (int, float)) and not isinstance(v, bool), f"{name} must be a number")
            need(math.isfinite(v), f"{name} must be a finite number, not {v}")
            ok = (lo < v if lo_open else lo <= v) and v <= hi
            need(ok, f"{name} must be {'>' if lo_open else '≥'} {lo} and ≤ {hi}, not {v}")

        need(
            isinstance(self.preset, str) and self.preset in PRESETS,
            f"unknown preset {self.preset!r}; choose {' or '.join(PRESETS)}",
        )
        if not self.one_hot:
            integer("embed", 1, 4096)
        integer("hidden", 1, 8192)
        integer("layers", 1, 8)
        number("dropout", 0.0, 0.95)
        need(self.cell in CELLS, f"cell must be one of {', '.join(CELLS)}, not {self.cell!r}")
        need(isinstance(self.one_hot, bool), "one_hot must be true or false")
        need(isinstance(self.tie, bool), "tie must be true or false")
        need(isinstance(self.hybrid, bool), "hybrid must be true or false")
        need(not (self.tie and self.one_hot), "tie needs an embedding; it cannot go with one-hot input")
        if self.init_std is not None:
            number("init_std", 0.0, 10.0, lo_open=True)
        integer("seq_len", 1, 4096)
        integer("batch_size", 1, 4096)
        number("val_fraction", 0.0, 0.5)
        need(self.optimizer in OPTIMIZERS, f"optimizer must be adam or sgd, not {self.optimizer!r}")
        number("lr", 0.0, 1e9, lo_open=True)
        number("weight_decay", 0.0, 10.0)
        number("clip", 0.0, 1e9)
        need(self.schedule in SCHEDULES, f"schedule must be one of {', '.join(SCHEDULES)}")
        integer("warmup_steps", 0, 10**9)
        if self.anneal_s is not None:
            number("anneal_s", 0.0, 1e9, lo_open=True)
        number("min_lr_ratio", 0.0, 1.0)
        integer("decay_every_epochs", 1, 10**9)
        number("decay_gamma", 0.0, 1.0, lo_open=True)
        if self.steps is not None:
            integer("steps", 1, 10**12)
        if self.time_limit is not None:
            number("time_limit", 0.0, 1e9, lo_open=True)
        number("eval_every_s", 0.0, 1e9, lo_open=True)
        integer("eval_every_steps", 0, 10**12)
        number("sample_every_s", 0.0, 1e9, lo_open=True)
        integer("sample_length", 0, 100_000)
        need(isinstance(self.sample_prefix, str), "sample_prefix must be text")
        number("sample_temperature", 0.0, 5.0)
        number("checkpoint_every_s", 0.0, 1e9, lo_open=True)
        integer("early_stop", 0, 10**9)
        integer("seed", 0, 2**63 - 1)
        need(isinstance(self.device, str), "device must be text")
        need(self.precision in PRECISIONS, f"precision must be one of {', '.join(PRECISIONS)}")
        if self.threads is not None:
            integer("threads", 1, 1024)
        return self


# The seed recipe: the MXNet Gluon "LSTM from scratch" notebook (mxnet-the-straight-dope's
# lstm-scratch) the ancestor followed: one-hot input, the gates by hand, hidden 256, 64
# characters × 32 sequences, plain SGD at lr 2.0 halved every 100 epochs, no clipping,
# every weight and bias drawn from N(0, 0.01²), float32, samples at temperature 0.1.
# The cell is the notebook's own: h = o ⊙ tanh(c) (../shared/seed: `h = o * nd.tanh(c)`).
# What still differs, on purpose:
# - torch.nn.LSTM's layout has two bias vectors per gate (input and recurrent) where the
#   notebook has one: the input bias is drawn from N(0, 0.01²) and the recurrent one is
#   zero, so their sum has the notebook's distribution (core/model.py).
# - Batches are contiguous streams, so the state carried from one batch to the next
#   continues the same text; the notebook's row b of batch i+1 is not the continuation
#   of row b of batch i.
# - The lr halves after every 100 full epochs; the notebook's `(e+1) % 100` test halves it
#   one epoch sooner.
# - The text is split 90/5/5 into train / validation / test; the notebook trains on all.
_SEED = TrainConfig(
    preset="seed",
    embed=0,
    hidden=256,
    layers=1,
    dropout=0.0,
    cell="scratch",
    one_hot=True,
    seq_len=64,
    batch_size=32,
    optimizer="sgd",
    lr=2.0,
    clip=0.0,
    init_std=0.01,
    precision="fp32",
    schedule="step",
    warmup_steps=0,
    decay_every_epochs=100,
    decay_gamma=0.5,
    sample_prefix="こんにち",
    sample_temperature=0.1,
)

# Tuned by benchmarks/time_to_quality.py for a 2-core CPU and a one-minute budget. The
# hybrid is on: within 75 s on a CPU the LSTM alone cannot beat counting on Japanese
# (issue 11 §6); mixed with the n-gram it does, and the pure LSTM's figure stays beside it.
_DEFAULT = TrainConfig(preset="default", hybrid=True)

PRESETS: dict[str, TrainConfig] = {"default": _DEFAULT, "seed": _SEED}


def preset(name: str) -> TrainConfig:
    """The named preset's config (not yet validated against overrides)."""
    if name not in PRESETS:
        raise ConfigError(f"unknown preset {name!r}; choose {' or '.join(PRESETS)}")
    return PRESETS[name]


# Fitting the default preset to the corpus, measured on 2 cores (one torch thread):
# - Batch 32 × 64 characters: a 2,048-character step takes ~20 ms, a 4,096 one ~47 ms
#   (oneDNN's LSTM falls off a cache cliff between them), so batch 32 gives 2.3× the
#   updates and ~1.2× the characters per second. Tiny Shakespeare after 75 s: 1.506 →
#   1.500 nats/char; at 3,600 steps lr 0.007 1.508, 0.01 1.497, 0.014 1.512.
# - Dropout 0.1 (one mask per sequence) then helps a 1 MB corpus seen 7 times a minute:
#   1.497 → 1.4935 at 3,600 steps; 0.2 gave 1.518. On 吾輩は猫である it is neutral.
# - Clipping at 0.5 instead of 1.0: Tiny Shakespeare at 3,000 steps 1.498 → 1.491 (seed
#   1) and 1.496 → 1.490 (seed 2); 0.25 gave 1.502. Neutral on 吾輩.
# - Large vocabularies (Japanese: thousands of characters): lr 0.015 (吾輩 at 1,100 steps
#   3.4899 against 3.4937 at 0.01; last session, at batch 32 against batch 64 / lr 0.01
#   after 75 s, 3.52 against 3.77).
# - Small corpora are seen dozens of times a minute and overfit: batch 64 and dropout
#   0.5 after 45 s gave the synthetic corpora bundled then (since removed) ja-prose
#   (31k chars) 3.45 nats/char against 4.16 with batch 32 / dropout 0.3, en-prose (32k)
#   1.77 against 2.26, and ja-posts after 60 s 1.00 against 1.12.
LARGE_VOCAB = 1000
SMALL_CORPUS = 300_000
_LARGE_VOCAB_CHANGES = {"lr": 0.015}
_SMALL_CORPUS_CHANGES = {"batch_size": 64, "dropout": 0.5}


def preset_for(name: str, vocab_size: int, corpus_chars: int | None = None) -> TrainConfig:
    """The named preset; `default` is fitted to the corpus's vocabulary and length."""
    base = preset(name)
    if name != "default":
        return base  # the seed recipe stays as the tutorial had it
    if vocab_size > LARGE_VOCAB:
        base = base.with_(**_LARGE_VOCAB_CHANGES)
    if corpus_chars is not None and corpus_chars < SMALL_CORPUS:
        base = base.with_(**_SMALL_CORPUS_CHANGES)
    return base


# What a run started from another one inherits from it: the weights must fit.
ARCHITECTURE = ("embed", "hidden", "layers", "cell", "one_hot", "tie", "init_std")


def architecture_changes(values: dict[str, Any], parent: TrainConfig) -> list[str]:
    """The architecture settings among `values` that differ from `parent`'s, sorted: what
    a run started from `parent` cannot take (the command line and the app word it)."""
    return sorted(k for k in values if k in ARCHITECTURE and values[k] != getattr(parent, k))


# Fine-tuning settings, chosen on validation by benchmarks/finetune_tuning.py on
# ja-kenji and 舞姫 (results/finetune_tuning.json and finetune_tuning_2.json: 45 s runs
# from the base at step 3,066, on a machine busy with its pretraining): best validation
# at lr 0.004–0.008 (kenji 2.572 / 2.455 / 2.384 / 2.359 / 2.360 at 0.001 / 0.002 /
# 0.004 / 0.008 / 0.016; 舞姫 4.113 / 3.992 / 3.929 / 3.944 / 3.990), so 0.004, the
# better of the two on the small text. Dropout 0.1: those runs all trained with the
# base's 0.1 (a child model was then built from its parent's config, fixed since), so
# their 0.1-vs-0.3 column compares nothing and 0.1 is what the figures measured.
# Warm-up is short (the weights are already good) and nothing is frozen (not measured).
# The run is evaluated before its first step (the parent itself is the first best) and
# every 20 steps, with early stopping, and the cosine reaches its floor after 60 s of
# training: benchmarks/pretrained.py's first full run (results kept in the JSON's
# history) evaluated every 5 s over a cosine spanning the budget, and its small texts
# were best at the first evaluation (step 12) while its 10-minute runs stopped early
# at a high rate and ended worse than the 75 s ones (ja-soseki 2.521 against 2.474).
# A smaller text wants a gentler rate: on the 12 works of 9,000–38,000 characters held
# out of the base's pretraining (benchmarks/unseen_works.py, 75 s each, best validation
# loss), lr 0.004 / 0.002 / 0.001 gave a mean of 3.040 / 2.967 / 2.957, 0.001 best on
# the eight under 15,000 characters but 0.002–0.004 on the longest (遠野物語, 37,543:
# 3.762 at 0.004). So the rate scales with the square root of the text's length up to
# FINETUNE_FULL_LR_AT characters (where 0.004 was chosen above), never below 0.001.
FINETUNE_FULL_LR_AT = 100_000
FINETUNE_MIN_LR = 0.001
FINETUNE_CHANGES: dict[str, Any] = {
    "lr": 0.004,
    "warmup_steps": 10,
    "dropout": 0.1,
    "anneal_s": 60.0,
    "eval_every_steps": 20,
    "early_stop": 6,
}


def finetune_lr(corpus_chars: int | None) -> float:
    """The fine-tuning learning rate for a text of `corpus_chars` characters (None: the
    full rate): FINETUNE_CHANGES' lr scaled by sqrt(chars / FINETUNE_FULL_LR_AT), at
    most 1×, at least FINETUNE_MIN_LR."""
    full = float(FINETUNE_CHANGES["lr"])
    if corpus_chars is None:
        return full
    return max(FINETUNE_MIN_LR, round(full * min(1.0, math.sqrt(corpus_chars / FINETUNE_FULL_LR_AT)), 6))


def finetune_config(parent: TrainConfig, vocab_size: int, corpus_chars: int | None = None) -> TrainConfig:
    """The default config of a run that starts from a run with config `parent`: the
    default preset fitted to the corpus, the fine-tuning settings (the rate fitted to
    the text's length), the parent's architecture."""
    own = preset_for("default", vocab_size, corpus_chars).with_(**{**FINETUNE_CHANGES, "lr": finetune_lr(corpus_chars)})
    if corpus_chars is not None:
        # A short personal text is what fine-tuning is for: fewer streams rather than
        # "corpus too short", so each stream still holds two sequences of training text.
        fitting = int(corpus_chars * 0.9) // (2 * own.seq_len)
        own = own.with_(batch_size=max(1, min(own.batch_size, fitting)))
    return own.with_(**{k: getattr(parent, k) for k in ARCHITECTURE})
