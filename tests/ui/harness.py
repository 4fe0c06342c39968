"""A tiny App that mounts one widget or pane, for Pilot tests of that widget alone."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import torch
from textual.app import App, ComposeResult
from textual.message import Message
from textual.widget import Widget

import lstm_tui.ui
from lstm_tui.ui import messages


class Harness(App[None]):
    """Mounts the widget `make()` returns and records the messages that reach the app.

    It uses the app's stylesheet, where the panes' CSS lives, and like the real app it
    routes GeneratedText to a MorphemesPane and GenerateRequested to a SamplePane.
    """

    CSS_PATH = str(Path(lstm_tui.ui.__file__).parent / "app.tcss")

    def __init__(self, make: Callable[[], Widget]) -> None:
        super().__init__()
        # as the app does on 2 cores: one torch thread, so sampling never fights the loop
        torch.set_num_threads(1)
        self._make = make
        self.seen: list[Message] = []
        self.notes: list[tuple[str, str]] = []  # (severity, message) of every notify

    def compose(self) -> ComposeResult:
        yield self._make()

    def notify(  # type: ignore[override]
        self,
        message: str,
        *,
        title: str = "",
        severity: str = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Record the notification, then show it as usual."""
        self.notes.append((str(severity), str(message)))
        super().notify(
            message,
            title=title,
            severity=severity,  # type: ignore[arg-type]
            timeout=timeout,
            markup=markup,
        )

    def on_generated_text(self, message: messages.GeneratedText) -> None:
        self.seen.append(message)
        for pane in self.query("MorphemesPane"):  # by name: the harness imports no pane
            pane.set_generated(message.text, message.model)  # type: ignore[attr-defined]

    def on_generate_requested(self, message: messages.GenerateRequested) -> None:
        self.seen.append(message)
        for sample in self.query("SamplePane"):
            if sample.generate(message.length):  # type: ignore[attr-defined]
                for pane in self.query("MorphemesPane"):
                    pane.generation_started(message.length)  # type: ignore[attr-defined]
