"""The Runs pane: every saved run with its figures, overlaid curves, open / rename / delete.

The list comes from core/runs.py in a worker (RunsListed); a filter box and a sort key
narrow and order it. Space marks runs: their validation curves are read in a worker
and overlaid on one chart with a legend. Resume, Sample and Inspect post
RunOpenRequested for the app to route to those panes; Rename and Delete ask first (a
dialog), then post RunChangeRequested: the app refuses a run that is training or being
sampled, else calls `apply_change` here. Replay opens the run's previews as a timeline.
"""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, DataTable, Input, Label, Static

from lstm_tui.core.run_names import bundled_label
from lstm_tui.core.runs import (
    RunInfo,
    check_run_name,
    delete_run,
    format_duration,
    format_loss,
    index_runs,
    rename_run,
)
from lstm_tui.errors import UserError
from lstm_tui.ui.dialogs import ConfirmScreen, NameScreen
from lstm_tui.ui.messages import (
    ReplayLoaded,
    RunAction,
    RunChange,
    RunChangeRequested,
    RunCurvesLoaded,
    RunOpenRequested,
    RunsChanged,
    RunsListed,
)
from lstm_tui.ui.replay import ReplayScreen
from lstm_tui.ui.saved_runs import loss_history
from lstm_tui.ui.widgets.curves_chart import CurvesChart

# (column label, sort key name); "mark" is not sortable
COLUMNS: tuple[tuple[str, str], ...] = (
    ("✓", ""),
    ("run", "name"),
    ("corpus", "corpus"),
    ("from", "from"),
    ("size", "size"),
    ("steps", "steps"),
    ("time", "time"),
    ("val", "val"),
    ("test", "test"),
    ("LSTM", "lstm"),
    ("±n-gram", "margin"),
    ("saved", "saved"),
)
SORTS = tuple(key for _, key in COLUMNS if key)
DESCENDING_FIRST = {"steps", "time", "saved"}  # bigger / newer first; losses smallest first
MAX_CURVES = 8


def sort_value(row: RunInfo, key: str) -> str | int | float | None:
    """The run's value in a sort column; None when unknown or the run is broken."""
    value: str | int | float | None = {
        "name": row.name.lower(),
        "corpus": (row.corpus or "").lower() or None,
        "from": row.parent or "scratch",
        "size": row.size,
        "steps": row.steps,
        "time": row.elapsed_s,
        "val": row.val_loss,
        "test": row.test_loss,
        "lstm": row.lstm_test_loss if row.lstm_test_loss is not None else row.test_loss,
        "margin": row.margin,
        "saved": row.saved_at,
    }[key]
    return None if row.broken else value


def sort_rows(rows: list[RunInfo], key: str, descending: bool) -> list[RunInfo]:
    """Rows ordered by one column; runs without a value there (and broken ones) go last."""

    def order(row: RunInfo) -> tuple[float, str]:
        value = sort_value(row, key)  # one type per column: numbers or text
        return (float(value), "") if isinstance(value, (int, float)) else (0.0, str(value))

    known = sorted((r for r in rows if sort_value(r, key) is not None), key=order, reverse=descending)
    return known + [r for r in rows if sort_value(r, key) is None]


def matches(row: RunInfo, text: str) -> bool:
    """The filter: every word appears in the run's name, corpus, parent ("from"), preset,
    size or state; "scratch" finds the runs that started from random weights."""
    state = "broken" if row.broken else ""
    parent = row.parent or ("" if row.broken else "scratch")
    hay = " ".join(
        str(x).lower() for x in (row.name, row.corpus, parent, row.preset, row.size, row.cell, state, row.saved_at) if x
    )
    if row.bundled:
        hay += " " + bundled_label(row.name).lower()  # "(demo)" or "(pretrained)", as listed
    return all(word in hay for word in text.lower().split())


