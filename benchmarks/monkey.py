"""A monkey test of the real app: random keys, clicks and pastes while it trains and samples.

Drives LstmTuiApp headless (Textual's run_test) on the tiny test corpora (tests/ui/
helpers.py's bundle) in a scratch LSTM_TUI_HOME and working folder, at 80×24 and then
120×36, --actions split between the two sizes. At each size it trains a tiny model
from scratch with no budget (the Train pane's form, F5) and streams from the live run,
then sends random actions: keys (printable ASCII, Japanese, control keys, named keys,
every pane's and the app's bindings, the pane keys 1–6), clicks and wheel turns at
random cells, and pastes (Japanese, control characters, Rich markup, numbers a parser
may choke on, 20,000 characters). Every UPKEEP_EVERY actions it restarts training if a
random F7 or Stop click ended it (the form, garbled or set to resume, is reset to the
tiny model first), resumes a paused run, and restarts a stream that Esc or its length
ended (as F8 does, without switching panes).

Pass: no exception reached the app, a thread or the event loop; no worker ended in
error; training never stopped on an exception; every action was handled within 1 s;
every run folder the monkey's training saved loads with core.checkpoint.load_run
(best and last weights).

Why not pilot.press / pilot.click: they wait for the process to look idle (CPU time
against wall time, textual/_wait.py) for up to 1 s, two to four times per action. With
a training thread in the same process it never looks idle, so every action cost 2–4 s
and 5,000 would take hours: the first attempt at this script "hung" that way. Here an
action goes in as the terminal driver sends it (events posted to the app) and it is
"handled" once the Pilot's kind of queue barrier has passed on the app, the top
screen, the focused widget's chain and every widget with messages waiting, repeated
while messages are waiting (at most SETTLE_ROUNDS), bounded by ACTION_TIMEOUT_S. A
watchdog thread dumps every stack and writes the result if the event loop itself stops.

What the monkey never does, so the app and the run it tests survive:
- Ctrl+Q: it quits the app (a priority binding of App and LstmTuiApp); clicks on the
  footer's Quit key are moved elsewhere for the same reason.
- In the command palette: Enter, clicks and pastes (its Quit entries quit the app, and
  Textual's Screenshot writes a file); typing and arrows are fine.
- In a yes/no dialog (the Runs pane's delete): only Esc or n. y, Enter, Tab and
  clicks could confirm the delete of a run.
Any other screen on top (help, rename, KWIC, replay, the palette) gets Esc after 4–16
actions; one that five Escs cannot close is a failure.

    nice -n 10 python benchmarks/monkey.py [--actions 5000] [--seed 1] [--quick] [--trace FILE]

Prints progress every 100 actions and each action over 1 s. Writes
benchmarks/results/monkey.json.
"""

from __future__ import annotations

import asyncio
import faulthandler
import os
import random
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from common import base_parser, percentile, print_table, write_result

SIZES = ((80, 24), (120, 36))
LIMIT_S = 1.0  # every action handled within this
ACTION_TIMEOUT_S = 15.0  # past this an action counts as hung and the run is aborted
STALL_S = 90.0  # the event loop blocked this long: dump every thread's stack and exit
SETTLE_ROUNDS = 4
PROGRESS_EVERY = 100
UPKEEP_EVERY = 25  # training and sampling kept running
START_TIMEOUT_S = 60.0
CLOSE_WAIT_S = 20.0  # a closed app's training thread must end within this
QUICK_ACTIONS = 300

DENIED_KEYS = {"ctrl+q": "quits the app"}
CONFIRM_KEYS = ("escape", "n")  # all a yes/no dialog gets: anything else might confirm a delete
PALETTE_DENIED = {"enter": "runs the highlighted command, which may be Quit or Screenshot"}

PRINTABLE = [chr(c) for c in range(0x20, 0x7F)]
JAPANESE = list("あいうえおかきくけこんアイウエオン漢字猫吾輩名前。、「」『』ー・！？（）ｱｲｳ１２３　〜…")
CONTROL = [f"ctrl+{c}" for c in "abcdefghijklmnoprstuvwxyz"]  # no ctrl+q: see DENIED_KEYS
NAMED = (
    ["space", "tab", "shift+tab", "enter", "escape", "backspace", "delete", "insert"]
    + ["up", "down", "left", "right", "pageup", "pagedown", "home", "end"]
    + ["shift+up", "shift+down", "shift+left", "shift+right", "ctrl+left", "ctrl+right", "ctrl+home", "ctrl+end"]
    + [f"f{n}" for n in (1, 2, 3, 4, 8, 9, 10, 11, 12)]
)
BOUND = list("?/skrimpflrtc[]n") + ["f1", "f2", "f5", "f8", "ctrl+p", "ctrl+o", "ctrl+r", "ctrl+s", "ctrl+b", "ctrl+g"]
TRAINING = ["f6", "f7"]  # pause and stop: rare, so training mostly runs
PANES = list("123456")
KEY_GROUPS: tuple[tuple[list[str], float], ...] = (
    (PRINTABLE, 0.30),
    (JAPANESE, 0.10),
    (CONTROL, 0.07),
    (NAMED, 0.26),
    (BOUND, 0.195),
    (PANES, 0.07),  # each switch costs ~0.2-0.8 s here (Textual restyles and re-renders)
    (TRAINING, 0.005),
)
PASTES = (
    "吾輩は猫である。名前はまだ無い。",
    "こんにちは！今日は晴れです。",
    "「おはよう」と言った。\n『坊っちゃん』",
    "\x1b[31mred\x1b[0m\x00\x07\x08",
    "\t\n\r\x0c\x0b",
    "[bold]markup[/bold] [/] [red",
    "[link=file:///etc/passwd]x[/link]",
    "1e309",
    "-1",
    "nan",
    "inf",
    "0",
    "１２３",
    "9" * 400,
    "0.0001",
    "../../etc/passwd",
    "/dev/null",
    "\u202eevil\u202c e\u0301 \u200b\ufeff",
    "🦊🐈‍⬛" * 50,
    "こんにち" * 500,
    "猫" * 20_000,
)
# share of actions by kind; the rest are keys
CLICK_P, SCROLL_P, PASTE_P = 0.12, 0.03, 0.05


