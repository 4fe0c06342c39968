"""The hyperparameter form of the Train pane: preset, validated inputs, device.

Each input is checked by the core's own TrainConfig.validate (so the UI and the CLI
agree on what is allowed) plus tighter caps that keep a CPU machine from freezing or
running out of memory. A bad value gets Textual's -invalid class where it is, and
`errors()` lists the reasons for the pane to show beside a disabled Start.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Grid
from textual.validation import ValidationResult, Validator
from textual.widgets import Input, Label, Select

from lstm_tui.core.config import CELLS, OPTIMIZERS, PRESETS, TrainConfig, preset, preset_for
from lstm_tui.errors import ConfigError

MAX_POSITIONS = 65_536  # batch size × seq len: bounds the logits tensor's memory


@dataclass(frozen=True)
class Field:
    """One numeric hyperparameter: config name, label, type, UI bounds, optional."""

    name: str
    label: str
    kind: type
    lo: float
    hi: float
    optional: bool = False


FIELDS: tuple[Field, ...] = (
    Field("hidden", "hidden", int, 1, 4096),
    Field("layers", "layers", int, 1, 8),
    Field("embed", "embed", int, 1, 1024),
    Field("seq_len", "seq len", int, 1, 1024),
    Field("batch_size", "batch size", int, 1, 1024),
    Field("lr", "learning rate", float, 1e-8, 1e6),  # the trainer stops a diverging run itself
    Field("dropout", "dropout", float, 0.0, 0.95),
    Field("time_limit", "time limit s", float, 0.1, 7 * 86400.0, optional=True),
    Field("steps", "steps", int, 1, 10**9, optional=True),
    Field("seed", "seed", int, 0, 2**31 - 1),
)
FIELD_BY_NAME = {f.name: f for f in FIELDS}
ARCHITECTURE = ("hidden", "layers", "embed")  # fixed when resuming a run


def parse(field: Field, text: str) -> int | float | None:
    """The value typed for a field, or ConfigError saying what is wrong with it."""
    raw = text.strip().replace(",", "")
    if not raw:
        if field.optional:
            return None
        raise ConfigError(f"{field.label} is required")
    try:
        value: int | float = int(raw) if field.kind is int else float(raw)
    except ValueError:
        kind = "a whole number" if field.kind is int else "a number"
        raise ConfigError(f"{field.label} must be {kind}, not {raw[:20]!r}") from None
    if isinstance(value, float) and not math.isfinite(value):
        raise ConfigError(f"{field.label} must be a finite number, not {raw[:20]}")
    if not field.lo <= value <= field.hi:
        hi = f"{field.hi:g}" if field.kind is float else f"{int(field.hi):,}"
        raise ConfigError(f"{field.label} must be between {field.lo:g} and {hi}")
    return value


class FieldValidator(Validator):
    """Checks one input against its Field and the core's TrainConfig.validate."""

    def __init__(self, field: Field, base: Callable[[], TrainConfig]) -> None:
        super().__init__()
        self.field = field
        self.base = base

    def validate(self, value: str) -> ValidationResult:
        base = self.base()
        if self.field.name == "embed" and base.one_hot:
            return self.success()  # one-hot input: no embedding to size
        try:
            parsed = parse(self.field, value)
            if parsed is not None:
                dataclasses.replace(base, **{self.field.name: parsed}).validate()
        except ConfigError as exc:
            return self.failure(str(exc))
        return self.success()


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


