"""The "find cells" results as OptionList options: one header per predicate, then its
best units; an option's id says which unit to colour by ("h:37", "c:5")."""

from __future__ import annotations

from rich.text import Text
from textual.widgets.option_list import Option

from lstm_tui.core.cell_search import PredicateResult


def unit_id(state: str, column: int) -> str:
    """The option id of a unit: its state and its column in the readout's states."""
    return f"{state}:{column}"


def parse_unit_id(option_id: str) -> tuple[str, int] | None:
    """("h" or "c", column) from an option id, or None for a header."""
    state, _, column = option_id.split("#")[0].partition(":")
    if state in ("h", "c") and column.isdigit():
        return state, int(column)
    return None


def cell_options(results: list[PredicateResult], hidden: int, layers: int) -> list[Option]:
    """Headers (disabled) and unit rows for an OptionList."""
    options: list[Option] = []
    for n, result in enumerate(results):
        options.append(Option(Text(result.name, style="bold"), id=f"header-{n}", disabled=True))
        if not result.units:
            # the full reason (result.note) is in `lstm-tui cells`; the side panel is narrow
            options.append(Option(Text("  — constant here", style="dim"), id=f"none-{n}", disabled=True))
            continue
        for u in result.units:
            where = f"L{u.layer} " if layers > 1 else ""
            label = Text(f"  {where}{u.state}{u.unit:<4} r {u.corr:+.2f}")
            options.append(Option(label, id=f"{unit_id(u.state, u.layer * hidden + u.unit)}#{n}"))
    return options
