"""The Train pane: settings on the left, the live run on the right.

The pane owns the Trainer's lifetime: Start launches the training worker
(workers/train.py) with `@work`; it posts messages and the handlers here update every
widget. Pause/Stop call the Trainer's thread-safe controls. The messages bubble on to
the app, which feeds the live strip and the Sample pane. Where a run starts (resume,
from) is picked in widgets/start_from.py, whose messages the pane routes to the form
and the chart.
"""

from __future__ import annotations

import asyncio
import math
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Container, Horizontal, Vertical, VerticalScroll
from textual.visual import VisualType
from textual.widgets import Button, Input, Label, ProgressBar, Select, Sparkline, Static
from textual.worker import Worker, get_current_worker

from lstm_tui.core.config import ARCHITECTURE, TrainConfig, finetune_config
from lstm_tui.core.cpus import training_threads
from lstm_tui.core.events import (
    BaselineReady,
    Checkpointed,
    Evaluated,
    Failed,
    Finished,
    LrChanged,
    Progress,
    Rescheduled,
    Sampled,
)
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
from lstm_tui.ui.saved_runs import WARM_RESTART, read_saved_run, run_history
from lstm_tui.ui.widgets.live_strip import fmt_duration, fmt_loss
from lstm_tui.ui.widgets.loss_chart import LossChart
from lstm_tui.ui.widgets.start_from import BASE, StartFrom, base_run
from lstm_tui.ui.widgets.train_form import TrainForm
from lstm_tui.ui.workers.baseline import warm_baseline
from lstm_tui.ui.workers.score import zero_shot
from lstm_tui.ui.workers.train import TrainJob, run_training

if TYPE_CHECKING:
    from lstm_tui.core.training import Trainer

