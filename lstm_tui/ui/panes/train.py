"""The Train pane: settings on the left, the live run on the right.

The pane owns the Trainer's lifetime: Start launches the training worker
(workers/train.py) with `@work`; it posts messages and the handlers here route them to
the widgets: the right column is widgets/run_view.py (RunView), which draws each event.
Pause/Stop call the Trainer's thread-safe controls. The messages bubble on to the app,
which feeds the live strip and the Sample pane. Where a run starts (resume, from) is
picked in widgets/start_from.py, whose messages the pane routes to the form and the
chart. A chosen corpus is counted here, and its n-gram (workers/baseline.py) and the
base's zero-shot figures (workers/score.py) are computed in threads.
"""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Container, Horizontal, VerticalScroll
from textual.widgets import Button, Input, Select, Static
from textual.worker import Worker, get_current_worker

from lstm_tui.core.config import TrainConfig, architecture_changes, finetune_config
from lstm_tui.core.cpus import training_threads
from lstm_tui.core.events import Failed, Finished, Progress, Sampled
from lstm_tui.core.replay import ReplayBuilder, replay_frames
from lstm_tui.core.run_names import new_run_folder
from lstm_tui.core.runfiles import resume_corpus_spec
from lstm_tui.errors import ConfigError, UserError
from lstm_tui.paths import resolve_corpus, user_models_dir
from lstm_tui.ui.messages import (
    CorpusBaselineFitted,
    CorpusSized,
    DevicesFound,
    ReplayFrame,
    RunHistoryLoaded,
    RunSaved,
    RunState,
    TrainerReady,
    TrainingEnded,
    TrainingEvent,
    TrainState,
    ZeroShotScored,
)
from lstm_tui.ui.replay import ReplayScreen
from lstm_tui.ui.saved_runs import read_saved_run, run_history
from lstm_tui.ui.widgets.live_strip import kept_summary
from lstm_tui.ui.widgets.run_view import NO_RUN_FOLDER, RunView
from lstm_tui.ui.widgets.start_from import BASE, StartFrom, base_run
from lstm_tui.ui.widgets.train_form import TrainForm
from lstm_tui.ui.workers.baseline import warm_baseline
from lstm_tui.ui.workers.score import zero_shot
from lstm_tui.ui.workers.train import TrainJob, run_training

if TYPE_CHECKING:
    from lstm_tui.core.training import Trainer


def available_devices() -> list[str]:
    """The machine's torch devices; imports torch, so it runs in a worker thread."""
    from lstm_tui.core.devices import available_devices as probe

    return probe()


