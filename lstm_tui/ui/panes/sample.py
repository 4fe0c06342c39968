"""The Sample pane: pick a model, set a prefix and temperature, watch text stream in.

All sampling happens in the sample worker (workers/sample.py, started with `@work`),
which only posts messages; the handlers here own every widget. A change of temperature
or prefix restarts the stream after a short pause, so dragging the slider does not
start ten. `generate` (the app calls it for the Morphemes pane) streams one column and
the finished text goes out as GeneratedText.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import Button, Checkbox, Input, Label, Select, Static
from textual.worker import get_current_worker

from lstm_tui.core.runfiles import RUN_FILE
from lstm_tui.core.sampling_options import (
    DEFAULT_LENGTH,
    DEFAULT_TEMPERATURE,
    MAX_TEMPERATURE,
    MIN_TEMPERATURE,
    SamplingOptions,
)
from lstm_tui.errors import ConfigError
from lstm_tui.ui.messages import GeneratedText, StreamChunk, StreamEnded, StreamStarted
from lstm_tui.ui.sample_settings import (
    number_input,
    parse_length,
    parse_options,
    parse_seed,
    parse_top_k,
    top_k_text,
)
from lstm_tui.ui.saved_runs import model_prompt, run_label, saved_runs
from lstm_tui.ui.widgets.slider import Slider
from lstm_tui.ui.widgets.stream_view import StreamView
from lstm_tui.ui.workers.sample import ModelStore, StreamRequest, run_stream

if TYPE_CHECKING:
    from lstm_tui.core.training import Trainer

LIVE = "live"  # the model picker's value for the run being trained
LIVE_LABEL = "live: training run"  # and its label
RESTART_DELAY_S = 0.3  # debounce: restart once the slider or prefix has settled
COMPARE_LOW, COMPARE_HIGH = 0.2, 1.2  # the side columns of compare mode


def compare_temperatures(t: float) -> tuple[float, float, float]:
    """The three columns of compare mode: 0.2, the chosen T, 1.2; where T is not between
    them, a side moves away from it (half of T, or T + 0.4), so the three stay distinct
    and in order (at T 0.2 the columns read 0.20, 0.20, 1.20; at T 1.4: 0.20, 1.40, 1.20).
    At T 0 (greedy) nothing is lower."""
    low = COMPARE_LOW if t > COMPARE_LOW else round(t / 2, 2)
    high = COMPARE_HIGH if t < COMPARE_HIGH else round(t + 0.4, 2)
    return low, t, high


TEMPERATURE_STEP = 0.05  # one key press on the slider


class SamplePane(Vertical):
    """Model picker, prefix, temperature slider, length / top-k / seed, streamed text."""

    BINDINGS = [
        Binding("ctrl+r", "sample", "Sample"),
        Binding("escape", "stop", "Stop"),
        Binding("ctrl+b", "toggle_compare", "3 temperatures"),
    ]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._store = ModelStore()
        self._trainer: Trainer | None = None
        self._extra_runs: list[Path] = []  # selected runs that live outside the scanned folders
        self._model_key: str | None = None  # the picker's value that streams use
        self._job = 0
        self._request: StreamRequest | None = None
        self._request_key: tuple | None = None  # what the running stream was started with
        self._choices: list[tuple[str, str]] = []  # the model picker's (label, value) pairs
        self._columns = [1]  # the views of the running stream (1 alone, or 0, 1, 2)
        self._main_column = 0  # the index in the stream's columns whose text goes to Morphemes
        self._compare = False
        self._restart: Timer | None = None
        self._warnings: dict[str, str] = {}
        self._warned_unknown: tuple[str, tuple[str, ...]] | None = None
        self._forced_length: int | None = None  # a one-off length for generate()
        self._ready = False  # set in on_mount (is_mounted is still False there)
        self._streams = "LSTM alone"  # what the running stream streams (hybrid or LSTM alone)

    # ---- layout --------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Horizontal(classes="sample--row"):
            yield Label("model", classes="sample--label")
            yield Select[str]([], prompt="no saved runs yet", id="sample-model", compact=True)
            yield Label("prefix", classes="sample--label sample--gap")
            yield Input(placeholder="start text, e.g. 今日は", id="sample-prefix", compact=True)
        with Horizontal(classes="sample--row"):
            yield Label("temperature", classes="sample--label")
            yield Slider(
                DEFAULT_TEMPERATURE, MIN_TEMPERATURE, MAX_TEMPERATURE, TEMPERATURE_STEP, id="sample-temperature"
            )
            yield Label("length", classes="sample--label sample--gap")
            yield number_input(str(DEFAULT_LENGTH), "", "sample-length", parse_length)
            yield Label("top-k", classes="sample--label sample--gap")
            yield number_input("", "off", "sample-top-k", parse_top_k)
            yield Label("seed", classes="sample--label sample--gap")
            yield number_input("", "random", "sample-seed", parse_seed)
        with Horizontal(classes="sample--row"):
            yield Button("▶ Sample", id="sample-start", variant="primary", compact=True)
            yield Button("■ Stop", id="sample-stop", compact=True)
            yield Button("Compare ×3", id="sample-compare", compact=True)
            # a hybrid run streams its mixture with the n-gram, as trained; this asks for the network alone
            yield Checkbox("LSTM alone", id="sample-pure", compact=True)
            yield Static("", id="sample-status", markup=False)
        yield Static("", id="sample-warning", markup=False)
        with Horizontal(id="sample-streams"):
            yield StreamView(id="stream-0", classes="-side")
            yield StreamView(id="stream-1")
            yield StreamView(id="stream-2", classes="-side")

    def on_mount(self) -> None:
        """Load the newest saved run and start streaming at once (a warm start)."""
        self._ready = True
        self.refresh_models()
        if self._model_key is not None:
            self.start_stream()
        else:
            self._status("no model yet: train one in the Train pane, or save a run to models/")

    # ---- the contract with the app ---------------------------------------------------------
    def set_live_trainer(self, trainer: Trainer | None) -> None:
        """Offer (or withdraw) the run being trained, sampled through trainer.snapshot()."""
        previous = self._trainer
        self._trainer = trainer
        if trainer is not None and previous is None:
            self._model_key = LIVE  # a new run is what a person wants to sample next
        if trainer is None and self._model_key == LIVE:
            # training ended: carry on with the folder it saved to, when there is one
            out = getattr(previous, "out", None)
            self._model_key = str(out) if out is not None and (Path(out) / RUN_FILE).exists() else None
            self._stop_current()
        self.refresh_models()

    def refresh_models(self) -> None:
        """Rescan the saved runs; keep the current choice when it is still there."""
        if not self._ready:
            return  # on_mount scans
        runs = saved_runs()
        runs += [p for p in self._extra_runs if p not in runs and (p / RUN_FILE).exists()]
        options: list[tuple[str, str]] = []
        if self._trainer is not None:
            options.append((LIVE_LABEL, LIVE))
        options += [(run_label(path), str(path)) for path in runs]
        values = [v for _, v in options]
        if self._model_key not in values:
            # nothing chosen yet (or it vanished): the newest saved run, else the live one
            saved = [v for v in values if v != LIVE]
            self._model_key = saved[0] if saved else (values[0] if values else None)
        self._choices = options
        select = self.query_one("#sample-model", Select)
        with select.prevent(Select.Changed):  # our own update is not a user's choice
            select.prompt = model_prompt(options)
            select.set_options(options)
            if self._model_key is not None:
                select.value = self._model_key

    def select_model(self, path: Path) -> None:
        """Choose a saved run (adding it to the picker if it is elsewhere) and stream from it."""
        path = Path(path)
        if not (path / RUN_FILE).exists():
            self.notify(f"{path} is not a saved run (no {RUN_FILE})", severity="warning")
            return
        if path not in saved_runs() and path not in self._extra_runs:
            self._extra_runs.append(path)
        self._model_key = str(path)
        self.refresh_models()
        if self._ready:
            self.start_stream()

    # ---- public controls -------------------------------------------------------------------
    def start_stream(self) -> bool:
        """(Re)start streaming with the current settings; False when they are not valid."""
        self._cancel_restart()
        if self._model_key is None:
            self._status("no model to sample: train one, or pick a saved run")
            return False
        options = self._read_options()
        if options is None:
            return False
        if self._forced_length is not None:
            options = replace(options, length=self._forced_length)
        self._forced_length = None
        self._stop_current()
        self._job += 1
        temps = compare_temperatures(options.temperature) if self._compare else (options.temperature,)
        columns = [1] if not self._compare else [0, 1, 2]
        self._main_column = 1 if self._compare else 0
        prefix = self.query_one("#sample-prefix", Input).value
        source: Path | Trainer
        if self._model_key == LIVE and self._trainer is not None:
            source, name = self._trainer, LIVE_LABEL
        else:
            source, name = Path(self._model_key), Path(self._model_key).name
        per_column = tuple(replace(options, temperature=t) for t in temps)
        request = StreamRequest(self._job, source, name, prefix, per_column)
        self._request = request
        self._request_key = self._wanted_key()
        self._columns = columns
        for view_index, temperature in zip(columns, temps):
            view = self.query_one(f"#stream-{view_index}", StreamView)
            view.reset(prefix)
            view.border_title = f"generated · T {temperature:.2f}"
            view.border_subtitle = ""
        self._status(f"{name} · starting…")
        self._stream(request)
        self.refresh_bindings()  # Esc stops it now
        return True

    # exclusive: starting a stream marks any older one cancelled as well
    @work(thread=True, group="sample-stream", exclusive=True, exit_on_error=False)
    def _stream(self, request: StreamRequest) -> None:
        worker = get_current_worker()
        run_stream(request, self._store, self.post_message, lambda: worker.is_cancelled)

    def stop_stream(self) -> None:
        """Stop the running stream; the text so far stays."""
        self._cancel_restart()
        if self._request is not None and not self._request.stop.is_set():
            self._request.stop.set()
            self._status("stopping…")

    def generate(self, length: int) -> bool:
        """Stream `length` characters in one column; its text goes to the Morphemes pane."""
        if self._compare:
            self.action_toggle_compare(restart=False)
        self._forced_length = length
        return self.start_stream()

    @property
    def texts(self) -> list[str]:
        """The text of each visible column, left to right."""
        return [self.query_one(f"#stream-{i}", StreamView).text for i in self._columns]

    @property
    def model_choices(self) -> list[tuple[str, str]]:
        """The model picker's entries as (label, value); value is "live" or a run folder."""
        return list(self._choices)

    @property
    def streaming(self) -> bool:
        """Whether a stream is running."""
        return self._request is not None and not self._request.stop.is_set()

    def streaming_from(self) -> Path | None:
        """The saved run a running stream reads, or None (no stream, or the live run)."""
        if not self.streaming or self._request is None or not isinstance(self._request.source, Path):
            return None
        return self._request.source

    def chosen_run(self) -> Path | None:
        """The saved run the model picker has chosen (None for the live run or none)."""
        return Path(self._model_key) if self._model_key not in (None, LIVE) else None

    def sampling_values(self) -> tuple[float, str, str, str]:
        """(temperature, prefix, length text, top-k text) as they are now, for settings."""
        return (
            self.query_one("#sample-temperature", Slider).value,
            self.query_one("#sample-prefix", Input).value,
            self.query_one("#sample-length", Input).value,
            self.query_one("#sample-top-k", Input).value,
        )

    def apply_sampling_values(
        self, temperature: float | None, prefix: str | None, length: int | None, top_k: int | None
    ) -> None:
        """Set remembered controls (None leaves one as it is); a change restarts the
        stream as a person's edit would."""
        if temperature is not None:
            self.query_one("#sample-temperature", Slider).value = temperature
        if prefix is not None:
            self.query_one("#sample-prefix", Input).value = prefix
        if length is not None:
            self.query_one("#sample-length", Input).value = str(length)
        if top_k is not None:
            self.query_one("#sample-top-k", Input).value = top_k_text(top_k)

    # ---- actions -------------------------------------------------------------------------
    def action_sample(self) -> None:
        """Restart the stream now (ctrl+r)."""
        if not self.start_stream() and self._warnings.get("settings"):
            self.notify(self._warnings["settings"], severity="warning")

    def action_stop(self) -> None:
        """Stop streaming (escape)."""
        self.stop_stream()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Esc stops a stream only while one runs (or is about to): otherwise it goes on
        to the app, which takes it out of a text box."""
        if action == "stop":
            return self.streaming or self._restart is not None
        return True

    def action_toggle_compare(self, restart: bool = True) -> None:
        """Switch between one column and three temperatures side by side (ctrl+b)."""
        self._compare = not self._compare
        self.set_class(self._compare, "-compare")
        self.query_one("#sample-compare", Button).set_class(self._compare, "-on")
        if restart:
            self.start_stream()

    # ---- widget events -------------------------------------------------------------------
    @on(Button.Pressed, "#sample-start")
    def _start_pressed(self) -> None:
        self.action_sample()

    @on(Button.Pressed, "#sample-stop")
    def _stop_pressed(self) -> None:
        self.stop_stream()

    @on(Button.Pressed, "#sample-compare")
    def _compare_pressed(self) -> None:
        self.action_toggle_compare()

    @on(Select.Changed, "#sample-model")
    def _model_changed(self, event: Select.Changed) -> None:
        if event.value == Select.NULL or event.value == self._model_key:
            return
        self._model_key = str(event.value)
        self.start_stream()

    @on(Slider.Changed, "#sample-temperature")
    def _temperature_changed(self) -> None:
        self._schedule_restart()

    @on(Checkbox.Changed, "#sample-pure")
    def _pure_changed(self) -> None:
        self._schedule_restart()

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._read_options()  # marks a bad value at once, on the warning line
        self._schedule_restart()

    @on(Input.Submitted)
    def _input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_sample()

    # ---- worker messages -----------------------------------------------------------------
    def on_stream_started(self, message: StreamStarted) -> None:
        """The model is ready: show the status and warn about skipped prefix characters."""
        if message.job != self._job:
            return  # a superseded stream
        # the state first: on a narrow terminal the line is cut from the right
        self._status(f"streaming… · {message.model} · {message.streams}")
        self._streams = message.streams
        self._warn("mixture", f"⚠ {message.note}" if message.note else "")
        if message.unknown:
            shown = " ".join(repr(c) for c in message.unknown[:10])
            text = f"⚠ not in {message.model}'s vocabulary, skipped: {shown}"
            self._warn("prefix", text)
            key = (message.model, tuple(message.unknown))
            if key != self._warned_unknown:  # once per model and characters, not per restart
                self._warned_unknown = key
                self.notify(text, severity="warning")
        else:
            self._warn("prefix", "")

    def on_stream_chunk(self, message: StreamChunk) -> None:
        """Queue new characters in their columns (the views repaint on their own timer)."""
        if message.job != self._job:
            return
        for view_index, part in zip(self._columns, message.parts):
            if part:
                self.query_one(f"#stream-{view_index}", StreamView).append(part)

    def on_stream_ended(self, message: StreamEnded) -> None:
        """Show how the stream ended; hand finished text to the Morphemes pane."""
        if message.job != self._job:
            return
        for view_index, text in zip(self._columns, message.texts):
            view = self.query_one(f"#stream-{view_index}", StreamView)
            view.flush()
            view.border_subtitle = f"{len(text)} chars"
        if self._request is not None:
            self._request.stop.set()  # no longer streaming
        self.refresh_bindings()
        if message.error:
            self._warn("model", f"⚠ {message.error}")
            self._status(f"failed · {message.model}")
            self.notify(message.error, title="Sample", severity="error")
            return
        self._warn("model", "")
        chars = len(message.texts[0]) if message.texts else 0
        state = "stopped" if message.stopped else "done"
        self._status(f"{state} · {chars} chars in {message.seconds:.1f} s · {message.model} · {self._streams}")
        text = message.texts[self._main_column] if len(message.texts) > self._main_column else ""
        if text:
            self.post_message(GeneratedText(text, message.model))

    # ---- helpers -------------------------------------------------------------------------
    def _read_options(self) -> SamplingOptions | None:
        """The sampling options from the widgets, or None with the reason on the warning line."""
        try:
            options = parse_options(
                self.query_one("#sample-temperature", Slider).value,
                self.query_one("#sample-length", Input).value,
                self.query_one("#sample-top-k", Input).value,
                self.query_one("#sample-seed", Input).value,
                self.query_one("#sample-pure", Checkbox).value,
            )
        except ConfigError as exc:
            self._warn("settings", f"⚠ {exc}")
            return None
        self._warn("settings", "")
        return options

    def _wanted_key(self) -> tuple:
        """Everything a stream depends on: a restart is needed only when this changes."""
        return (
            self._model_key,
            self._compare,
            self.query_one("#sample-prefix", Input).value,
            self.query_one("#sample-temperature", Slider).value,
            self.query_one("#sample-length", Input).value,
            self.query_one("#sample-top-k", Input).value,
            self.query_one("#sample-seed", Input).value,
            self.query_one("#sample-pure", Checkbox).value,
        )

    def _schedule_restart(self) -> None:
        """Restart after RESTART_DELAY_S of quiet; each new change pushes it back."""
        self._cancel_restart()
        self._restart = self.set_timer(RESTART_DELAY_S, self._restart_if_changed)

    def _restart_if_changed(self) -> None:
        self._restart = None
        if self._model_key is not None and self._wanted_key() != self._request_key:
            self.start_stream()

    def _cancel_restart(self) -> None:
        if self._restart is not None:
            self._restart.stop()
            self._restart = None

    def _stop_current(self) -> None:
        if self._request is not None:
            self._request.stop.set()

    def _status(self, text: str) -> None:
        self.query_one("#sample-status", Static).update(text)

    def _warn(self, kind: str, text: str) -> None:
        """Set or clear one kind of warning; the line shows all of them, or hides."""
        if text:
            self._warnings[kind] = text
        else:
            self._warnings.pop(kind, None)
        line = self.query_one("#sample-warning", Static)
        line.update("\n".join(self._warnings.values()))
        line.set_class(bool(self._warnings), "-shown")

    @property
    def warning_text(self) -> str:
        """The warning line as shown (empty when there is none)."""
        return "\n".join(self._warnings.values())

    def on_unmount(self) -> None:
        """Let the worker end at once when the pane goes away (quitting never waits on it)."""
        self._stop_current()