# ---- the watchdog -------------------------------------------------------------------------------
@dataclass
class Watchdog:
    """Dumps every thread's stack and exits if the event loop stops making progress.

    asyncio.wait_for catches an action that waits forever, but not one that blocks the
    event loop itself; this thread does, so the run ends with a report, never a hang.
    """

    on_stall: Any  # called with the reason, from the watchdog thread, before exiting
    deadline: float = field(default_factory=lambda: time.monotonic() + STALL_S)
    doing: str = "starting"

    def beat(self, doing: str, allow_s: float = STALL_S) -> None:
        """Progress: the next beat is due within allow_s."""
        self.doing, self.deadline = doing, time.monotonic() + allow_s

    def start(self) -> None:
        threading.Thread(target=self._watch, name="monkey-watchdog", daemon=True).start()

    def _watch(self) -> None:
        while True:
            time.sleep(1.0)
            if time.monotonic() > self.deadline:
                print(f"\nSTALL: no progress while {self.doing}; every thread's stack:", flush=True)
                faulthandler.dump_traceback(all_threads=True)
                self.on_stall(f"the event loop stalled while {self.doing}")
                os._exit(3)


# ---- what one size records ----------------------------------------------------------------------
@dataclass
class SizeRecord:
    """Counts, timings and problems of the monkey at one terminal size."""

    size: str
    keys: int = 0
    clicks: int = 0
    scrolls: int = 0
    pastes: int = 0
    seconds: float = 0.0
    key_times: list[float] = field(default_factory=list)
    other_times: dict[str, list[float]] = field(default_factory=lambda: {"click": [], "scroll": [], "paste": []})
    slow: list[dict[str, Any]] = field(default_factory=list)  # actions over LIMIT_S
    failures: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # expected refusals, worth reading
    panes: Counter[str] = field(default_factory=Counter)
    screens: Counter[str] = field(default_factory=Counter)
    denied: Counter[str] = field(default_factory=Counter)
    escapes_forced: int = 0
    while_training: int = 0  # actions sent while a run trained
    while_streaming: int = 0  # and while the Sample pane streamed
    training_starts: int = 0
    stream_restarts: int = 0
    runs: list[str] = field(default_factory=list)  # folders the monkey's training wrote
    steps: int = 0
    error_notices: Counter[str] = field(default_factory=Counter)
    aborted: str | None = None
    hung: bool = False

    @property
    def actions(self) -> int:
        return self.keys + self.clicks + self.scrolls + self.pastes

    def fail(self, kind: str, what: str, detail: str = "") -> None:
        self.failures.append({"kind": kind, "action": what, "detail": detail[-4000:]})
        print(f"  FAILURE {kind}: {what} {detail.splitlines()[-1] if detail else ''}", flush=True)

    def summary(self) -> dict[str, Any]:
        """The JSON for this size."""
        times = sorted(self.key_times)
        others = {k: round(max(v), 4) if v else None for k, v in self.other_times.items()}
        return {
            "size": self.size,
            "actions": self.actions,
            "keys_sent": self.keys,
            "clicks": self.clicks,
            "scrolls": self.scrolls,
            "pastes": self.pastes,
            "seconds": round(self.seconds, 1),
            "key_max_s": round(times[-1], 4) if times else None,
            "key_p99_s": round(percentile(times, 99), 4) if times else None,
            "key_p50_s": round(percentile(times, 50), 4) if times else None,
            "max_s_by_kind": others,
            "over_limit": len(self.slow),
            "over_limit_by_action": dict(Counter(s["action"] for s in self.slow).most_common()),
            "slowest": sorted(self.slow, key=lambda s: -s["s"])[:20],
            "failures": self.failures,
            "aborted": self.aborted,
            "actions_by_pane": dict(self.panes),
            "actions_by_top_screen": dict(self.screens),
            "denied": dict(self.denied),
            "escapes_forced": self.escapes_forced,
            "actions_while_training": self.while_training,
            "actions_while_streaming": self.while_streaming,
            "training_starts": self.training_starts,
            "stream_restarts": self.stream_restarts,
            "last_run_steps": self.steps,
            "runs": self.runs,
            "error_notices": dict(self.error_notices.most_common(30)),
            "notes": self.notes[:30],
        }