SPARK_POINTS = 200
RESTART_MARK = "warm restart"  # a resume with a new budget, on the chart
IDLE = "idle: press Start (F5) to train on the selected corpus"
NO_RUN_FOLDER = "run folder: — (a new folder is made on Start)"


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
        self.train_losses: list[float] = []
        self.val_losses: list[float] = []
        self.step = 0
        self._failed = False
        self._history_of: Path | None = None  # the saved run whose curve the chart shows
        self._zero_shot: ZeroShotScored | None = None  # the base's figures on this corpus
        self._baseline: tuple[str, float] | None = None  # this corpus's n-gram: (label, val loss)
        self._ready = False  # the running job's trainer was built (a job can fail before)
        self._run_line: VisualType = "run folder: —"  # what "run folder" said before Start
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
            with Vertical(id="train-right"):
                yield Static(IDLE, id="train-stats", markup=False)
                yield ProgressBar(total=100, show_eta=False, id="train-progress")
                with Horizontal(id="train-live-row"):
                    # the learning rate of the running training, changeable while it runs
                    yield Label("lr now")
                    yield Input(placeholder="e.g. 0.002", id="live-lr", compact=True, disabled=True)
                    yield Button("Set lr", id="set-lr", compact=True, disabled=True)
                    yield Button("Replay", id="train-replay", compact=True)
                with Horizontal(classes="spark-row"):
                    yield Label("train", classes="spark-label")
                    yield Sparkline([], id="spark-train")
                with Horizontal(classes="spark-row"):
                    yield Label("val  ", classes="spark-label")
                    yield Sparkline([], id="spark-val")
                yield LossChart(id="loss-chart")
                yield Static("preview: —", id="train-preview", markup=False)
                yield Static("run folder: —", id="train-run", markup=False)

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

    def set_corpus(self, name: str, path: Path) -> None:
        """Train new runs on this corpus."""
        self.corpus_name, self.corpus_path = name, Path(path)
        self.query_one("#train-corpus", Static).update(f"corpus: {name}")
        self._zero_shot, self._baseline = None, None
        self.query_one("#zero-shot", Static).update("")
        if not self.is_training and self._history_of is None:
            self.query_one(LossChart).clear()  # the last corpus's lines; this one's follow
        self._size_corpus(name)

    @work(thread=True, group="corpus-size", exclusive=True, exit_on_error=False)
    def _size_corpus(self, name: str) -> None:
        """Count the corpus (the preset fits it), then warm its n-gram and score the base on it."""
        # here, not in a worker module: workers may not import the catalog (tests/test_layering.py)
        from lstm_tui.catalog import find_corpus

        info = find_corpus(name)
        if info is not None:
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
        if message.corpus != self.corpus_name:
            return
        self._baseline = (message.label, message.val_loss)  # kept for "new run" after a resume
        if not self.is_training and self._history_of is None:
            self.query_one(LossChart).set_baseline(message.label, message.val_loss)

    def on_corpus_sized(self, message: CorpusSized) -> None:
        if message.name == self.corpus_name:
            self.query_one(TrainForm).fit_to_corpus(message.vocab, message.chars)
            self.query_one(StartFrom).fit_to_corpus(message.language)

    def on_zero_shot_scored(self, message: ZeroShotScored) -> None:
        if message.corpus != self.corpus_name:
            return
        self._zero_shot = message
        test = "—" if message.test_loss is None else f"{message.test_loss:.3f}"
        ngram = "" if message.ngram_test_loss is None else f", n-gram {message.ngram_test_loss:.3f}"
        # one line in the left column (42 cells): "base-ja zero-shot test 3.175, n-gram 3.677"
        self.query_one("#zero-shot", Static).update(f"{message.model} zero-shot test {test}{ngram}")
        if not self.is_training and self._history_of is None:
            self.query_one(LossChart).set_zero_shot(f"{message.model} zero-shot", message.val_loss)

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
        elif self.worker is not None:
            self.worker.cancel()  # still loading the corpus
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
        differ = [k for k in ARCHITECTURE if getattr(config, k) != getattr(settings, k)]
        if differ:
            what = ", ".join(k.replace("_", " ") for k in differ)
            raise ConfigError(
                f"{what} differ from {name}'s: a run from {name} keeps its architecture; "
                'choose "scratch" under from to change it'
            )

    def _begin(self, job: TrainJob) -> None:
        self._run_line = self.query_one("#train-run", Static).content
        self.out = job.out
        self.trainer = None
        self._ready = False
        self._failed = False
        self.train_losses, self.val_losses, self.step = [], [], 0
        self._replay = ReplayBuilder()
        self.query_one("#spark-train", Sparkline).data = []
        self.query_one("#spark-val", Sparkline).data = []
        self.query_one(LossChart).clear()
        if job.start_from == BASE and self._zero_shot is not None:  # where fine-tuning starts
            self.query_one(LossChart).set_zero_shot(f"{BASE} zero-shot", self._zero_shot.val_loss)
        self._history_of = job.resume
        if job.resume is not None:
            self._load_history(job.resume)  # the chart continues the resumed run's curve
        self.query_one(ProgressBar).update(progress=0)
        self.query_one("#train-run", Static).update(f"run folder: {job.out}")
        self.query_one("#train-preview", Static).update("preview: —")
        self._thread_done.clear()
        self.worker = self._train(job)
        self._set_state("starting")

    @work(thread=True, name="training", group="train", exit_on_error=False)
    def _train(self, job: TrainJob) -> None:
        worker = get_current_worker()
        try:
            run_training(job, self.post_message, lambda: worker.is_cancelled)
        finally:
            self._thread_done.set()

    @work(thread=True, group="run-history", exclusive=True, exit_on_error=False)
    def _load_history(self, run: Path) -> None:
        self.post_message(RunHistoryLoaded(run, run_history(run)))

    def on_run_history_loaded(self, message: RunHistoryLoaded) -> None:
        """Show a saved run's curve (the run picked for resume, or being resumed) with its
        marks and its own corpus's n-gram line, never the selected corpus's."""
        if message.run != self._history_of:
            return
        history, chart = message.history, self.query_one(LossChart)
        if history.baseline is not None:
            chart.set_baseline(*history.baseline)
        chart.load(history.train, history.val)
        for step, lr in history.lr_changes:
            chart.mark(step, f"lr {lr:.2g}")
        for step in history.restarts:
            chart.mark(step, RESTART_MARK)

    # ---- live learning rate and replay ----------------------------------------------------------
    def set_live_lr(self) -> None:
        """Give the running trainer the learning rate typed in the lr box."""
        box = self.query_one("#live-lr", Input)
        if self.trainer is None:
            self.notify("the learning rate can be changed while a run trains", severity="warning")
            return
        try:
            value = float(box.value.strip().replace(",", ""))
            self.trainer.set_lr(value)  # ConfigError for nan, inf, 0 or negative
        except ValueError:
            self.notify(f"learning rate must be a number, not {box.value.strip()[:20]!r}", severity="error")
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
        self.query_one("#live-lr", Input).disabled = not training or self.trainer is None
        self.query_one("#set-lr", Button).disabled = not training or self.trainer is None
        self.query_one(TrainForm).disabled = training
        if state in ("starting", "paused", "saving"):
            self.query_one("#train-stats", Static).update(f"{state} … step {self.step:,}")
        self.post_message(TrainState(state))  # the app's live strip shows it on every pane

    def _check(self) -> None:
        """Show why the settings cannot start a run, and enable Start only when they can."""
        errors = self.query_one(TrainForm).errors()
        self.query_one("#train-errors", Static).update("\n".join(f"✗ {e}" for e in errors))
        self.query_one("#start", Button).disabled = self.is_training or bool(errors)

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
        form = self.query_one(TrainForm)
        if message.parent is None:
            form.lock_architecture(False)
            form.refill_preset()
        else:
            vocab, chars = form.corpus_size or (0, None)  # the size fits the preset; unknown until counted
            form.fill(finetune_config(message.parent, vocab, chars).with_(time_limit=60.0))
            form.lock_architecture(True)
        self._check()

    def on_start_from_new_run_chosen(self) -> None:
        """Resume is back at "new run": the form is free again, and the chart shows the
        corpus's reference lines instead of the saved curve it previewed."""
        self.query_one(TrainForm).lock_architecture(False)
        self.query_one("#train-run", Static).update(NO_RUN_FOLDER)
        if self._history_of is not None and not self.is_training:  # a saved run's curve was previewed
            self._history_of = None
            self.query_one("#train-stats", Static).update(IDLE)
            self._show_corpus_lines()
        self._check()

    def on_start_from_resume_chosen(self, message: StartFrom.ResumeChosen) -> None:
        """A saved run to resume: its settings (architecture locked) and its curve, in
        place of everything the pane showed of another run."""
        form = self.query_one(TrainForm)
        form.fill(message.settings)
        form.lock_architecture(True)
        self.query_one("#train-run", Static).update(f"run folder: {message.run} ({message.note})")
        if not self.is_training:
            self._clear_live()
            self.out = None  # Replay shows the chosen run
            self.query_one(LossChart).clear()  # its history, its own n-gram: nothing of the corpus's
            self._history_of = message.run
            self.query_one("#train-stats", Static).update(self._idle_text())
            self._load_history(message.run)
        self._check()

    def _show_corpus_lines(self) -> None:
        """An empty chart with the selected corpus's n-gram and the base's zero-shot lines."""
        chart = self.query_one(LossChart)
        chart.clear()
        if self._baseline is not None:
            chart.set_baseline(*self._baseline)
        if self._zero_shot is not None:
            chart.set_zero_shot(f"{self._zero_shot.model} zero-shot", self._zero_shot.val_loss)

    def _clear_live(self) -> None:
        """Forget the last run's figures: its progress, sparklines and preview."""
        self.train_losses, self.val_losses, self.step = [], [], 0
        self.query_one("#spark-train", Sparkline).data = []
        self.query_one("#spark-val", Sparkline).data = []
        self.query_one(ProgressBar).update(progress=0)
        self.query_one("#train-preview", Static).update("preview: —")

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
        event = message.event
        if isinstance(event, Progress):
            self._replay.feed({"event": "progress", "train_loss": event.train_loss, "lr": event.lr})
        elif not isinstance(event, Sampled):
            self._replay.feed(event.to_dict())
        if isinstance(event, Progress):
            self._show_progress(event)
        elif isinstance(event, LrChanged):
            self.query_one(LossChart).mark(event.step, f"lr {event.lr:.2g}")
        elif isinstance(event, Rescheduled):
            if event.kind == WARM_RESTART:
                self.query_one(LossChart).mark(event.step, RESTART_MARK)
        elif isinstance(event, BaselineReady):
            self.query_one(LossChart).set_baseline(event.label, event.val_loss)
        elif isinstance(event, Evaluated):
            if math.isfinite(event.val_loss):
                self.val_losses.append(event.val_loss)
                self.query_one("#spark-val", Sparkline).data = list(self.val_losses)
                self.query_one(LossChart).add_val(event.step, event.val_loss)
        elif isinstance(event, Sampled):
            frame = self._replay.feed(event.to_dict())
            if frame is not None:
                self.post_message(ReplayFrame(frame))  # the app hands it to an open live replay
            text = Text("preview ", style="bold")
            text.append(f"(step {event.step}): ", style="dim")
            text.append(event.prefix, style="underline")
            text.append(event.text)
            self.query_one("#train-preview", Static).update(text)
        elif isinstance(event, Checkpointed):
            self.query_one("#train-run", Static).update(f"run folder: {event.out} (saved step {event.step:,})")
        elif isinstance(event, Finished):
            self.notify(
                f"saved step {event.step:,} ({event.reason}); val loss {fmt_loss(event.val_loss)}",
                title="training finished",
            )
        elif isinstance(event, Failed):
            self._failed = True
            self.notify(event.message, title="training failed", severity="error", timeout=10)

    def _show_progress(self, p: Progress) -> None:
        self.step = p.step
        if math.isfinite(p.train_loss):
            self.train_losses = (self.train_losses + [p.train_loss])[-SPARK_POINTS:]
            self.query_one("#spark-train", Sparkline).data = self.train_losses
            self.query_one(LossChart).add_train(p.step, p.train_loss)
        val = self.val_losses[-1] if self.val_losses else None
        eta = fmt_duration(p.eta_s) if p.eta_s is not None else "until stopped"
        paused = " (paused)" if self.trainer is not None and self.trainer.paused else ""
        self.query_one("#train-stats", Static).update(
            f"step {p.step:,}  epoch {p.epoch}  loss {fmt_loss(p.train_loss)}  val {fmt_loss(val)}\n"
            f"{p.chars_per_s:,.0f} chars/s  elapsed {fmt_duration(p.elapsed_s)}  ETA {eta}  lr {p.lr:.2g}{paused}",
            layout=False,  # two lines in a two-line box: a layout of the whole screen costs 20 ms
        )
        if p.fraction is not None:
            self.query_one(ProgressBar).update(progress=100 * p.fraction)

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
        self.query_one("#train-stats", Static).update(self._idle_text())
        if self._history_of is None:  # a new run: no folder to name, the corpus's lines
            self.query_one("#train-run", Static).update(NO_RUN_FOLDER)
            self._show_corpus_lines()
        else:  # a resumed run: its folder exists, its history is on the chart
            self.query_one("#train-run", Static).update(self._run_line)

    def _idle_text(self) -> str:
        run = self._history_of
        return IDLE if run is None else f"idle: press Start (F5) to resume {run.name}"
