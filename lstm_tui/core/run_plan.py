"""Plan a run folder: the one place that decides what a training start means.

Four kinds of start, each from the same function, so `lstm-tui train` and the app's
Train pane never disagree:
- new: a fresh run from random weights ("scratch");
- fine-tune: a new run whose weights start from another run (the bundled base-ja by
  default for a Japanese text, or any saved run), its vocabulary extended with the
  corpus's new characters (core/finetune.py);
- resume: continue a saved run to the budget it was given, on the same learning-rate
  curve (exact: the same weights as a run that never stopped);
- extend: continue a saved run for a new budget, a warm restart of the schedule.
New run folders are named by `new_run_folder`, the one naming rule.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lstm_tui import paths
from lstm_tui.core import checkpoint, schedule
from lstm_tui.core.config import TrainConfig, architecture_changes, finetune_config, preset_for
from lstm_tui.core.corpus import Corpus, Vocab, build_corpus
from lstm_tui.core.encoding import read_text
from lstm_tui.core.facts import guess_language, script_mix
from lstm_tui.core.finetune import StartFrom, child_vocab, transplant
from lstm_tui.core.run_names import BASE_RUNS, new_run_folder
from lstm_tui.core.runfiles import resume_corpus_spec
from lstm_tui.errors import UserError
from lstm_tui.paths import resolve_corpus

SCRATCH = "scratch"
DEFAULT_TIME_LIMIT = 60.0  # seconds, for a new run given no budget


@dataclass
class RunPlan:
    """Everything a Trainer needs, decided: build it with `trainer()`."""

    kind: str  # "new", "fine-tune", "resume" or "extend"
    config: TrainConfig
    corpus: Corpus
    out: Path
    resume: checkpoint.Run | None = None
    start: StartFrom | None = None

    def trainer(self, callback: Any = None) -> Any:
        """The Trainer this plan describes (it locks and checks the folder)."""
        from lstm_tui.core.training import Trainer

        return Trainer(self.config, self.corpus, self.out, callback=callback, resume=self.resume, start=self.start)

    def start_line(self) -> str | None:
        """One line for a person about the start, or None when there is nothing to say."""
        if self.start is None:
            return None
        added = len(self.start.added)
        more = f"; added {added} distinct character{'s' if added != 1 else ''} it did not know" if added else ""
        return f"starting from {self.start.name} ({len(self.start.vocab) - added:,} characters known{more})"


def language_of(text: str) -> str:
    """'ja', 'en' or 'und': the script mix of (the first megabyte of) the text."""
    return guess_language(script_mix(text[: 1 << 20]))


def default_start(language: str) -> str:
    """What a new run on a text in `language` starts from when nothing is said: the
    bundled base of that language if there is one, else scratch."""
    name = BASE_RUNS.get(language)
    if name is not None and (paths.bundled_models_dir() / name / checkpoint.RUN_FILE).is_file():
        return name
    return SCRATCH


def start_folder(spec: str) -> Path | None:
    """A --from value → the run folder to start from, or None for scratch."""
    if spec == SCRATCH:
        return None
    if spec in BASE_RUNS.values():
        return paths.bundled_models_dir() / spec
    return Path(spec).expanduser()


def load_parent(spec: str) -> tuple[str, checkpoint.Run] | None:
    """(the name run.json records, the run) that `spec` starts from, or None for scratch."""
    folder = start_folder(spec)
    if folder is None:
        return None
    parent = checkpoint.load_run(folder, weights="best")
    return (spec if spec in BASE_RUNS.values() else parent.name), parent


def start_from_parent(
    name: str, parent: checkpoint.Run, config: TrainConfig, vocab: Vocab, added: list[str]
) -> StartFrom:
    """The child's first model: built from the child's own config (its dropout, not the
    parent's) with the parent's weights, for the parent's vocabulary plus `added`."""
    model = transplant(parent.model, parent.vocab, checkpoint.build_model(config, len(vocab)), vocab)
    return StartFrom(name, str(parent.path), parent.config, model, vocab, added)


def _resumed_config(run: checkpoint.Run, preset: str | None, changes: dict[str, Any]) -> TrainConfig:
    if preset and preset != run.config.preset:
        raise UserError(f"--resume: the run uses preset {run.config.preset!r}, not {preset!r}")
    # No budget given: the trainer keeps the saved one (the same lr curve to its end).
    base = dataclasses.replace(run.config, steps=None, time_limit=None)
    config = base.with_(**changes).validate()
    if config.steps is None and config.time_limit is None:
        check_resumable(run.progress, config, run.path)
    return config


def check_resumable(progress: Any, config: TrainConfig, folder: Path) -> None:
    """Refuse to finish a run's budget when it has nothing left to do."""
    hint = "give --steps N or --time-limit S to train it further (a warm restart of the learning rate)"
    if not schedule.has_budget(progress):
        raise UserError(f"{folder} was trained without a budget, so there is none to continue to; {hint}")
    if schedule.budget_done(progress):
        done = f"{progress.budget_steps:,} steps" if progress.budget_steps is not None else f"{progress.budget_s:.0f} s"
        raise UserError(f"{folder} already finished its budget ({done}, at step {progress.step:,}); {hint}")
    if config.early_stop and progress.evals_since_best >= config.early_stop:
        raise UserError(
            f"{folder} stopped early (no better validation loss in {config.early_stop} evaluations); {hint}"
        )


def _corpus_path(spec: str | None, resumed: checkpoint.Run | None) -> Path:
    spec = spec or (resume_corpus_spec(resumed.corpus) if resumed else None)
    if not spec:
        raise UserError("train needs --corpus C (a name from `lstm-tui corpora` or a text file)")
    try:
        return resolve_corpus(spec)
    except UserError:
        if resumed is None or spec != resume_corpus_spec(resumed.corpus):
            raise
        was = resumed.corpus.get("path") or resumed.corpus.get("name")
        raise UserError(
            f"{resumed.path} was trained on corpus {resumed.corpus.get('name')!r} ({was}), which is no longer "
            "there; import it again or give --corpus C with the same text"
        ) from None


def plan_run(
    corpus: str | None,
    models_dir: Path,
    *,
    preset: str | None = None,
    changes: dict[str, Any] | None = None,
    out: str | Path | None = None,
    resume: str | Path | None = None,
    start_from: str | None = None,
) -> RunPlan:
    """Decide a training start. `changes` are TrainConfig overrides (None values are
    ignored); `start_from` is "base-ja", "scratch" or a run folder, None for the
    corpus language's default. Raises UserError with one line for anything unusable."""
    changes = {k: v for k, v in (changes or {}).items() if v is not None}
    if resume and start_from is not None:
        raise UserError("--from starts a new run; it cannot go with --resume, which continues one")
    resumed = checkpoint.load_run(resume, weights="last") if resume else None
    path = _corpus_path(corpus, resumed)
    text = read_text(path)
    name = path.stem
    if resumed is not None:
        config = _resumed_config(resumed, preset, changes)
        kind = "resume" if config.steps is None and config.time_limit is None else "extend"
        built = build_corpus(text, name, path=str(path.resolve()))
        if resumed.parent is not None:  # a fine-tuned run trains on its parent's vocabulary too
            built = build_corpus(text, name, vocab=resumed.vocab, path=str(path.resolve()))
        return RunPlan(kind, config, built, Path(out) if out else resumed.path, resume=resumed)
    spec = start_from or default_start(language_of(text))
    found = load_parent(spec)
    if "steps" not in changes and "time_limit" not in changes:
        changes["time_limit"] = DEFAULT_TIME_LIMIT
    if found is None:
        config = preset_for(preset or "default", len(set(text)), len(text)).with_(**changes).validate()
        built = build_corpus(text, name, path=str(path.resolve()))
        return RunPlan("new", config, built, Path(out) if out else new_run_folder(models_dir, name))
    parent_name, parent = found  # not `name`: that is the corpus's
    fixed = architecture_changes(changes, parent.config)
    if fixed:
        flags = ", ".join("--" + k.replace("_", "-") for k in fixed)
        raise UserError(
            f"{flags}: a run started from {parent_name} keeps its architecture; add --from scratch to change it"
        )
    if (preset or changes.get("preset")) == "seed":
        raise UserError("the seed preset trains from scratch; add --from scratch")
    vocab, added = child_vocab(parent.vocab, text)
    config = finetune_config(parent.config, len(vocab), len(text)).with_(**changes).validate()
    start = start_from_parent(parent_name, parent, config, vocab, added)
    built = build_corpus(text, name, vocab=start.vocab, path=str(path.resolve()))
    return RunPlan("fine-tune", config, built, Path(out) if out else new_run_folder(models_dir, name), start=start)
