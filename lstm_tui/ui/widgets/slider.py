"""A one-line numeric slider (Textual has none): keys, click and drag set a stepped value."""

from __future__ import annotations

import math
from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

VALUE_WIDTH = 6  # room for " 2.00" at the right of the track


def _decimals(step: float) -> int:
    """Digits after the point needed to show multiples of step (0.05 → 2, 1 → 0)."""
    text = f"{step:.10f}".rstrip("0")
    return len(text.split(".")[1]) if "." in text else 0


class Slider(Widget, can_focus=True):
    """A horizontal track with a thumb and the value beside it.

    Left/Right move one step, PageUp/PageDown a tenth of the range, Home/End go to the
    ends; a click on the track jumps to that point and dragging follows the mouse.
    Posts `Slider.Changed` whenever the value changes.
    """

    DEFAULT_CSS = """
    Slider {
        height: 1;
        width: 1fr;
        min-width: 12;
    }
    Slider > .slider--track { color: $foreground-darken-3; }
    Slider > .slider--filled { color: $primary; }
    Slider > .slider--thumb { color: $foreground; text-style: bold; }
    Slider > .slider--value { color: $text-muted; }
    Slider:focus > .slider--thumb { color: $accent; }
    Slider:focus > .slider--value { color: $text; text-style: bold; }
    Slider:disabled { opacity: 0.5; }
    """

    COMPONENT_CLASSES = {"slider--track", "slider--filled", "slider--thumb", "slider--value"}

    BINDINGS = [
        Binding("left", "step(-1)", "Lower", show=False),
        Binding("right", "step(1)", "Higher", show=False),
        Binding("pagedown", "page(-1)", "Much lower", show=False),
        Binding("pageup", "page(1)", "Much higher", show=False),
        Binding("home", "to_end(-1)", "Minimum", show=False),
        Binding("end", "to_end(1)", "Maximum", show=False),
    ]

    value: reactive[float] = reactive(0.0)

    @dataclass
    class Changed(Message):
        """The slider's value changed (by key, mouse or code)."""

        slider: Slider
        value: float

        @property
        def control(self) -> Slider:
            """The slider that changed, so `@on(Slider.Changed, "#id")` works."""
            return self.slider

    def __init__(
        self,
        value: float = 1.0,
        minimum: float = 0.0,
        maximum: float = 2.0,
        step: float = 0.05,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        if not (math.isfinite(minimum) and math.isfinite(maximum)) or maximum <= minimum:
            raise ValueError(f"slider range must satisfy minimum < maximum, not {minimum}..{maximum}")
        if not math.isfinite(step) or step <= 0:
            raise ValueError(f"slider step must be > 0, not {step}")
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self.minimum = minimum
        self.maximum = maximum
        self.step = step
        self._decimals = _decimals(step)
        self._dragging = False
        # set without posting Changed: construction is not a change
        self.set_reactive(Slider.value, self.snap(value))

    # ---- value arithmetic -------------------------------------------------------------
    def snap(self, value: float) -> float:
        """Clamp into range and round to the nearest step (exact decimals, no 0.30000004)."""
        if not math.isfinite(value):
            value = self.minimum
        value = min(self.maximum, max(self.minimum, value))
        steps = round((value - self.minimum) / self.step)
        return round(min(self.maximum, self.minimum + steps * self.step), self._decimals)

    def validate_value(self, value: float) -> float:
        """Every assignment is snapped, so the value is always a valid step."""
        return self.snap(float(value))

    def watch_value(self, old: float, new: float) -> None:
        """Tell the parent about every change of value."""
        if old != new:
            self.post_message(self.Changed(self, new))

    @property
    def track_width(self) -> int:
        """Cells of the track (the content width less the value label)."""
        return max(2, self.content_size.width - VALUE_WIDTH)

    def value_at(self, x: int) -> float:
        """The value under content column x of the track."""
        fraction = min(1.0, max(0.0, x / (self.track_width - 1)))
        return self.snap(self.minimum + fraction * (self.maximum - self.minimum))

    def thumb_x(self) -> int:
        """Content column of the thumb for the current value."""
        fraction = (self.value - self.minimum) / (self.maximum - self.minimum)
        return round(fraction * (self.track_width - 1))

    # ---- actions ------------------------------------------------------------------------
    def action_step(self, direction: int) -> None:
        """Move one step down (-1) or up (+1)."""
        self.value = self.value + direction * self.step

    def action_page(self, direction: int) -> None:
        """Move a tenth of the range (at least one step)."""
        jump = max(self.step, round((self.maximum - self.minimum) / 10 / self.step) * self.step)
        self.value = self.value + direction * jump

    def action_to_end(self, direction: int) -> None:
        """Go to the minimum (-1) or the maximum (+1)."""
        self.value = self.minimum if direction < 0 else self.maximum

    # ---- mouse --------------------------------------------------------------------------
    def _follow(self, event: events.MouseEvent) -> None:
        # capture-aware offset: dragging past either end still clamps to the range
        self.value = self.value_at(event.get_content_offset_capture(self).x)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        """Jump to the clicked point and start a drag."""
        if self.disabled:
            return
        event.stop()
        self._dragging = True
        self.capture_mouse()
        self.focus()
        self._follow(event)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        """Follow the mouse while the button is held."""
        if self._dragging:
            event.stop()
            self._follow(event)

    def on_mouse_up(self, event: events.MouseUp) -> None:
        """End the drag."""
        if self._dragging:
            event.stop()
            self._dragging = False
            self.release_mouse()

    def on_mouse_capture(self, event: events.MouseCapture) -> None:
        """The mouse is ours until released: moves now drag the thumb."""
        self._dragging = True

    def on_mouse_release(self, event: events.MouseRelease) -> None:
        """Capture lost (released, or taken elsewhere): stop dragging."""
        self._dragging = False

    # ---- rendering ----------------------------------------------------------------------
    def format_value(self) -> str:
        """The value with as many decimals as the step needs."""
        return f"{self.value:.{self._decimals}f}"

    def render(self) -> Text:
        """`━━━━━●──────  0.80`: filled track, thumb, empty track, value."""
        width = self.track_width
        thumb = self.thumb_x()
        text = Text(no_wrap=True, overflow="crop")
        text.append("━" * thumb, self.get_component_rich_style("slider--filled"))
        text.append("●", self.get_component_rich_style("slider--thumb"))
        text.append("─" * (width - thumb - 1), self.get_component_rich_style("slider--track"))
        text.append(self.format_value().rjust(VALUE_WIDTH), self.get_component_rich_style("slider--value"))
        return text