def label(size: tuple[int, int]) -> str:
    """80x24 for (80, 24): how sizes are named in the JSON and the trace."""
    return f"{size[0]}x{size[1]}"


def short(text: str, n: int = 40) -> str:
    """A printable, bounded form of an action's text for logs."""
    r = repr(text)
    return r if len(r) <= n else f"{r[:n]}…({len(text)} chars)"


# ---- observing the app --------------------------------------------------------------------------
class Observer:
    """Sees every message the app dispatches (run_test's message_hook) and every notice,
    and keeps what signals a failure: worker errors, training that stopped on an
    exception, and any exception in a thread or on the event loop."""

    def __init__(self) -> None:
        self.record: SizeRecord | None = None
        self._seen: dict[int, Any] = {}  # id -> message; holding it keeps the id unique

    def _once(self, message: Any) -> bool:
        """True the first time a (bubbling) message is seen."""
        if id(message) in self._seen:
            return False
        self._seen[id(message)] = message
        return True

    def hook(self, message: Any) -> None:
        """run_test's message_hook: called on the event loop for each dispatch."""
        from textual.worker import Worker, WorkerState

        from lstm_tui.core.events import Failed
        from lstm_tui.ui.messages import StreamEnded, TrainerReady, TrainingEnded, TrainingEvent

        rec = self.record
        if rec is None:
            return
        if isinstance(message, Worker.StateChanged) and message.state == WorkerState.ERROR:
            worker = message.worker
            error = worker.error
            tb = "".join(traceback.format_exception(type(error), error, error.__traceback__)) if error else ""
            rec.fail("worker error", f"worker {worker.name!r} (group {worker.group!r})", tb)
        elif isinstance(message, TrainerReady) and self._once(message):
            rec.runs.append(str(message.out))
        elif isinstance(message, TrainingEnded) and message.error and self._once(message):
            # run_training wraps any exception as "training stopped: …" or "could not
            # start training: …"; a UserError (a bad corpus or setting) is expected here
            if message.error.startswith(("training stopped:", "could not start training:")):
                rec.fail("training error", "training ended", message.error)
            else:
                rec.notes.append(f"training refused: {message.error}")
        elif isinstance(message, TrainingEvent) and isinstance(message.event, Failed) and self._once(message):
            rec.notes.append(f"training failed (a diverging lr typed in?): {message.event.message}")
        elif isinstance(message, StreamEnded) and message.error and self._once(message):
            rec.notes.append(f"stream ended with: {message.error}")

    def notice(self, severity: str, message: str) -> None:
        """Every app.notify; errors are counted by their first words (they are expected
        from hostile input: a bad learning rate, a missing file…)."""
        if self.record is not None and severity == "error":
            self.record.error_notices[" ".join(str(message).split())[:70]] += 1

    def thread_exception(self, args: threading.ExceptHookArgs) -> None:
        """threading.excepthook: an exception that ended a plain thread."""
        tb = "".join(traceback.format_exception(args.exc_type, args.exc_value, args.exc_traceback))
        if self.record is not None:
            self.record.fail("thread exception", f"thread {getattr(args.thread, 'name', '?')}", tb)

    def loop_exception(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        """The event loop's exception handler: a task's exception nobody retrieved."""
        exc = context.get("exception")
        tb = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)) if exc else ""
        if self.record is not None:
            self.record.fail("event loop exception", str(context.get("message")), tb)


# ---- sending input as the terminal driver does ---------------------------------------------------
def key_event(key: str) -> Any:
    """The Key event a terminal would deliver for `key` (a name or one character), as
    App._press_keys builds it; Ctrl+letter carries its control character."""
    import unicodedata

    from textual import events
    from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    original = REPLACED_KEYS.get(key, key)
    char: str | None
    try:
        char = unicodedata.lookup(_get_unicode_name_from_key(original))
    except KeyError:
        char = key if len(key) == 1 else None
    if char is None and key.startswith("ctrl+") and len(key) == 6 and key[5].isalpha():
        char = chr(ord(key[5]) & 0x1F)
    return events.Key(key, char)


def mouse_events(kind: str, x: int, y: int) -> list[Any]:
    """The mouse events a terminal sends for a click or a wheel turn at (x, y)."""
    from textual import events

    def make(cls: Any, button: int) -> Any:
        return cls(None, x, y, 0, 0, button, False, False, False, screen_x=x, screen_y=y)

    if kind == "click":  # the app makes the Click from a down and an up on one widget
        return [make(events.MouseMove, 0), make(events.MouseDown, 1), make(events.MouseUp, 1)]
    cls = events.MouseScrollDown if kind == "scroll-down" else events.MouseScrollUp
    return [make(events.MouseMove, 0), make(cls, 0)]


