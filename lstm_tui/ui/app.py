"""LstmTuiApp: the panes, the live strip, key bindings, command palette and the
wiring between panes.

Messages up, methods down: panes and workers post messages (lstm_tui.ui.messages);
the app routes each one that concerns another pane by calling that pane's methods
(corpus chosen, trainer ready, run saved, text generated, text wanted). No pane calls
another pane.
"""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path
from typing import TypeVar

from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.widget import Widget
from textual.widgets import Footer, Input, TabbedContent, TabPane, Tabs

from lstm_tui import paths, served
from lstm_tui.catalog import default_corpus_name
from lstm_tui.core.runfiles import list_runs
from lstm_tui.settings import Settings
from lstm_tui.settings import load as load_settings
from lstm_tui.settings import save as save_settings
from lstm_tui.ui import app_settings, textual_fixes
from lstm_tui.ui.help import HelpScreen
from lstm_tui.ui.messages import (
    CorpusSelected,
    GeneratedText,
    GenerateRequested,
    ReplayFrame,
    RunChangeRequested,
    RunOpenRequested,
    RunSaved,
    RunsChanged,
    TrainerReady,
    TrainingEnded,
    TrainingEvent,
    TrainState,
)
from lstm_tui.ui.palette import PaletteActions
from lstm_tui.ui.pane_table import PANE_IDS, PANES, pane_bindings
from lstm_tui.ui.panes.corpus import CorpusPane
from lstm_tui.ui.panes.inspect import InspectPane
from lstm_tui.ui.panes.morphemes import MorphemesPane
from lstm_tui.ui.panes.runs import RunsPane
from lstm_tui.ui.panes.sample import SamplePane
from lstm_tui.ui.panes.train import TrainPane
from lstm_tui.ui.replay import ReplayScreen
from lstm_tui.ui.threads import use_app_threads
from lstm_tui.ui.widgets.live_strip import LiveStrip

textual_fixes.apply()  # workarounds for Textual bugs (textual_fixes.py says which)

W = TypeVar("W", bound=Widget)

QUIT_WAIT_S = 2.5  # quitting while training must return within 3 s


def find_demo_model() -> Path | None:
    """The shipped demo run (models/), else the newest run in the user folder."""
    # looked up through the module each time, so tests can point them elsewhere
    for folder in (paths.bundled_models_dir(), paths.user_models_dir()):
        runs = list_runs(folder)
        if runs:
            return runs[0]
    return None