class TrainForm(Grid):
    """Label/control pairs for every setting; `config()` builds the TrainConfig."""

    def __init__(self, devices: list[str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.devices = devices
        self.base: TrainConfig = preset("default")
        self.corpus_size: tuple[int, int] | None = None  # (distinct characters, characters)

    def compose(self) -> ComposeResult:
        yield Label("preset")
        yield Select([(n, n) for n in PRESETS], value="default", allow_blank=False, compact=True, id="f-preset")
        for f in FIELDS:
            yield Label(f.label)
            placeholder = "none" if f.optional else ""
            yield Input(
                id=f"f-{f.name}",
                validators=[FieldValidator(f, lambda: self.base)],
                valid_empty=False,
                placeholder=placeholder,
                compact=True,
            )
        yield Label("optimizer")
        yield Select([(o, o) for o in OPTIMIZERS], value="adam", allow_blank=False, compact=True, id="f-optimizer")
        yield Label("cell")
        yield Select([(c, c) for c in CELLS], value="fused", allow_blank=False, compact=True, id="f-cell")
        yield Label("device")
        options = [(f"auto ({self.devices[0]})", "auto")] + [(d, d) for d in self.devices]
        yield Select(options, value="auto", allow_blank=False, compact=True, id="f-device")

    def on_mount(self) -> None:
        self.fill(self.base.with_(time_limit=60.0))

    def _preset(self, name: str) -> TrainConfig:
        if self.corpus_size is None:
            return preset(name)
        return preset_for(name, *self.corpus_size)

    def fit_to_corpus(self, vocab: int, chars: int) -> None:
        """Refill the default preset for this corpus's size, unless a run is being resumed."""
        self.corpus_size = (vocab, chars)
        chosen = self.query_one("#f-preset", Select)
        if chosen.value == "default" and not chosen.disabled:
            self._refill("default")

    def refill_preset(self) -> None:
        """Fill the chosen preset's values again (a run from scratch after a fine-tune
        filled the form); the typed budget is kept."""
        self._refill(str(self.query_one("#f-preset", Select).value))

    def _refill(self, name: str) -> None:
        budget = {n: self.query_one(f"#f-{n}", Input).value for n in ("time_limit", "steps")}
        self.fill(self._preset(name))
        for field_name, text in budget.items():
            self.query_one(f"#f-{field_name}", Input).value = text

    def set_devices(self, devices: list[str]) -> None:
        """Offer the devices a probe found, keeping the current choice where it still exists."""
        self.devices = devices
        select = self.query_one("#f-device", Select)
        current = select.value
        select.set_options([(f"auto ({devices[0]})", "auto")] + [(d, d) for d in devices])
        select.value = current if current in ("auto", *devices) else "auto"

    def fill(self, config: TrainConfig) -> None:
        """Show a config's values in every control (a preset or a saved run)."""
        self.base = dataclasses.replace(config, steps=None, time_limit=None)
        chosen = self.query_one("#f-preset", Select)
        if config.preset in PRESETS and chosen.value != config.preset:
            # the box names what the fields hold (a fine-tune fill is the default preset's);
            # quietly: a chosen preset would refill the fields
            with chosen.prevent(Select.Changed):
                chosen.value = config.preset
        for f in FIELDS:
            box = self.query_one(f"#f-{f.name}", Input)
            if f.name == "embed" and config.one_hot:
                box.value, box.disabled = "one-hot", True
            else:
                box.value = _shown(getattr(config, f.name))
                box.disabled = False
        self.query_one("#f-optimizer", Select).value = config.optimizer
        self.query_one("#f-cell", Select).value = config.cell

    def lock_architecture(self, locked: bool) -> None:
        """Resuming a run: its model size and preset cannot change."""
        for name in ARCHITECTURE:
            box = self.query_one(f"#f-{name}", Input)
            box.disabled = locked or (name == "embed" and self.base.one_hot)
        self.query_one("#f-cell", Select).disabled = locked
        self.query_one("#f-preset", Select).disabled = locked

    def errors(self) -> list[str]:
        """Every reason the form cannot start a run (marking bad inputs -invalid)."""
        out: list[str] = []
        for f in FIELDS:
            box = self.query_one(f"#f-{f.name}", Input)
            if box.disabled:
                continue
            result = box.validate(box.value)
            if result is not None and not result.is_valid:
                out.extend(result.failure_descriptions)
        if not out:
            try:
                config = self.config()
            except ConfigError as exc:
                return [str(exc)]
            if config.batch_size * config.seq_len > MAX_POSITIONS:
                out.append(f"batch size × seq len must be at most {MAX_POSITIONS:,} (memory)")
        return out

    def config(self) -> TrainConfig:
        """The validated TrainConfig the form describes; ConfigError if it is not valid."""
        changes: dict[str, object] = {}
        for f in FIELDS:
            box = self.query_one(f"#f-{f.name}", Input)
            if f.name == "embed" and self.base.one_hot:
                continue
            changes[f.name] = parse(f, box.value)
        changes["optimizer"] = self.query_one("#f-optimizer", Select).value
        changes["cell"] = self.query_one("#f-cell", Select).value
        changes["device"] = self.query_one("#f-device", Select).value
        return dataclasses.replace(self.base, **changes).validate()

    def on_select_changed(self, event: Select.Changed) -> None:
        """A new preset fills every control; the typed budget is kept."""
        if event.select.id != "f-preset" or event.value not in PRESETS:
            return
        self._refill(str(event.value))
