"""The replay screen: a run's preview samples as a timeline to scrub through.

The char-rnn "evolution of samples": each frame (core/replay.py) is one preview the
trainer wrote, with the step and the train and validation loss the run had then. The
slider (or ←/→, Home/End) moves through the frames; over the live run new frames are
added as they come (the app forwards them), and the view follows the newest one while
the slider sits at the end.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from lstm_tui.core.replay import Frame
from lstm_tui.ui.widgets.slider import Slider


def _loss(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


class ReplayScreen(ModalScreen[None]):
    """Frames of one run: a slider over them, the frame's figures and its text."""

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("q", "close", "Close", show=False),
    ]

    def __init__(self, title: str, frames: list[Frame], live: bool = False) -> None:
        super().__init__()
        self.title_text = title
        self.frames = list(frames)
        self.live = live  # frames of the run being trained: the app adds new ones
        self.index = max(0, len(self.frames) - 1)

    def compose(self) -> ComposeResult:
        with Vertical(id="replay-box"):
            yield Static(self.title_text, id="replay-title", markup=False)
            with Horizontal(id="replay-row"):
                # numbered from 1, as "preview 10 of 10" below (it read 9 beside that)
                yield Label("preview", classes="replay--label")
                yield Slider(self.index + 1, 1, max(2, len(self.frames)), 1, id="replay-slider")
            yield Static("", id="replay-figures", markup=False)
            with VerticalScroll(id="replay-text-box"):
                yield Static("", id="replay-text", markup=False)
            yield Static("←/→ one preview · Home/End first/last · Esc close", id="replay-keys", markup=False)

    def on_mount(self) -> None:
        slider = self.query_one(Slider)
        slider.disabled = len(self.frames) < 2
        slider.focus()
        self._show()

    # ---- the contract with the app ---------------------------------------------------------
    def add_frame(self, frame: Frame) -> None:
        """A new preview of the live run; followed when the view is at the newest one."""
        at_end = self.index >= len(self.frames) - 1
        if self.frames and self.frames[-1].step == frame.step:
            self.frames[-1] = frame
        else:
            self.frames.append(frame)
        slider = self.query_one(Slider)
        slider.maximum = max(2, len(self.frames))
        slider.disabled = len(self.frames) < 2
        if at_end:
            self.index = len(self.frames) - 1
            slider.value = self.index + 1  # its Changed shows the frame
        slider.refresh()
        self._show()

    # ---- handlers ------------------------------------------------------------------------------
    @on(Slider.Changed, "#replay-slider")
    def _scrubbed(self, event: Slider.Changed) -> None:
        self.index = max(0, min(int(round(event.value)) - 1, len(self.frames) - 1))
        self._show()

    def _show(self) -> None:
        figures = self.query_one("#replay-figures", Static)
        text = self.query_one("#replay-text", Static)
        if not self.frames:
            figures.update("no previews yet: the trainer writes one every few seconds")
            text.update("")
            return
        f = self.frames[self.index]
        lr = f"  lr {f.lr:.3g}" if f.lr is not None else ""
        figures.update(
            f"preview {self.index + 1} of {len(self.frames)} · step {f.step:,} · "
            f"train loss {_loss(f.train_loss)} · val loss {_loss(f.val_loss)}{lr}"
        )
        body = Text()
        body.append(f.prefix, style="underline")
        body.append(f.text)
        text.update(body)

    def action_close(self) -> None:
        """Esc or q: back to the pane it was opened from."""
        self.dismiss(None)
