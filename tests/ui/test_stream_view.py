"""The stream view wraps by the Japanese rules: no line starts with 。、」 or a small kana,
none ends with 「, at any width, and again after a resize."""

from __future__ import annotations

from lstm_tui.core.kinsoku import NO_LINE_END, NO_LINE_START
from lstm_tui.text_width import display_width
from lstm_tui.ui.widgets.stream_view import StreamView
from tests.ui.harness import Harness

TEXT = "「先生、これは何ですか。」と私は訊いた。先生はちょっと考えてから、「さあ」と言った。\n" * 3


def _lines(view: StreamView) -> list[str]:
    return [line for line in view.lines if line]


def _check(lines: list[str]) -> None:
    assert lines
    for line in lines:
        assert line[0] not in NO_LINE_START, lines
        assert line[-1] not in NO_LINE_END, lines


async def test_no_line_breaks_against_the_rules_at_several_widths() -> None:
    for cols in (23, 27, 31, 40):
        app = Harness(lambda: StreamView(id="view"))
        async with app.run_test(size=(cols, 20)) as pilot:
            view = app.query_one(StreamView)
            view.reset("「")
            view.append(TEXT)
            view.flush()
            await pilot.pause()
            lines = _lines(view)
            _check(lines)
            assert all(display_width(line) <= view.scrollable_content_region.width for line in lines)
            assert "".join(lines).replace("「", "", 1) == TEXT.replace("\n", "")  # nothing lost or added
            await pilot.resize_terminal(cols + 3, 20)
            await pilot.pause()
            _check(_lines(view))


async def test_the_prefix_is_underlined_not_dimmed() -> None:
    # Dimmed (grey on white), the prefix was too faint to read on a projector.
    app = Harness(lambda: StreamView(id="view"))
    async with app.run_test(size=(40, 6)) as pilot:
        view = app.query_one(StreamView)
        view.reset("吾輩は")
        view.append("猫である")
        view.flush()
        await pilot.pause()
        segments = [seg for seg in view.render_line(0) if seg.text.strip()]
        prefix = next(seg for seg in segments if "吾輩は" in seg.text)
        generated = next(seg for seg in segments if "猫" in seg.text)
        assert prefix.style is not None and prefix.style.underline and not prefix.style.dim
        assert generated.style is None or not generated.style.underline


async def test_scrolling_stops_at_the_last_line() -> None:
    # End scrolled every line out of view into the room the view keeps to grow into, and
    # three lines already showed a scrollbar.
    app = Harness(lambda: StreamView(id="view"))
    async with app.run_test(size=(40, 12)) as pilot:
        view = app.query_one(StreamView)
        view.reset()
        view.append("一行目\n二行目\n三行目")
        view.flush()
        await pilot.pause()
        view.focus()
        await pilot.press("end")
        await pilot.pause()
        assert view.scroll_y == 0 and view.virtual_size.height == 3
        view.append("\n".join(f"行 {i}" for i in range(40)))
        view.flush()
        await pilot.pause()
        await pilot.press("home", "end")
        await pilot.pause()
        rows = view.scrollable_content_region.height
        assert view.scroll_y == len(view.lines) - rows  # the last line at the bottom, no further
        assert view.lines[-1] == "行 39"
