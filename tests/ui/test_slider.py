"""The temperature Slider: keys, a click on the track, dragging, and its Changed messages."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult

from lstm_tui.ui.widgets.slider import Slider


class SliderApp(App[None]):
    """One slider on its own row, recording every Changed value."""

    def __init__(self) -> None:
        super().__init__()
        self.changes: list[float] = []

    def compose(self) -> ComposeResult:
        yield Slider(0.8, id="t")

    def on_slider_changed(self, message: Slider.Changed) -> None:
        self.changes.append(message.value)


def test_snap_rounds_to_steps_and_clamps() -> None:
    s = Slider(0.8)
    assert s.snap(0.83) == 0.85
    assert s.snap(0.3000000004) == 0.3
    assert s.snap(-1) == 0.0
    assert s.snap(9) == 2.0
    assert s.snap(float("nan")) == 0.0
    with pytest.raises(ValueError):
        Slider(minimum=1, maximum=1)


async def test_keys_move_the_slider() -> None:
    app = SliderApp()
    async with app.run_test(size=(60, 5)) as pilot:
        slider = app.query_one(Slider)
        slider.focus()
        await pilot.press("right")
        assert slider.value == 0.85
        await pilot.press("left", "left")
        assert slider.value == 0.75
        await pilot.press("pageup")
        assert slider.value == 0.95
        await pilot.press("home")
        assert slider.value == 0.0
        await pilot.press("left")  # already at the end: stays, no error
        assert slider.value == 0.0
        await pilot.press("end")
        assert slider.value == 2.0
        await pilot.pause()
        assert app.changes[-1] == 2.0
        assert "2.00" in str(slider.render())


async def test_click_and_drag_set_the_value() -> None:
    app = SliderApp()
    async with app.run_test(size=(60, 5)) as pilot:
        slider = app.query_one(Slider)
        track = slider.track_width
        await pilot.click(Slider, offset=(0, 0))
        assert slider.value == 0.0
        assert slider.has_focus
        await pilot.click(Slider, offset=(track - 1, 0))
        assert slider.value == 2.0
        await pilot.click(Slider, offset=((track - 1) // 2, 0))
        assert 0.9 <= slider.value <= 1.1
        # drag: press at the start, move to the end, release
        await pilot.mouse_down(Slider, offset=(0, 0))
        assert slider.value == 0.0
        await pilot.hover(Slider, offset=(track - 1, 0))
        await pilot.mouse_up(Slider, offset=(track - 1, 0))
        assert slider.value == 2.0
        await pilot.pause()
        assert 0.0 in app.changes and 2.0 in app.changes