def pending(app: Any) -> list[Any]:
    """The app and the widgets of the top screen that have messages waiting."""
    return [node for node in [app, *app.screen.walk_children(with_self=True)] if not node._message_queue.empty()]


async def barrier(app: Any, nodes: set[Any]) -> None:
    """Until each of `nodes` has handled what was queued to it before now (the Pilot's
    own barrier, Pilot._wait_for_screen, but on these nodes rather than every widget)."""
    left = 0
    done = asyncio.Event()

    def one_done() -> None:
        nonlocal left
        left -= 1
        if left == 0:
            done.set()

    for node in nodes:
        left += bool(node.call_later(one_done))
    if left:  # done, or the app crashed (then some nodes never get to it)
        waits = [asyncio.ensure_future(done.wait()), asyncio.ensure_future(app._exception_event.wait())]
        try:
            await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for w in waits:
                w.cancel()


async def settle(app: Any) -> None:
    """Until an action is handled: rounds of barriers on the app, the top screen, the
    focused widget with its ancestors (where a key and its bubbling go) and every
    widget with messages waiting, while any are waiting, at most SETTLE_ROUNDS. A key
    posts messages that post messages, so one round is not enough; a barrier on all
    ~250 widgets each round costs 20-80 ms by itself while training holds the GIL."""
    for i in range(SETTLE_ROUNDS):
        focused = app.screen.focused
        chain = {app, app.screen, *([focused, *focused.ancestors_with_self] if focused is not None else [])}
        busy = pending(app)
        if i and not busy:
            break
        await barrier(app, chain | set(busy))