class RunsPane(Vertical):
    """Saved runs: a sortable, filterable table, a curves chart and the run actions."""

    BINDINGS = [
        Binding("space", "toggle_mark", "Mark"),
        Binding("s", "cycle_sort", "Sort"),
        Binding("r", "open('resume')", "Resume", show=False),
        Binding("enter", "open('sample')", "Sample", show=False),
        Binding("i", "open('inspect')", "Inspect", show=False),
        Binding("p", "replay", "Replay", show=False),
        Binding("f2", "rename", "Rename"),
        Binding("delete", "delete", "Delete"),
        Binding("slash", "filter", "Filter", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[RunInfo] = []
        self.shown: list[RunInfo] = []  # after filter and sort, in table order
        self.marked: list[str] = []  # paths, in the order they were marked (legend order)
        self.sort_key = "saved"
        self.descending = True
        self._curves_job = 0
        self._replay_for: Path | None = None

    # ---- layout -------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Horizontal(id="runs-bar"):
            yield Label("filter", classes="runs--label")
            hint = "words in name, corpus, from (base-ja, scratch)… or 'broken'"
            yield Input(placeholder=hint, id="runs-filter", compact=True)
            yield Static("", id="runs-sort", markup=False)
        yield DataTable(id="runs-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="runs-detail", markup=False)
        with Horizontal(id="runs-buttons"):
            yield Button("Resume", id="runs-resume", compact=True)
            yield Button("Sample", id="runs-sample", variant="primary", compact=True)
            yield Button("Inspect", id="runs-inspect", compact=True)
            yield Button("Replay", id="runs-replay", compact=True)
            yield Button("Rename", id="runs-rename", compact=True)
            yield Button("Delete", id="runs-delete", variant="error", compact=True)
        yield CurvesChart(id="runs-chart")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label, key in COLUMNS:
            table.add_column(label, key=key or "mark")
        self._show_sort()
        self.refresh_runs()

    # ---- the contract with the app -------------------------------------------------------------
    def refresh_runs(self) -> None:
        """Re-read every saved run (in a worker); the table keeps its filter, sort and marks."""
        self._list_runs()

    def apply_change(self, path: Path, action: RunChange, new_name: str | None) -> bool:
        """Rename or delete a run the app has cleared; True when it was done.

        A run outside the user's models folder (the demo), a bad or taken name, or a
        file-system error is a notification, and nothing changes.
        """
        try:
            if action == "rename":
                new = rename_run(path, new_name or "")
                self.notify(f"renamed {path.name} to {new.name}")
            else:
                delete_run(path)
                new = None
                self.notify(f"deleted {path.name}")
        except UserError as exc:
            self.notify(str(exc), title=f"cannot {action}", severity="error")
            return False
        # a renamed run keeps its place among the compared curves; a deleted one leaves them
        renamed = {str(path): str(new)} if new is not None else {}
        self.marked = [renamed.get(p, p) for p in self.marked if p != str(path) or new is not None]
        self.post_message(RunsChanged(path, new))
        self.refresh_runs()
        return True

    @property
    def selected(self) -> RunInfo | None:
        """The run under the table's cursor, if any."""
        table = self.query_one(DataTable)
        if not self.shown or table.cursor_row < 0 or table.cursor_row >= len(self.shown):
            return None
        return self.shown[table.cursor_row]

    # ---- workers ----------------------------------------------------------------------------------
    @work(thread=True, group="runs-list", exclusive=True, exit_on_error=False)
    def _list_runs(self) -> None:
        self.post_message(RunsListed(index_runs()))

    @work(thread=True, group="runs-curves", exclusive=True, exit_on_error=False)
    def _load_curves(self, job: int, runs: list[tuple[str, Path]]) -> None:
        curves = [(name, loss_history(path)[1]) for name, path in runs]
        self.post_message(RunCurvesLoaded(job, curves))

    @work(thread=True, group="runs-replay", exclusive=True, exit_on_error=False)
    def _load_replay(self, path: Path) -> None:
        from lstm_tui.core.replay import replay_frames

        self.post_message(ReplayLoaded(path, replay_frames(path)))

    # ---- handlers: the only code that changes widgets ---------------------------------------------
    def on_runs_listed(self, message: RunsListed) -> None:
        self.rows = message.rows
        known = {r.path for r in self.rows if not r.broken}
        self.marked = [p for p in self.marked if p in known]
        self._render_table()
        self._request_curves()

    def on_run_curves_loaded(self, message: RunCurvesLoaded) -> None:
        if message.job != self._curves_job:
            return  # superseded by a later marking
        empty = [name for name, points in message.curves if not points]
        note = f"no validation points yet in {', '.join(empty)}" if empty and len(empty) == len(message.curves) else ""
        self.query_one(CurvesChart).set_curves(message.curves, note)

    def on_replay_loaded(self, message: ReplayLoaded) -> None:
        if message.path != self._replay_for:
            return
        self._replay_for = None
        if not message.frames:
            self.notify(f"{message.path.name} has no preview samples in its metrics.jsonl", severity="warning")
            return
        self.app.push_screen(ReplayScreen(f"replay · {message.path.name}", message.frames))

    def _render_table(self) -> None:
        table = self.query_one(DataTable)
        keep = self.selected.path if self.selected is not None else None
        text = self.query_one("#runs-filter", Input).value
        self.shown = sort_rows([r for r in self.rows if matches(r, text)], self.sort_key, self.descending)
        table.clear()
        for r in self.shown:
            table.add_row(*self._cells(r), key=r.path)
        if keep is not None:
            for i, r in enumerate(self.shown):
                if r.path == keep:
                    table.move_cursor(row=i)
        self._show_detail()

    def _cells(self, r: RunInfo) -> list[str]:
        mark = "✓" if r.path in self.marked else ""
        name = bundled_label(r.name) if r.bundled else r.name
        if r.broken:
            return [mark, name, "broken", "", "", "", "", "", "", "", "", (r.saved_at or "")[:16].replace("T", " ")]
        margin = "—" if r.margin is None else f"{r.margin:+.3f}"
        return [
            mark,
            name,
            r.corpus or "?",
            r.parent or "scratch",
            r.size or "?",
            "—" if r.steps is None else f"{r.steps:,}",
            format_duration(r.elapsed_s),
            format_loss(r.val_loss),
            format_loss(r.test_loss),
            format_loss(r.lstm_test_loss if r.lstm_test_loss is not None else r.test_loss),
            margin,
            (r.saved_at or "—")[:16].replace("T", " "),
        ]

    def _show_detail(self) -> None:
        r = self.selected
        detail = self.query_one("#runs-detail", Static)
        if r is None:
            detail.update("no saved runs yet: train one in the Train pane" if not self.rows else "no run matches")
        elif r.broken:
            detail.update(f"✗ {r.name} cannot be loaded: {r.error}")
        else:
            ngram = (
                f" · {r.ngram_order}-gram test {format_loss(r.ngram_test_loss)},"
                f" margin {r.margin:+.3f} ({r.margin_split})"
                if r.ngram_order is not None and r.margin is not None
                else " · n-gram baseline not computed yet (lstm-tui baseline --corpus C)"
            )
            best = f" at step {r.best_step:,}" if r.best_step is not None else ""
            lstm = r.lstm_test_loss if r.lstm_test_loss is not None else r.test_loss
            mix = (
                f" · with the n-gram (λ {r.hybrid_lambda:.2f}) {format_loss(r.test_loss)}"
                if r.hybrid_lambda is not None
                else ""
            )
            detail.update(f"{r.path}\nbest val {format_loss(r.val_loss)}{best} · test {format_loss(lstm)}{mix}{ngram}")
        for name in ("resume", "sample", "inspect", "replay"):
            self.query_one(f"#runs-{name}", Button).disabled = r is None or r.broken
        for name in ("rename", "delete"):
            self.query_one(f"#runs-{name}", Button).disabled = r is None or r.bundled

    def _show_sort(self) -> None:
        arrow = "↓" if self.descending else "↑"
        label = dict((key, lbl) for lbl, key in COLUMNS)[self.sort_key]
        self.query_one("#runs-sort", Static).update(f"sort: {label} {arrow} (s)")

    def _request_curves(self) -> None:
        self._curves_job += 1
        by_path = {r.path: r for r in self.rows}
        runs = [(by_path[p].name, Path(p)) for p in self.marked if p in by_path][:MAX_CURVES]
        if runs:
            self._load_curves(self._curves_job, runs)
        else:
            self.query_one(CurvesChart).set_curves([], "mark runs with Space to compare their validation curves")

    @on(Input.Changed, "#runs-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._render_table()

    @on(DataTable.RowHighlighted, "#runs-table")
    def _highlighted(self) -> None:
        self._show_detail()

    @on(DataTable.RowSelected, "#runs-table")
    def _row_selected(self) -> None:
        self.action_open("sample")

    @on(DataTable.HeaderSelected, "#runs-table")
    def _header_selected(self, event: DataTable.HeaderSelected) -> None:
        key = str(event.column_key.value)
        if key in SORTS:
            self._set_sort(key, not self.descending if key == self.sort_key else key in DESCENDING_FIRST)

    def _set_sort(self, key: str, descending: bool) -> None:
        self.sort_key, self.descending = key, descending
        self._show_sort()
        self._render_table()

    @on(Button.Pressed, "#runs-resume")
    def _resume_pressed(self) -> None:
        self.action_open("resume")

    @on(Button.Pressed, "#runs-sample")
    def _sample_pressed(self) -> None:
        self.action_open("sample")

    @on(Button.Pressed, "#runs-inspect")
    def _inspect_pressed(self) -> None:
        self.action_open("inspect")

    @on(Button.Pressed, "#runs-replay")
    def _replay_pressed(self) -> None:
        self.action_replay()

    @on(Button.Pressed, "#runs-rename")
    def _rename_pressed(self) -> None:
        self.action_rename()

    @on(Button.Pressed, "#runs-delete")
    def _delete_pressed(self) -> None:
        self.action_delete()

    # ---- actions --------------------------------------------------------------------------------
    def action_toggle_mark(self) -> None:
        """Space: add the run under the cursor to the compared curves, or take it off."""
        r = self.selected
        if r is None:
            return
        if r.broken:
            self.notify(f"{r.name} cannot be loaded: {r.error}", severity="warning")
            return
        if r.path in self.marked:
            self.marked.remove(r.path)
        elif len(self.marked) >= MAX_CURVES:
            self.notify(f"at most {MAX_CURVES} curves at once; unmark one first", severity="warning")
            return
        else:
            self.marked.append(r.path)
        table = self.query_one(DataTable)
        table.update_cell(r.path, "mark", "✓" if r.path in self.marked else "")
        self._request_curves()

    def action_filter(self) -> None:
        """/: the cursor into the filter box (Tab or Enter back to the table)."""
        self.query_one("#runs-filter", Input).focus()

    @on(Input.Submitted, "#runs-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one(DataTable).focus()

    def action_cycle_sort(self) -> None:
        """s: sort by the next column (each in its natural direction)."""
        key = SORTS[(SORTS.index(self.sort_key) + 1) % len(SORTS)]
        self._set_sort(key, key in DESCENDING_FIRST)

    def action_open(self, action: RunAction) -> None:
        """Resume, sample or inspect the run under the cursor (the app routes it)."""
        r = self.selected
        if r is None:
            return
        if r.broken:
            self.notify(f"{r.name} cannot be loaded: {r.error}", severity="error")
            return
        self.post_message(RunOpenRequested(Path(r.path), action))

    def action_replay(self) -> None:
        """p: the run's previews as a timeline (read in a worker, then a screen)."""
        r = self.selected
        if r is None or r.broken:
            return
        self._replay_for = Path(r.path)
        self._load_replay(Path(r.path))

    def _changeable(self) -> RunInfo | None:
        """The run under the cursor if it may be renamed or deleted; None when there is
        none or it is a bundled demo run (read-only: the user is told so)."""
        r = self.selected
        if r is not None and r.bundled:
            self.notify(f"{r.name} ships with lstm-tui and is read-only", severity="warning")
            return None
        return r

    def action_rename(self) -> None:
        """F2: ask for a new name, then ask the app to rename."""
        r = self._changeable()
        if r is None:
            return
        path = Path(r.path)

        def answered(name: str | None) -> None:
            if name and name.strip() and name.strip() != path.name:
                self.post_message(RunChangeRequested(path, "rename", name.strip()))

        def refused(name: str) -> str | None:
            """What rename_run would refuse before touching anything (the dialog stays open)."""
            name = name.strip()
            if not name or name == path.name:
                return None  # nothing to do: the dialog closes
            try:
                check_run_name(name)
            except UserError as exc:
                return str(exc)
            return f"a run named {name} already exists" if (path.parent / name).exists() else None

        self.app.push_screen(NameScreen(f"Rename run {r.name} to:", r.name, refused), answered)

    def action_delete(self) -> None:
        """Delete: ask for confirmation, then ask the app to delete."""
        r = self._changeable()
        if r is None:
            return
        path = Path(r.path)
        what = (
            "this broken run folder"
            if r.broken
            else f"run {r.name} ({format_loss(r.val_loss)} val, {r.steps or 0:,} steps)"
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self.post_message(RunChangeRequested(path, "delete"))

        self.app.push_screen(
            ConfirmScreen(f"Delete {what}?\n{path}\nIts weights and logs are removed for good.", "Delete"), answered
        )