class TrainPane(Container):
    """Hyperparameters, Start / Pause / Stop and the live view of a training run."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.corpus_name: str | None = None
        self.corpus_path: Path | None = None
        self.trainer: Trainer | None = None  # set once the worker has built it
        self.worker: Worker | None = None
        self.out: Path | None = None
        self._thread_done = threading.Event()
        self._thread_done.set()
        # Stop before the trainer exists: the worker checks this once the run is planned.
        # Not worker.cancel(): a thread worker cancelled before its thread starts never
        # runs, so nothing would ever say the run ended (F5 F7 left "saving … step 0").
        self._stop_before_start = threading.Event()
        self._failed = False
        self._history_of: Path | None = None  # the saved run whose curve the chart shows
        # the corpus the form and "from" are fitted to: a new run waits for its count
        self._sized: str | None = None
        self._ready = False  # the running job's trainer was built (a job can fail before)
        self._replay = ReplayBuilder()  # this run's previews with their losses, for the replay

    # ---- layout -----------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Horizontal():
            with VerticalScroll(id="train-left"):
                yield Static("corpus: —", id="train-corpus", markup=False)
                # The buttons come first so Start stays in view on a 24-line terminal.
                with Horizontal(id="train-buttons"):
                    yield Button("Start", id="start", variant="success", compact=True)
                    yield Button("Pause", id="pause", compact=True, disabled=True)
                    yield Button("Stop", id="stop", variant="error", compact=True, disabled=True)
                yield StartFrom()
                yield Static("", id="zero-shot", markup=False)
                # cpu until a worker has probed the devices: that imports torch, which
                # would otherwise delay the first paint by seconds
                yield TrainForm(["cpu"], id="train-form")
                yield Static("", id="train-errors", markup=False)
            yield RunView(id="train-right")

    def on_mount(self) -> None:
        self._check()
        self._probe_devices()

    @work(thread=True, group="devices", exit_on_error=False)
    def _probe_devices(self) -> None:
        self.post_message(DevicesFound(available_devices()))

    def on_devices_found(self, message: DevicesFound) -> None:
        self.query_one(TrainForm).set_devices(message.devices)

    # ---- public API (the app and the command palette call these) -------------------------------
    @property
    def is_training(self) -> bool:
        """True from Start until the worker thread has finished."""
        return not self._thread_done.is_set()

    @property
    def step(self) -> int:
        """The step the live view last showed (0 before a run's first step)."""
        return self._view.step

    @property
    def _view(self) -> RunView:
        return self.query_one(RunView)

    @property
    def _counting(self) -> bool:
        """A new run waits for the corpus count: its preset and default start follow from it."""
        return self._sized != self.corpus_name and self.query_one(StartFrom).resume_choice is None

    @property
    def _shows_corpus(self) -> bool:
        """The chart has the selected corpus's lines: no run trains and no saved one is shown."""
        return not self.is_training and self._history_of is None

    def set_corpus(self, name: str, path: Path) -> None:
        """Train new runs on this corpus."""
        if name != self.corpus_name and self.out is not None and self._shows_corpus:
            # the finished run was another corpus's: its figures, preview and folder go
            # with it (a tester saw ja-soseki's losses above Tiny Shakespeare's chart)
            self.out = None
            self._view.clear()
            self._view.show_not_started(None)
        self.corpus_name, self.corpus_path = name, Path(path)
        self.query_one("#train-corpus", Static).update(f"corpus: {name}")
        self.query_one("#zero-shot", Static).update(f"counting {name}…")
        self._sized = None
        self._view.forget_corpus_lines(draw=self._shows_corpus)  # the last corpus's; this one's follow
        self._size_corpus(name)
        self._check()

    @work(thread=True, group="corpus-size", exclusive=True, exit_on_error=False)
    def _size_corpus(self, name: str) -> None:
        """Count the corpus (the preset fits it), then warm its n-gram and score the base on it."""
        # here, not in a worker module: workers may not import the catalog (tests/test_layering.py)
        from lstm_tui.catalog import find_corpus

        info = find_corpus(name)
        if info is None:  # removed since the Corpus pane listed it
            self.app.call_from_thread(self.notify, f"{name} is no longer listed; pick a corpus", severity="error")
        else:
            self.post_message(CorpusSized(name, info.distinct, info.chars, info.language))
            self._warm_baseline(name, info.path)
            if (base := base_run()) is not None and info.language == "ja":
                self._score_zero_shot(name, info.path, base)

    @work(thread=True, group="zero-shot", exclusive=True, exit_on_error=False)
    def _score_zero_shot(self, name: str, path: Path, base: Path) -> None:
        """The base's figures on this corpus before any training (workers/score.py)."""
        zero_shot(name, path, BASE, base, self.post_message)

    @work(thread=True, group="baseline", exclusive=True, exit_on_error=False)
    def _warm_baseline(self, name: str, path: Path) -> None:
        """Fit the corpus's n-gram into the disk cache while nothing trains (workers/baseline.py)."""
        warm_baseline(name, path, self.post_message)

    def on_corpus_baseline_fitted(self, message: CorpusBaselineFitted) -> None:
        if message.corpus == self.corpus_name:  # kept for "new run" after a resume
            self._view.set_corpus_baseline(message.label, message.val_loss, draw=self._shows_corpus)

    def on_corpus_sized(self, message: CorpusSized) -> None:
        """Fit the preset and the default start to the counted corpus, in one go: a
        Start pressed in between would find the form and "from" disagreeing."""
        if message.name != self.corpus_name:
            return
        self.query_one(TrainForm).fit_to_corpus(message.vocab, message.chars)
        picker = self.query_one(StartFrom)
        picker.fit_to_corpus(message.language)
        self._sized = message.name
        self.query_one("#zero-shot", Static).update("")
        if picker.resume_choice is None and not self.is_training:
            try:
                parent = picker.chosen_parent()
            except UserError as exc:
                self.notify(str(exc), severity="error")
            else:
                self._fill_for_start(None if parent is None else parent[1])
        self._check()

    def on_zero_shot_scored(self, message: ZeroShotScored) -> None:
        if message.corpus != self.corpus_name:
            return
        test = "—" if message.test_loss is None else f"{message.test_loss:.3f}"
        ngram = "" if message.ngram_test_loss is None else f", n-gram {message.ngram_test_loss:.3f}"
        # one line in the left column (42 cells): "base-ja zero-shot test 3.175, n-gram 3.677"
        self.query_one("#zero-shot", Static).update(f"{message.model} zero-shot test {test}{ngram}")
        self._view.set_corpus_zero_shot(f"{message.model} zero-shot", message.val_loss, draw=self._shows_corpus)

    def choose_resume(self, run: Path) -> bool:
        """Pick a saved run in the resume picker (the Runs pane's Resume); False, with a
        notification, when it cannot be resumed here (training, or not a user run)."""
        if self.is_training:  # the pane's to refuse: only it knows a run is training
            self.notify("a run is training; stop it first", severity="warning")
            return False
        return self.query_one(StartFrom).choose_resume(run)

    def refresh_runs(self) -> None:
        """Re-list saved runs in the resume and start-from pickers (keeping each choice
        if it still exists); the app calls this when runs are renamed or deleted."""
        self.query_one(StartFrom).refresh_runs()

    def start(self) -> None:
        """Start training with the form's settings (a notification says why not)."""
        if self.is_training:
            self.notify("training is already running", severity="warning")
            return
        errors = self.query_one(TrainForm).errors()
        if errors:
            self.notify(errors[0], title="cannot start", severity="error")
            return
        try:
            job = self._job()
        except UserError as exc:
            self.notify(str(exc), title="cannot start", severity="error")
            return
        self._begin(job)

    def toggle_pause(self) -> None:
        """Pause a running trainer, or resume a paused one."""
        if self.trainer is None:
            return
        if self.trainer.paused:
            self.trainer.resume()
            self._set_state("training")
        else:
            self.trainer.pause()
            self._set_state("paused")

    def stop(self) -> None:
        """Stop training: the trainer evaluates, samples, saves and finishes."""
        if not self.is_training:
            return
        if self.trainer is not None:
            self.trainer.stop()
        else:
            self._stop_before_start.set()  # still planning the run
        self._set_state("saving")

    def on_unmount(self) -> None:
        """The app is going without a quit (e.g. after an error): a paused trainer sends
        no events, so its worker would never see the cancellation and the process would
        never exit (found by benchmarks/monkey.py); stopping it lets it finish."""
        if self.trainer is not None:
            self.trainer.stop()

    async def shutdown(self, timeout: float = 2.5) -> bool:
        """For quit: stop, save at once and wait for the thread. True if it finished."""
        if not self.is_training:
            return True
        if self.trainer is not None:
            self.trainer.stop()
        if self.worker is not None:
            self.worker.cancel()  # the worker sees this and saves without a final evaluation
        deadline = asyncio.get_running_loop().time() + timeout
        while not self._thread_done.is_set() and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.02)
        return self._thread_done.is_set()

    # ---- starting a run ----------------------------------------------------------------------
    def _job(self) -> TrainJob:
        config = self.query_one(TrainForm).config()
        # Leave a core to the UI's event loop: torch threads are process-wide.
        config = config.with_(threads=training_threads())
        picker = self.query_one(StartFrom)
        run = picker.resume_choice
        if run is not None:
            corpus = read_saved_run(run).corpus
            spec = resume_corpus_spec(corpus)
            if spec is None:
                raise ConfigError(f"{run} does not say which corpus it was trained on")
            path = resolve_corpus(spec)
            return TrainJob(config, path, str(corpus.get("name") or path.stem), run, resume=run)
        if self.corpus_path is None or self.corpus_name is None:
            raise ConfigError("pick a corpus in the Corpus pane first")
        if self._counting:
            raise ConfigError(f"{self.corpus_name} is still being counted (the settings fit it); Start in a moment")
        self._check_architecture(config, picker)
        out = new_run_folder(user_models_dir(), self.corpus_name)
        return TrainJob(config, self.corpus_path, self.corpus_name, out, start_from=picker.start_choice)

    @staticmethod
    def _check_architecture(config: TrainConfig, picker: StartFrom) -> None:
        """A run from a parent keeps the parent's architecture: say so in the pane's
        words before the worker would refuse it in the command line's."""
        parent = picker.chosen_parent()
        if parent is None:
            return
        name, settings = parent
        differ = architecture_changes(config.to_dict(), settings)
        if differ:
            what = ", ".join(k.replace("_", " ") for k in differ)
            raise ConfigError(
                f"{what} differ from {name}'s: a run from {name} keeps its architecture; "
                'choose "scratch" under from to change it'
            )

    def _begin(self, job: TrainJob) -> None:
        self.out = job.out
        self.trainer = None
        self._ready = False
        self._failed = False
        self._replay = ReplayBuilder()
        self._view.begin(job.out, from_base=job.start_from == BASE)
        self._history_of = job.resume
        if job.resume is not None:
            self._load_history(job.resume)  # the chart continues the resumed run's curve
        self._thread_done.clear()
        self._stop_before_start.clear()
        self.worker = self._train(job)
        self._set_state("starting")

    @work(thread=True, name="training", group="train", exit_on_error=False)
    def _train(self, job: TrainJob) -> None:
        worker = get_current_worker()
        try:
            run_training(job, self.post_message, lambda: worker.is_cancelled or self._stop_before_start.is_set())
        finally:
            self._thread_done.set()

    @work(thread=True, group="run-history", exclusive=True, exit_on_error=False)
    def _load_history(self, run: Path) -> None:
        self.post_message(RunHistoryLoaded(run, run_history(run)))

    def on_run_history_loaded(self, message: RunHistoryLoaded) -> None:
        """Show a saved run's curve (the run picked for resume, or being resumed) with its
        marks and its own corpus's n-gram line, never the selected corpus's."""
        if message.run == self._history_of:
            self._view.show_history(message.history)

    # ---- live learning rate and replay ----------------------------------------------------------
    def set_live_lr(self) -> None:
        """Give the running trainer the learning rate typed in the lr box."""
        typed = self._view.lr_text
        if self.trainer is None:
            self.notify("the learning rate can be changed while a run trains", severity="warning")
            return
        try:
            value = float(typed.replace(",", ""))
            self.trainer.set_lr(value)  # ConfigError for nan, inf, 0 or negative
        except ValueError:
            self.notify(f"learning rate must be a number, not {typed[:20]!r}", severity="error")
            return
        except UserError as exc:
            self.notify(str(exc), severity="error")
            return
        self.notify(f"learning rate {value:g} from the next step", title="training")

    def open_replay(self) -> None:
        """The previews of the live run (or of the last run shown) as a timeline."""
        if self.trainer is not None:
            frames = ReplayBuilder().feed_all(list(self.trainer.metrics))  # a copy: the worker appends
            title = f"replay · {self.out.name if self.out else 'live run'} (live)"
            self.app.push_screen(ReplayScreen(title, frames, live=True))
            return
        run = self.out or self._history_of
        if run is None or not (run / "metrics.jsonl").exists():
            self.notify("no run to replay yet: start one, or pick a saved run under resume", severity="warning")
            return
        self.app.push_screen(ReplayScreen(f"replay · {run.name}", replay_frames(run)))

    @on(Button.Pressed, "#set-lr")
    def _set_lr_pressed(self) -> None:
        self.set_live_lr()

    @on(Input.Submitted, "#live-lr")
    def _lr_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.set_live_lr()

    @on(Button.Pressed, "#train-replay")
    def _replay_pressed(self) -> None:
        self.open_replay()

    # ---- handlers: the only code that changes widgets --------------------------------------
    def _set_state(self, state: RunState) -> None:
        training = self.is_training
        self.query_one("#start", Button).disabled = training or bool(self.query_one(TrainForm).errors())
        self.query_one("#pause", Button).disabled = not training or self.trainer is None
        self.query_one("#pause", Button).label = "Resume" if state == "paused" else "Pause"
        self.query_one("#stop", Button).disabled = not training
        self.query_one(StartFrom).set_training(training)
        self._view.set_live(training and self.trainer is not None)
        self.query_one(TrainForm).disabled = training
        if state in ("starting", "paused", "saving"):
            self._view.show_state(state)
        self.post_message(TrainState(state))  # the app's live strip shows it on every pane

    def _check(self) -> None:
        """Show why the settings cannot start a run, and enable Start only when they can."""
        errors = self.query_one(TrainForm).errors()
        self.query_one("#train-errors", Static).update("\n".join(f"✗ {e}" for e in errors))
        self.query_one("#start", Button).disabled = self.is_training or bool(errors) or self._counting

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        if event.input.id and event.input.id.startswith("f-"):
            self._check()

    @on(Select.Changed)
    def _select_changed(self) -> None:
        self._check()

    # ---- where the run starts: StartFrom's messages fill the form and the chart -------------
    def on_start_from_parent_chosen(self, message: StartFrom.ParentChosen) -> None:
        """A new run from a parent keeps the parent's architecture and fine-tunes with
        the fine-tuning settings; from scratch, the default preset comes back."""
        if self.is_training:  # the form shows the running settings
            return
        self._fill_for_start(message.parent)
        self._check()

    def _fill_for_start(self, parent: TrainConfig | None) -> None:
        form = self.query_one(TrainForm)
        if parent is None:
            form.lock_architecture(False)
            form.refill_preset()
        else:
            vocab, chars = form.corpus_size or (0, None)  # the size fits the preset; unknown until counted
            form.fill(finetune_config(parent, vocab, chars).with_(time_limit=60.0))
            form.lock_architecture(True)

    def on_start_from_new_run_chosen(self) -> None:
        """Resume is back at "new run": the form is free again, and the chart shows the
        corpus's reference lines instead of the saved curve it previewed."""
        self.query_one(TrainForm).lock_architecture(False)
        self._view.show_run_folder(NO_RUN_FOLDER)
        if self._history_of is not None and not self.is_training:  # a saved run's curve was previewed
            self._history_of = None
            self._view.show_idle(None)
            self._view.show_corpus_lines()
        self._check()

    def on_start_from_resume_chosen(self, message: StartFrom.ResumeChosen) -> None:
        """A saved run to resume: its settings (architecture locked) and its curve, in
        place of everything the pane showed of another run."""
        form = self.query_one(TrainForm)
        form.fill(message.settings)
        form.lock_architecture(True)
        self._view.show_run_folder(f"run folder: {message.run} ({message.note})")
        if not self.is_training:  # its history, its own n-gram: nothing of the corpus's
            self.out, self._history_of = None, message.run  # Replay shows the chosen run
            self._view.show_saved_run(message.run)
            self._load_history(message.run)
        self._check()

    @on(Button.Pressed, "#start")
    def _start_pressed(self) -> None:
        self.start()

    @on(Button.Pressed, "#pause")
    def _pause_pressed(self) -> None:
        self.toggle_pause()

    @on(Button.Pressed, "#stop")
    def _stop_pressed(self) -> None:
        self.stop()

    def on_trainer_ready(self, message: TrainerReady) -> None:
        self.trainer = message.trainer
        self._ready = True
        self._set_state("training")

    def on_training_event(self, message: TrainingEvent) -> None:
        """Feed the replay, draw the event in the live view, and tell how the run ended."""
        event = message.event
        if isinstance(event, Progress):
            self._replay.feed({"event": "progress", "train_loss": event.train_loss, "lr": event.lr})
        elif isinstance(event, Sampled):
            frame = self._replay.feed(event.to_dict())
            if frame is not None:
                self.post_message(ReplayFrame(frame))  # the app hands it to an open live replay
        else:
            self._replay.feed(event.to_dict())
        self._view.show_event(event, paused=self.trainer is not None and self.trainer.paused)
        if isinstance(event, Finished):
            self.notify(
                f"saved step {event.step:,} ({event.reason}); kept {kept_summary(event)}", title="training finished"
            )
        elif isinstance(event, Failed):
            self._failed = True
            self.notify(event.message, title="training failed", severity="error", timeout=10)

    def on_training_ended(self, message: TrainingEnded) -> None:
        self.trainer = None
        self._thread_done.set()  # the thread posts this last; make the state consistent now
        if message.error:
            self.notify(message.error, title="training", severity="error", timeout=10)
        if message.out is not None:
            self.post_message(RunSaved(message.out))
        if not self._ready:
            self._never_started()
        self.refresh_runs()
        self._set_state("failed" if (message.error or self._failed) else "idle")
        self._check()

    def _never_started(self) -> None:
        """The job ended before its trainer was built (refused, cancelled): nothing ran
        and no folder was made, so the pane is idle again with the choice it had."""
        self.out = None
        self._view.show_not_started(self._history_of)
        if self._history_of is None:  # a new run: the corpus's lines (a resumed run's history stays)
            self._view.show_corpus_lines()