# ---- one size -----------------------------------------------------------------------------------
class Monkey:
    """The random actions at one terminal size, and the upkeep that keeps training and
    sampling running between them."""

    def __init__(self, app: Any, rec: SizeRecord, rng: random.Random, dog: Watchdog, trace: Any = None) -> None:
        self.app, self.rec, self.rng, self.dog = app, rec, rng, dog
        self.trace = trace  # a text file: every action and its time, one a line (--replay reads it)
        self.upkeeping = False  # actions sent by the upkeep, not the monkey: a replay makes its own
        self.width, self.height = app.size.width, app.size.height
        self.on_modal = 0  # actions in a row with a screen over the main one
        self.escape_after = rng.randint(4, 16)
        self.escapes_in_vain = 0

    # -- where the app is
    def base(self) -> Any:
        return self.app.screen_stack[0]

    def top_name(self) -> str:
        return type(self.app.screen).__name__

    def pane_name(self) -> str:
        from textual.widgets import TabbedContent

        return str(self.base().query_one(TabbedContent).active)

    def train_pane(self) -> Any:
        from lstm_tui.ui.panes.train import TrainPane

        return self.base().query_one(TrainPane)

    def sample_pane(self) -> Any:
        from lstm_tui.ui.panes.sample import SamplePane

        return self.base().query_one(SamplePane)

    def alive(self) -> str | None:
        """Why the app cannot take more input (crashed or exited), or None."""
        if self.app._exception is not None:
            exc = self.app._exception
            return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        if not self.app.is_running or self.app.return_code is not None:
            return f"the app exited (return code {self.app.return_code})"
        return None

    # -- timed actions
    async def timed(self, kind: str, what: str, send: Any) -> bool:
        """Send one action and wait until it is handled; record its time. False when the
        run must stop (the app died, or the action hung)."""
        pane, top = self.pane_name(), self.top_name()  # where it was sent
        self.rec.panes[pane] += 1
        self.rec.screens[top] += 1
        self.rec.while_training += self.train_pane().is_training
        self.rec.while_streaming += self.sample_pane().streaming
        self.dog.beat(f"{kind} {what} ({self.rec.size}, action {self.rec.actions + 1})")
        t0 = time.perf_counter()
        try:
            send()
            await asyncio.wait_for(settle(self.app), ACTION_TIMEOUT_S)
        except (asyncio.TimeoutError, TimeoutError):
            self.rec.fail("hung", f"{kind} {what}", f"not handled within {ACTION_TIMEOUT_S:.0f} s")
            self.rec.aborted = f"{kind} {what} was not handled within {ACTION_TIMEOUT_S:.0f} s"
            self.rec.hung = True
            return False
        took = time.perf_counter() - t0
        dead = self.alive()
        if dead is not None:
            self.rec.fail("app exception", f"after {kind} {what}", dead)
            self.rec.aborted = f"the app died after {kind} {what}"
            return False
        self.count(kind, took)
        if self.trace is not None:
            source = "upkeep" if self.upkeeping else "monkey"
            self.trace.write(f"{self.rec.size}\t{source}\t{kind}\t{what}\t{took:.4f}\t{pane}\t{top}\n")
        if took > LIMIT_S:
            where = f"{pane} pane" if top == "Screen" else top
            self.rec.slow.append({"action": f"{kind} {what}", "s": round(took, 3), "on": where, "n": self.rec.actions})
            print(f"  over {LIMIT_S:g} s: {kind} {what} on {where}: {took:.2f} s", flush=True)
        return True

    def count(self, kind: str, took: float) -> None:
        """Count a handled action and keep its time."""
        if kind == "key":
            self.rec.keys += 1
            self.rec.key_times.append(took)
            return
        self.rec.other_times["scroll" if kind.startswith("scroll") else kind].append(took)
        if kind == "click":
            self.rec.clicks += 1
        elif kind == "paste":
            self.rec.pastes += 1
        else:
            self.rec.scrolls += 1

    async def key(self, key: str) -> bool:
        event = key_event(key)
        event.set_sender(self.app)
        return await self.timed("key", key, lambda: self.app.post_message(event))

    async def mouse(self, kind: str, x: int, y: int) -> bool:
        def send() -> None:
            for event in mouse_events(kind, x, y):
                self.app.post_message(event)

        return await self.timed(kind, f"{x},{y} {self.widget_at(x, y)}", send)

    def widget_at(self, x: int, y: int) -> str:
        """What the screen shows at (x, y), as Type#id (for the trace and failures)."""
        try:
            widget, _ = self.app.get_widget_at(x, y)
        except Exception as exc:  # noqa: BLE001 - only a label
            return f"({type(exc).__name__})"
        detached = "" if widget.parent is not None else "(detached)"
        return f"{type(widget).__name__}{'#' + widget.id if widget.id else ''}{detached}"

    async def paste(self, text: str) -> bool:
        from textual import events

        what = f"{PASTES.index(text)}:{short(text)}"  # the index lets --replay paste it again
        return await self.timed("paste", what, lambda: self.app.post_message(events.Paste(text)))

    async def replay(self, kind: str, what: str) -> bool:
        """Send one action as a trace line records it (--replay)."""
        if kind == "key":
            return await self.key(what)
        if kind == "paste":
            return await self.paste(PASTES[int(what.split(":", 1)[0])])
        x, y = (int(v) for v in what.split()[0].split(","))
        return await self.mouse(kind, x, y)

    # -- choosing an action
    def pick_key(self) -> str:
        r, acc = self.rng.random(), 0.0
        for keys, weight in KEY_GROUPS:
            acc += weight
            if r < acc:
                return self.rng.choice(keys)
        return self.rng.choice(PRINTABLE)

    def click_denied(self, x: int, y: int) -> str | None:
        """Why a click at (x, y) must not be sent: the footer's Quit key quits."""
        from textual.widgets._footer import FooterKey

        try:
            widget, _ = self.app.get_widget_at(x, y)
        except Exception:
            return None
        for node in [widget, *widget.ancestors]:
            if isinstance(node, FooterKey) and node.action.split(".")[-1] == "quit":
                return "click on the footer's Quit"
        return None

    async def step(self) -> bool:
        """One random action, within the rules for the screen on top."""
        from textual.command import CommandPalette

        from lstm_tui.ui.dialogs import ConfirmScreen

        top = self.app.screen
        modal = len(self.app.screen_stack) > 1
        self.on_modal = self.on_modal + 1 if modal else 0
        if isinstance(top, ConfirmScreen):
            return await self.escape_modal(self.rng.choice(CONFIRM_KEYS))
        if modal and self.on_modal > self.escape_after:
            return await self.escape_modal("escape")
        palette = isinstance(top, CommandPalette)
        r = self.rng.random()
        if r < CLICK_P + SCROLL_P and not palette:
            for _ in range(20):
                x, y = self.rng.randrange(self.width), self.rng.randrange(self.height)
                reason = self.click_denied(x, y)
                if reason is None:
                    kind = "click" if r < CLICK_P else self.rng.choice(("scroll-down", "scroll-up"))
                    return await self.mouse(kind, x, y)
                self.rec.denied[reason] += 1
        if r < CLICK_P + SCROLL_P + PASTE_P and not palette:
            return await self.paste(self.rng.choice(PASTES))
        key = self.pick_key()
        if key in DENIED_KEYS or (palette and key in PALETTE_DENIED):
            self.rec.denied[key] += 1
            key = "escape" if palette else "tab"
        return await self.key(key)

    async def escape_modal(self, key: str) -> bool:
        """Leave a screen over the main one; one that Esc cannot close is a failure."""
        name, depth = self.top_name(), len(self.app.screen_stack)
        self.rec.escapes_forced += 1
        ok = await self.key(key)
        if ok and len(self.app.screen_stack) >= depth and key == "escape":
            self.escapes_in_vain += 1
            if self.escapes_in_vain >= 5:
                self.rec.fail("stuck", f"screen {name}", "five Escapes did not close it")
                self.rec.aborted = f"could not leave {name}"
                return False
        else:
            self.escapes_in_vain = 0
            self.on_modal = 0
            self.escape_after = self.rng.randint(4, 16)
        return ok

    # -- keeping training and sampling running
    async def wait_until(self, cond: Any, timeout: float, what: str) -> bool:
        deadline = time.monotonic() + timeout
        while not cond():
            if time.monotonic() > deadline or self.alive() is not None:
                return False
            self.dog.beat(f"waiting for {what}")
            await asyncio.sleep(0.05)
        return True

    async def start_training(self) -> bool:
        """Reset the Train form to the tiny model, new run from scratch, and press F5."""
        from textual.widgets import Select

        from lstm_tui.ui.widgets.start_from import NEW_RUN
        from lstm_tui.ui.widgets.train_form import TrainForm
        from tests.ui.helpers import fill_tiny

        pane = self.train_pane()
        resume = pane.query_one("#resume", Select)
        if resume.value != NEW_RUN:  # a random Resume (r on the Runs pane) chose a saved run
            resume.value = NEW_RUN
            await settle(self.app)
        form = pane.query_one(TrainForm)
        preset = form.query_one("#f-preset", Select)
        if preset.value != "default":
            preset.value = "default"
            await settle(self.app)
        form.refill_preset()  # whatever was typed into the form while no run trained
        fill_tiny(self.app)
        await settle(self.app)
        if not await self.key("f5"):
            return False
        self.rec.training_starts += 1
        started = await self.wait_until(
            lambda: pane.trainer is not None and pane.step > 0, START_TIMEOUT_S, "training to start"
        )
        if not started:
            self.rec.notes.append(f"training did not start: {self.app.notices[-1:]}")
        return started

    async def upkeep(self) -> bool:
        """Between actions: training running and not paused, a stream running."""
        self.upkeeping = True
        try:
            return await self._upkeep()
        finally:
            self.upkeeping = False

    async def _upkeep(self) -> bool:
        if len(self.app.screen_stack) > 1:
            return True  # the escape rule closes it first
        pane = self.train_pane()
        if not pane.is_training:
            if not await self.start_training():
                return self.alive() is None
        elif pane.trainer is not None and pane.trainer.paused:
            pane.toggle_pause()  # what F6 does, without switching focus
        sample = self.sample_pane()
        if not sample.streaming:  # Esc, or the stream reached its length
            self.rec.stream_restarts += 1
            # what F8 does, without switching to the Sample pane (F8 itself is in the key pool)
            if not sample.start_stream():  # the monkey typed a bad length, top-k or seed
                self.repair_sampling()
                sample.start_stream()
            await settle(self.app)
        return True

    def repair_sampling(self) -> None:
        """Sampling settings that start a long stream from the live run."""
        from textual.widgets import Input

        sample = self.sample_pane()
        for name, value in (("length", "20000"), ("top-k", ""), ("seed", "")):
            sample.query_one(f"#sample-{name}", Input).value = value

    # -- the whole size
    async def run(self, actions: int, started: float, script: list[tuple[str, str]] | None = None) -> None:
        """Set up training and sampling, then `actions` random actions (or the script's)."""
        ok = await self.wait_until(lambda: self.train_pane().corpus_path is not None, 30, "the corpus")
        if not ok:
            self.rec.fail("setup", "waiting for the corpus", "no corpus after 30 s")
            self.rec.aborted = "setup"
            return
        self.upkeeping = True  # the setup's keys are not the monkey's
        ready = await self.key("2") and await self.start_training()
        self.upkeeping = False
        if not ready:
            self.rec.fail("setup", "starting training", str(self.app.notices[-3:]))
            self.rec.aborted = "setup"
            return
        self.repair_sampling()
        if not await self.upkeep():
            self.rec.aborted = self.rec.aborted or "setup"
            return
        if script is not None:
            actions = len(script)
        for i in range(1, actions + 1):
            if not await (self.step() if script is None else self.replay(*script[i - 1])):
                return
            if i % UPKEEP_EVERY == 0 and not await self.upkeep():
                return
            if i % PROGRESS_EVERY == 0 or i == actions:
                self.progress(i, actions, started)

    def progress(self, i: int, actions: int, started: float) -> None:
        pane = self.train_pane()
        worst = max(self.rec.key_times, default=0.0)
        print(
            f"[{self.rec.size}] {i:>5}/{actions} actions  {time.perf_counter() - started:6.1f} s  "
            f"key max {worst:.3f} s  over {LIMIT_S:g} s {len(self.rec.slow)}  failures {len(self.rec.failures)}  "
            f"pane {self.pane_name():<9} "
            f"top {self.top_name():<14} step {pane.step:>6,}  training {'yes' if pane.is_training else 'no '}  "
            f"streaming {'yes' if self.sample_pane().streaming else 'no'}",
            flush=True,
        )

    async def finish(self) -> None:
        """Stop training as F7 does and wait until the run is saved."""
        while len(self.app.screen_stack) > 1 and self.alive() is None:
            self.app.pop_screen()
            await settle(self.app)
        pane = self.train_pane()
        self.rec.steps = pane.step
        self.sample_pane().stop_stream()
        if pane.is_training:
            self.app.action_stop_training()
            if not await self.wait_until(lambda: not pane.is_training, START_TIMEOUT_S, "the run to be saved"):
                self.rec.fail("stop", "F7 at the end", f"training still running {START_TIMEOUT_S:.0f} s after Stop")
        await settle(self.app)


