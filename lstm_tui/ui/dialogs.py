"""Small modal dialogs: a yes/no confirmation and a one-line name prompt.

Each dismisses with its answer (push_screen's callback gets it); neither acts itself.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static


class ConfirmScreen(ModalScreen[bool]):
    """A question with Yes / No; Esc or n is No, y is Yes. No has the focus first."""

    BINDINGS = [
        Binding("escape", "answer(False)", "No"),
        Binding("n", "answer(False)", "No", show=False),
        Binding("y", "answer(True)", "Yes", show=False),
    ]

    def __init__(self, question: str, yes: str = "Yes") -> None:
        super().__init__()
        self.question = question
        self.yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="dialog--text", markup=False)
            with Horizontal(classes="dialog--buttons"):
                yield Button(self.yes, id="dialog-yes", variant="error", compact=True)
                yield Button("No", id="dialog-no", compact=True)

    def on_mount(self) -> None:
        self.query_one("#dialog-no", Button).focus()  # a stray Enter must not delete

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "dialog-yes")

    def action_answer(self, yes: bool) -> None:
        """y / n / Esc."""
        self.dismiss(yes)


class NameScreen(ModalScreen[str | None]):
    """A prompt for a new name: Enter gives the text, Esc gives None. `check` (a name →
    why it cannot be used, or None) keeps the dialog open on a name it refuses, saying
    why, so the name can be corrected rather than typed again."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, prompt: str, value: str, check: Callable[[str], str | None] | None = None) -> None:
        super().__init__()
        self.prompt = prompt
        self.value = value
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.prompt, classes="dialog--text", markup=False)
            yield Input(self.value, id="dialog-name", compact=True)
            yield Static("", id="dialog-error", classes="dialog--error", markup=False)
            yield Static("Enter to rename · Esc to cancel", classes="dialog--keys", markup=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        problem = self.check(event.value) if self.check is not None else None
        if problem:
            self.query_one("#dialog-error", Static).update(f"✗ {problem}")
            return
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        """Esc: no new name."""
        self.dismiss(None)