class LstmTuiApp(App[int]):
    """The six panes (pane_table.py) over the lstm-tui core."""

    TITLE = "lstm-tui"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {PaletteActions}
    BINDINGS = [
        *pane_bindings(),
        Binding("f5", "start_training", "Start"),
        Binding("f6", "pause_training", "Pause"),
        Binding("f6", "resume_training", "Resume"),  # in the footer instead while paused
        Binding("f7", "stop_training", "Stop"),
        Binding("f8", "sample", "Sample", show=False),
        Binding("ctrl+o", "import_corpus", "Import"),
        Binding("f1", "help", "Help"),
        Binding("question_mark", "help", "Help", show=False),
        # Esc leaves a text box for the tab bar, where 1–6 switch panes again, or stops the
        # Sample pane's stream; a pane's own Esc (stop a stream, close the cell list) comes
        # first while it has work to do
        Binding("escape", "leave_field", "Leave the field", show=False),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    def __init__(self, corpus: str | None = None, model: Path | None = None, load_demo: bool = True) -> None:
        """corpus: a name or text file to open on (default: the bundle's default corpus,
        catalog.default_corpus_name); model: a run folder for the Sample pane (default:
        the demo run unless load_demo is False)."""
        super().__init__()
        # settings.toml (read here, before compose: the remembered run is the model to
        # open); a damaged file is reported once the app is up, in on_mount
        self.settings, self._settings_problem = load_settings()
        self._corpus_choice: str | None = None  # the last corpus chosen, as remembered
        self.corpus_spec = corpus
        if model is None and load_demo:
            model = app_settings.remembered_run(self.settings) or find_demo_model()
        self.model = Path(model) if model is not None else None
        self.notices: list[tuple[str, str]] = []  # (severity, message), newest last: for tests and the log
        self._bindings_shown: bool | None = None  # the training state the footer last showed
        self._found: dict[type[Widget], Widget] = {}  # _find's answers, while still mounted

    def on_load(self) -> None:
        """Before any pane mounts: torch's thread count for the app (threads.py)."""
        use_app_threads()  # one thread: sampling is ~25x faster so on 2 cores

    # ---- layout ----------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        """The live strip over the six tabbed panes, and the footer."""
        yield LiveStrip(id="strip")
        with TabbedContent(initial="sample" if self.model else "corpus", id="tabs"):
            for pane in PANES:
                with TabPane(pane.tab_label, id=pane.id):
                    yield pane.widget(id=pane.widget_id)
        yield Footer()

    # Set by run_app: SIGTERM and SIGHUP then quit like `q` (tests drive the app without).
    watch_signals: bool = False
    _signalled: int | None = None

    def _watch_signals(self) -> None:
        """SIGTERM (kill, a service manager) and SIGHUP (the terminal closed) quit as `q`
        does: a running training is stopped and saved, the terminal is restored, and the
        process exits 128 + the signal (143, 129) instead of dying with the run unsaved."""
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
            if sig is None:
                continue
            try:
                loop.add_signal_handler(sig, self._on_signal, sig)
            except (NotImplementedError, RuntimeError, ValueError):  # not the main thread, or Windows
                pass

    def _on_signal(self, signum: int) -> None:
        if self._signalled is None:  # a second one while saving changes nothing
            self._signalled = signum
            if served.served_by() is not None:
                # a served app has no terminal to hang on to: if quitting stalls, it
                # still ends (served.py), rather than live on without its server
                served.exit_after(code=128 + signum)
            self.call_later(self._quit, 128 + signum)

    def on_mount(self) -> None:
        """Open the starting corpus (a name, a file, or the bundle's default) and model."""
        if self.watch_signals:
            self._watch_signals()
        self._apply_settings()
        spec = self.corpus_spec or app_settings.remembered_corpus(self.settings) or default_corpus_name() or None
        corpus_pane = self.query_one(CorpusPane)
        if spec and ("/" in spec or Path(spec).suffix):
            self._use_corpus_file(Path(spec).expanduser())
            corpus_pane.reload()
        else:
            corpus_pane.reload(select=spec)
        sample = self._find(SamplePane)
        if sample is not None and self.model is not None:
            try:
                sample.select_model(self.model)
            except Exception as exc:  # a damaged demo run must not stop the app
                self.notify(f"cannot load {self.model}: {exc}", severity="error")

    # ---- settings (settings.py, ui/app_settings.py) -----------------------------------------------
    def _apply_settings(self) -> None:
        """The remembered theme and sampling controls; a damaged file is reported and
        replaced at once, so the next launch is clean even if this one crashes."""
        if self._settings_problem:
            self.notify(self._settings_problem, title="settings", severity="warning", timeout=10)
            self.settings = Settings()
            self._save_settings(self.settings)
        s = self.settings
        if s.theme is not None and s.theme in self.available_themes:
            self.theme = s.theme
        sample = self._find(SamplePane)
        if sample is not None:
            sample.apply_sampling_values(s.temperature, s.prefix, s.length, s.top_k)

    def _save_settings(self, settings: Settings | None = None) -> None:
        """Write settings.toml: the given settings, else what the panes show now."""
        if settings is None:
            sample = self._find(SamplePane)
            settings = app_settings.gathered(
                self.settings,
                self.theme,
                self._corpus_choice,
                sample.chosen_run() if sample is not None else None,
                sample.sampling_values() if sample is not None else None,
            )
        try:
            save_settings(settings)
        except OSError as exc:  # a read-only config folder costs the memory, not the app
            self.notify(f"cannot save settings ({exc.strerror or exc})", severity="warning")

    def _use_corpus_file(self, path: Path) -> None:
        if not path.is_file():
            self.notify(f"no such corpus file: {path}", severity="error")
            return
        self.post_message(CorpusSelected(path.stem, path))

    async def on_event(self, event: events.Event) -> None:
        """A key is drawn as soon as it is handled, not a frame after the last repaint."""
        if isinstance(event, events.Key) and self.screen_stack:
            timer = self.screen._update_timer
            if isinstance(timer, textual_fixes.FrameTimer):
                timer.hurry()
        await super().on_event(event)

    # ---- pane lookups --------------------------------------------------------------------------
    def _find(self, kind: type[W]) -> W | None:
        """The first `kind` widget on the main screen, or None.

        App.query looks only at the screen on top, so with the help screen or the command
        palette open, or while the app closes, a late worker message would find nothing
        and raise; the panes live on the first screen of the stack.
        """
        if not self.screen_stack:
            return None
        base = self.screen_stack[0]
        # A query walks every widget (~3 ms with all panes mounted); training events ask
        # for the strip several times a second, so an answer is kept while it is mounted.
        known = self._found.get(kind)
        if known is not None and known.is_attached and known.screen is base:
            return known  # type: ignore[return-value]  # stored under its own type
        found = base.query(kind)
        widget = found.first() if found else None
        if widget is not None:
            self._found[kind] = widget
        return widget

    @property
    def train_pane(self) -> TrainPane:
        """The Train pane (the key actions need it; RuntimeError before it mounts)."""
        pane = self._find(TrainPane)
        if pane is None:
            raise RuntimeError("the Train pane is not mounted")
        return pane

    def _refresh_bindings(self) -> None:
        """Refresh the footer when what check_action says has changed (and while screens exist).

        Each refresh recomposes Textual's Footer, and Textual 8 keeps a watcher of every
        old FooterKey on the Footer (about 15 KB each) until Footer.compact changes, which
        it never does here; refreshing on every state message leaked ~1.5 MB per
        start/stop cycle in scripts/soak_app.py.
        """
        shown = self._find(TrainPane) is not None and self.train_pane.is_training
        if self.screen_stack and shown != self._bindings_shown:
            self._bindings_shown = shown
            self.refresh_bindings()

    def _prune_footer(self) -> None:
        """Drop the Footer's watchers of removed keys (see _refresh_bindings).

        Textual prunes watchers of closed nodes when the watched value is set, so setting
        Footer.compact to its own value (mutate_reactive) frees them; the live keys just
        get the same value again.
        """
        footer = self._find(Footer)
        if footer is not None:
            footer.mutate_reactive(Footer.compact)

    # ---- notifications -------------------------------------------------------------------------
    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """As App.notify, and keep the message in self.notices (tests read it). Always
        plain text: messages quote what the user typed or pasted (paths, patterns), and a
        pasted "[/]" read as markup crashed the app (found by benchmarks/monkey.py)."""
        self.notices = (self.notices + [(severity, str(message))])[-50:]
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    # ---- actions (keys, footer, command palette) -------------------------------------------------
    def action_help_quit(self) -> None:
        """Ctrl+C: say how to quit. Textual's own message is markup ("[b]ctrl+q[/b]"),
        which notify here shows as it is."""
        self.notify("press Ctrl+Q to quit (a running training is saved first)", title="Do you want to quit?")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Pause and Stop are shown dimmed unless training runs; while it is paused F6
        reads Resume (it read Pause, found by a power-user walkthrough)."""
        if action in ("pause_training", "resume_training", "stop_training"):
            try:
                pane = self.train_pane
                paused = pane.trainer is not None and pane.trainer.paused
                training = pane.is_training
            except Exception:
                return None if action != "resume_training" else False
            if action == "resume_training":
                return paused  # hidden otherwise: F6 goes on to Pause
            if action == "pause_training" and paused:
                return False
            return True if training else None
        return True

    def action_leave_field(self) -> None:
        """Esc in a text box: focus the tab bar (digits typed into a setting otherwise).
        Elsewhere on the Sample pane (the tab bar after F8), stop its stream: the pane's
        own Esc reaches only keys pressed inside it."""
        if isinstance(self.focused, Input):
            self.set_focus(None)
            self._focus_tabs()
            return
        tabs, sample = self._find(TabbedContent), self._find(SamplePane)
        if tabs is not None and tabs.active == "sample" and sample is not None and sample.streaming:
            sample.stop_stream()

    def action_show_pane(self, pane: str) -> None:
        """Switch to one of the panes (pane_table.py), by its id."""
        tabs = self._find(TabbedContent)
        if pane in PANE_IDS and tabs is not None:
            # Let go of focus first: a focused widget in the pane being hidden hands focus
            # to its neighbour in the same pane, and that re-activates the old tab.
            self.set_focus(None)
            tabs.active = pane
            self.call_after_refresh(self._focus_tabs)

    def _focus_tabs(self) -> None:
        """Keyboard focus on the tab bar after a switch: arrows and Tab go on from there."""
        bar = self._find(Tabs)
        if bar is not None and self.screen_stack and self.focused is None:  # an action may have focused a field
            bar.focus()

    def action_start_training(self) -> None:
        """F5: start a run with the Train pane's settings."""
        self.train_pane.start()
        self._refresh_bindings()

    def action_pause_training(self) -> None:
        """F6: pause the running training, or resume it."""
        self.train_pane.toggle_pause()

    def action_resume_training(self) -> None:
        """F6 while paused: go on training."""
        self.train_pane.toggle_pause()

    def action_toggle_pause(self) -> None:
        """The palette's pause or resume: one entry, not hidden while paused as F6's
        Pause is (check_action)."""
        self.train_pane.toggle_pause()

    def action_stop_training(self) -> None:
        """F7: stop; the run evaluates, samples and saves."""
        self.train_pane.stop()

    def action_sample(self) -> None:
        """F8: show the Sample pane and (re)start its stream."""
        self.action_show_pane("sample")
        sample = self._find(SamplePane)
        if sample is not None:
            sample.start_stream()

    def action_replay(self) -> None:
        """The live run's previews as a timeline (or the last run shown's): the Train
        pane's Replay button, which a narrow terminal may not show."""
        self.train_pane.open_replay()

    def action_import_corpus(self) -> None:
        """Ctrl+O: the Corpus pane with the cursor in its import box."""
        self.action_show_pane("corpus")
        corpus = self._find(CorpusPane)
        if corpus is not None:
            corpus.focus_import()

    def action_help(self) -> None:
        """F1 or ?: the help screen (once, however often pressed)."""
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    async def action_quit(self) -> None:
        """Quit; a running training is stopped and saved first (bounded wait)."""
        await self._quit(0)

    async def _quit(self, return_code: int) -> None:
        """Save the settings; stop and save a running training (bounded wait), then exit
        with return_code."""
        self._save_settings()
        pane = self._find(TrainPane)
        if pane is not None and pane.is_training:
            strip = self._find(LiveStrip)
            if strip is not None:
                strip.set_state("saving")
            await pane.shutdown(QUIT_WAIT_S)
        self.exit(return_code=return_code)

    # ---- message wiring ------------------------------------------------------------------------
    def on_corpus_selected(self, message: CorpusSelected) -> None:
        """A corpus was chosen: the strip names it, Train trains on it, Morphemes counts it."""
        strip, pane = self._find(LiveStrip), self._find(TrainPane)
        self._corpus_choice = app_settings.corpus_choice(message.name, message.path)
        if strip is not None:
            if message.name != strip.corpus and (pane is None or not pane.is_training):
                strip.reset()  # the last run's figures were another corpus's
                strip.set_state(strip.state, "")
            strip.set_corpus(message.name)
        if pane is not None:
            pane.set_corpus(message.name, message.path)
        morph = self._find(MorphemesPane)
        if morph is not None:
            morph.set_corpus(message.name, message.path)

    def on_train_state(self, message: TrainState) -> None:
        """The strip shows the run's state; the footer dims Pause/Stop when idle."""
        strip = self._find(LiveStrip)
        if strip is not None:
            strip.set_state(message.state)
        self._refresh_bindings()

    def on_trainer_ready(self, message: TrainerReady) -> None:
        """A run has begun: a fresh strip; the Sample and Inspect panes offer the live model."""
        strip = self._find(LiveStrip)
        if strip is not None:
            strip.reset()
            strip.set_state("training", f"run {message.out.name}")
        sample = self._find(SamplePane)
        if sample is not None:
            sample.set_live_trainer(message.trainer)
        inspect = self._find(InspectPane)
        if inspect is not None:
            inspect.set_live_trainer(message.trainer)
        self._refresh_bindings()

    def on_training_event(self, message: TrainingEvent) -> None:
        """Every training event also feeds the strip seen on every pane."""
        strip = self._find(LiveStrip)
        if strip is not None:
            strip.show_training(message.event)

    def on_training_ended(self, message: TrainingEnded) -> None:
        """The run is over: the Sample and Inspect panes withdraw the live model."""
        sample = self._find(SamplePane)
        if sample is not None:
            sample.set_live_trainer(None)
        inspect = self._find(InspectPane)
        if inspect is not None:
            inspect.set_live_trainer(None)
        self._refresh_bindings()
        self.call_after_refresh(self._prune_footer)  # once per run: the old keys are closed by then

    def on_run_saved(self, message: RunSaved) -> None:
        """A run folder changed: the Sample and Inspect panes re-list the saved runs."""
        sample = self._find(SamplePane)
        if sample is not None:
            sample.refresh_models()
        inspect = self._find(InspectPane)
        if inspect is not None:
            inspect.refresh_models()
        runs = self._find(RunsPane)
        if runs is not None:
            runs.refresh_runs()

    # ---- the Runs pane ------------------------------------------------------------------------
    def on_run_open_requested(self, message: RunOpenRequested) -> None:
        """Open a saved run: resume it in Train, sample it, or read it in Inspect."""
        if message.action == "sample":
            sample = self._find(SamplePane)
            if sample is not None:
                self.action_show_pane("sample")
                sample.select_model(message.path)
        elif message.action == "resume":
            pane = self._find(TrainPane)
            if pane is not None and pane.is_training:
                self.notify("a run is training; stop it (F7) before resuming another", severity="warning")
            elif pane is not None and pane.choose_resume(message.path):
                self.action_show_pane("train")
        else:
            inspect = self._find(InspectPane)
            if inspect is not None:
                inspect.refresh_models(select=str(message.path))  # chosen first: showing the pane reads it
                self.action_show_pane("inspect")

    def _run_in_use(self, path: Path) -> str | None:
        """Why a run must not be renamed or deleted now (None when it may be)."""
        target = path.resolve()
        pane, sample = self._find(TrainPane), self._find(SamplePane)
        if pane is not None and pane.is_training and pane.out is not None and pane.out.resolve() == target:
            return "it is training; stop it (F7) first"
        streaming = sample.streaming_from() if sample is not None else None
        if streaming is not None and streaming.resolve() == target:
            return "the Sample pane is streaming from it; stop the stream (Esc) first"
        return None

    def on_run_change_requested(self, message: RunChangeRequested) -> None:
        """Rename or delete a run, unless it is training or being sampled."""
        reason = self._run_in_use(message.path)
        runs = self._find(RunsPane)
        if reason is not None:
            self.notify(f"cannot {message.action} {message.path.name}: {reason}", severity="error")
        elif runs is not None:
            runs.apply_change(message.path, message.action, message.new_name)

    def on_runs_changed(self, message: RunsChanged) -> None:
        """A run was renamed or deleted: the model pickers re-list."""
        sample, pane = self._find(SamplePane), self._find(TrainPane)
        if sample is not None:
            sample.refresh_models()
        if pane is not None:
            pane.refresh_runs()
        inspect = self._find(InspectPane)
        if inspect is not None:
            inspect.refresh_models()

    def on_replay_frame(self, message: ReplayFrame) -> None:
        """A new preview of the live run goes to an open replay of the live run."""
        for screen in self.screen_stack:
            if isinstance(screen, ReplayScreen) and screen.live:
                screen.add_frame(message.frame)

    def on_generated_text(self, message: GeneratedText) -> None:
        """Finished sample text: Morphemes counts it beside the corpus; Inspect offers it."""
        morph = self._find(MorphemesPane)
        if morph is not None:
            morph.set_generated(message.text, message.model)
        inspect = self._find(InspectPane)
        if inspect is not None:
            inspect.set_sample(message.text, message.model)

    def on_generate_requested(self, message: GenerateRequested) -> None:
        """The Morphemes pane's "Generate & compare": the Sample pane streams the text."""
        sample, morph = self._find(SamplePane), self._find(MorphemesPane)
        if sample is None or not sample.generate(message.length):
            # no model, or a bad sampling setting: the Sample pane's own lines say which
            self.notify("the Sample pane cannot generate now: see its status line", severity="warning")
        elif morph is not None:
            morph.generation_started(message.length)


def run_app(corpus: str | None = None, model: Path | None = None) -> int:
    """Open the app; returns the process exit code."""
    app = LstmTuiApp(corpus=corpus, model=model)
    app.watch_signals = True
    if served.served_by() is not None:  # started by `lstm-tui serve` for a browser tab
        served.watch_parent()
    result = app.run()
    # Textual sets return_code to 1 when the app crashed (and run() returns None): a
    # crash must not look like success to a shell or a service manager.
    if app.return_code:
        return app.return_code
    return int(result or 0)