@dataclass
class Kit:
    """What every size shares: the random source, the observer, the watchdog, the trace."""

    rng: random.Random
    obs: Observer
    dog: Watchdog
    trace: Any = None


async def one_size(size: tuple[int, int], actions: int, kit: Kit, script: list[tuple[str, str]] | None) -> SizeRecord:
    """The monkey at one terminal size, in a fresh app: `actions` random actions, or the script's."""
    from lstm_tui.ui.app import LstmTuiApp

    rec = SizeRecord(label(size))
    kit.obs.record = rec
    asyncio.get_running_loop().set_exception_handler(kit.obs.loop_exception)
    app = LstmTuiApp(load_demo=False)
    original_notify = app.notify

    def notify(message: str, **kwargs: Any) -> None:  # observe every notice, then show it
        kit.obs.notice(str(kwargs.get("severity", "information")), message)
        original_notify(message, **kwargs)

    app.notify = notify  # type: ignore[method-assign]
    started = time.perf_counter()
    print(f"[{rec.size}] starting: {len(script) if script is not None else actions} actions", flush=True)
    pane = None
    try:
        async with app.run_test(size=size, notifications=True, message_hook=kit.obs.hook):
            monkey = Monkey(app, rec, kit.rng, kit.dog, kit.trace)
            pane = monkey.train_pane()
            await monkey.run(actions, started, script)
            kit.dog.beat("stopping training", START_TIMEOUT_S + 30)
            if monkey.alive() is None:
                await monkey.finish()
            kit.dog.beat("closing the app", 60)
    except Exception:  # run_test re-raises what crashed the app
        rec.fail("app exception", "run_test", traceback.format_exc())
    if pane is not None:
        await training_thread_ends(pane, rec, kit.dog)
    rec.seconds = time.perf_counter() - started
    return rec


async def training_thread_ends(pane: Any, rec: SizeRecord, dog: Watchdog) -> None:
    """After the app has closed (normally, or after a crash), its training thread must
    end by itself; if it does not, that is a failure, and the monkey stops the trainer
    so that this process can exit (asyncio.run waits for the thread)."""
    for rescue in (False, True):
        dog.beat("waiting for the training thread to end", CLOSE_WAIT_S + 30)
        deadline = time.monotonic() + CLOSE_WAIT_S
        while pane.is_training and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        if not pane.is_training:
            return
        if not rescue:
            paused = pane.trainer is not None and pane.trainer.paused
            detail = f"its training thread was still running {CLOSE_WAIT_S:.0f} s later (run paused: {paused})"
            rec.fail("hang at exit", "the app closed", detail + "; the monkey stopped the trainer")
            if pane.trainer is not None:
                pane.trainer.stop()


def read_script(path: Path) -> dict[str, list[tuple[str, str]]]:
    """The monkey's own actions in a --trace file, by size ("80x24"), for --replay."""
    script: dict[str, list[tuple[str, str]]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        size, source, kind, what, *_ = line.split("\t")
        if source == "monkey":
            script.setdefault(size, []).append((kind, what))
    return script


# ---- runs left behind ---------------------------------------------------------------------------
def check_runs(models: Path, trained: list[str], last: list[str]) -> tuple[list[dict[str, Any]], list[str]]:
    """Load every run folder in the scratch models folder (best and last weights); the
    figures and the failures. `last` (each size's final run) must be among them."""
    from lstm_tui.core.checkpoint import load_run
    from lstm_tui.core.runfiles import list_runs

    rows, failures = [], []
    folders = list_runs(models)
    for run in folders:
        row: dict[str, Any] = {"run": run.name, "trained_by_monkey": str(run) in trained}
        try:
            for weights in ("best", "last"):
                loaded = load_run(run, weights=weights)
            row.update(loads=True, step=loaded.progress.step, vocab=len(loaded.vocab))
        except Exception as exc:  # noqa: BLE001 - a run that does not load fails the test
            row.update(loads=False, error=f"{type(exc).__name__}: {exc}")
            failures.append(f"{run.name} does not load: {type(exc).__name__}: {exc}")
        rows.append(row)
    loaded = {str(models / r["run"]) for r in rows if r["loads"]}
    failures += [f"the final run {Path(run).name} was not saved or does not load" for run in last if run not in loaded]
    if not last:
        failures.append("the monkey trained no run")
    return rows, failures


# ---- main ---------------------------------------------------------------------------------------
Plan = list[tuple[tuple[int, int], int]]  # each terminal size with its number of actions


def build_result(args: Any, plan: Plan, sizes: list[SizeRecord], runs: list[dict[str, Any]], run_failures: list[str],
                 seconds: float, stall: str | None = None) -> dict[str, Any]:  # fmt: skip
    """Everything the JSON records; `plan` is each size with its number of actions."""
    actions = sum(n for _, n in plan)
    failures = [f"{s.size}: {f['kind']}: {f['action']}" for s in sizes for f in s.failures]
    failures += [f"{s.size}: {len(s.slow)} actions over {LIMIT_S:g} s" for s in sizes if s.slow]
    failures += run_failures
    if stall:
        failures.append(stall)
    complete = len(sizes) == len(plan) and all(s.aborted is None for s in sizes)
    return {
        "command": "nice -n 10 .venv/bin/python benchmarks/monkey.py"
        + (f" --replay {args.replay.name}" if args.replay else " --quick" if args.quick else f" --actions {actions}")
        + f" --seed {args.seed}",
        "seed": args.seed,
        "quick": args.quick,
        "actions_requested": actions,
        "keys_sent": sum(s.keys for s in sizes),
        "clicks": sum(s.clicks for s in sizes),
        "scrolls": sum(s.scrolls for s in sizes),
        "pastes": sum(s.pastes for s in sizes),
        "actions": sum(s.actions for s in sizes),
        "seconds": round(seconds, 1),
        "limit_s": LIMIT_S,
        "failures": failures,
        "passed": complete and not failures,
        "sizes": [s.summary() for s in sizes],
        "runs": runs,
        "deny_list": {
            **DENIED_KEYS,
            **{f"palette {k}": v for k, v in PALETTE_DENIED.items()},
            "yes/no dialog": f"only {' or '.join(CONFIRM_KEYS)}: anything else might delete a run",
            "footer Quit click": "quits the app",
        },  # fmt: skip
    }


def use_scratch_folders(tmp: Path) -> Path:
    """Point the app at a scratch home and the tiny bundled corpora (as tests/ui does);
    returns the scratch models folder. Nothing in the user's folders is touched."""
    os.environ["LSTM_TUI_HOME"] = str(tmp / "home")  # runs, settings, exports: all in here
    os.chdir(tmp)  # anything written to the working folder (a screenshot) lands here too
    import torch

    import lstm_tui.paths as paths
    from tests.ui.helpers import write_bundle

    torch.set_num_threads(1)  # as the app does: the event loop keeps a core
    corpora, models = write_bundle(tmp / "bundle")
    paths.bundled_corpora_dir = lambda: corpora
    paths.bundled_models_dir = lambda: models
    return paths.user_models_dir()


def report(result: dict[str, Any]) -> None:
    """The table and the failures, on stdout."""
    rows = [[s["size"], s["actions"], s["keys_sent"], s["clicks"] + s["scrolls"], s["pastes"], s["seconds"],
             s["key_max_s"], s["key_p99_s"], s["over_limit"], len(s["failures"])] for s in result["sizes"]]  # fmt: skip
    headers = ["size", "actions", "keys", "clicks", "pastes", "seconds", "key max s", "key p99 s", "over 1 s"]
    headers.append("failures")
    print_table(headers, rows, title="monkey test")
    print(f"runs: {len(result['runs'])}, all load: {all(r['loads'] for r in result['runs'])}")
    for failure in result["failures"]:
        print(f"FAILURE {failure}")
    print("PASS" if result["passed"] else "FAIL")


def main() -> int:
    """Both sizes in a scratch home, then every run must load; print and write the figures."""
    p = base_parser(__doc__.split("\n\n")[0])
    p.add_argument("--actions", type=int, default=5000, help="random actions in all, split over the two sizes")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--trace", type=Path, help="write every action with its time to this file (tab-separated)")
    p.add_argument("--replay", type=Path, help="send the actions of a --trace file again (writes monkey_replay.json)")
    args = p.parse_args()
    actions = QUICK_ACTIONS if args.quick else args.actions
    scripts = read_script(args.replay) if args.replay else {}
    plan = [(size, actions // len(SIZES) + (i < actions % len(SIZES))) for i, size in enumerate(SIZES)]
    if args.replay:
        plan = [(size, len(scripts[label(size)])) for size in SIZES if label(size) in scripts]
    name = "monkey_replay" if args.replay else "monkey"
    out_dir = args.out_dir.resolve()  # before the chdir below
    trace_path = args.trace.resolve() if args.trace else None
    started = time.perf_counter()
    sizes: list[SizeRecord] = []

    def on_stall(reason: str) -> None:  # from the watchdog thread: the size under way too
        current = kit.obs.record
        done = sizes + ([current] if current is not None and all(current is not s for s in sizes) else [])
        result = build_result(args, plan, done, [], [], time.perf_counter() - started, reason)
        write_result(name, result, out_dir)

    with tempfile.TemporaryDirectory(prefix="lstm-tui-monkey-") as tmp:
        models = use_scratch_folders(Path(tmp))
        kit = Kit(random.Random(args.seed), Observer(), Watchdog(on_stall))
        kit.trace = trace_path.open("w", encoding="utf-8", buffering=1) if trace_path else None
        threading.excepthook = kit.obs.thread_exception
        kit.dog.start()
        for size, n in plan:
            sizes.append(asyncio.run(one_size(size, n, kit, scripts.get(label(size)))))
            if sizes[-1].hung:  # a wedged app's threads would skew the next size; a crashed one's do not
                break
        kit.dog.beat("loading the runs", 120)
        trained = [r for s in sizes for r in s.runs]
        runs, run_failures = check_runs(models, trained, [s.runs[-1] for s in sizes if s.runs])
        kit.dog.beat("done", 10**9)
    result = build_result(args, plan, sizes, runs, run_failures, time.perf_counter() - started)
    report(result)
    print(f"wrote {write_result(name, result, out_dir)}")
    return 0 if result["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
