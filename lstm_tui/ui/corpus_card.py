"""What the Corpus pane shows of one corpus: its list row, the facts panel (figures,
bibliography of its works) and the preview of its first lines.

Everything is rich Text built with append, never markup: corpus titles and text may
hold "[" and must show as written.
"""

from __future__ import annotations

from rich.text import Text

from lstm_tui.catalog import CorpusInfo
from lstm_tui.core.facts import SCRIPTS, CorpusFacts

CONTINUE = " " * 8  # indent of a 底本 or 初出 entry's further lines, under its first


def describe(info: CorpusInfo) -> str:
    """One list row: name, language and size (fits the 46-column list: en-shakespeare · en · 1,115,394 chars)."""
    return f"{info.name} · {info.language} · {info.chars:,} chars"


def facts_text(info: CorpusInfo, facts: CorpusFacts | None) -> Text:
    """The facts panel: title, figures, provenance, then (once counted) the script mix
    and top characters, then the works it holds with their Aozora credits."""
    out = Text()
    out.append(f"{info.title}\n", style="bold")
    where = f"bundled ({info.path.name})" if info.bundled else f"imported ({info.path.name})"
    out.append(f"{info.name} · {info.language} · {where}\n", style="dim")
    out.append(f"{info.chars:,} characters · {info.distinct:,} distinct · {info.lines:,} lines\n")
    if info.description:
        out.append(f"{info.description}\n")
    if info.source:
        out.append(f"source: {info.source}\n", style="dim")
    if info.licence:
        out.append(f"licence: {info.licence}\n", style="dim")
    if facts is None:
        out.append("\ncounting …\n", style="italic")
    else:
        mix = "  ".join(
            f"{k} {facts.script_mix.get(k, 0.0):.0%}" for k in SCRIPTS if facts.script_mix.get(k, 0.0) >= 0.005
        )
        out.append(f"\nscripts: {mix or '—'}\n")
        top = "  ".join(f"{_visible(c)} {n:,}" for c, n in facts.top_chars[:12])
        out.append(f"top characters: {top}\n")
    if info.works:
        out.append("\nworks\n", style="bold")
        for work in info.works:
            out.append_text(work_text(work))
    return out


def work_text(work: dict[str, str]) -> Text:
    """One work: 『title』 subtitle, author; its 底本 (and 初出); who input and proofread it."""
    out = Text()
    out.append(f"『{work.get('title') or '?'}』", style="bold")
    if work.get("subtitle"):
        out.append(f" {work['subtitle']}")
    if work.get("author"):
        out.append(f"  {work['author']}")
    out.append("\n")
    for key, label in (("teihon", "底本"), ("first_published", "初出")):
        lines = [line.strip() for line in work.get(key, "").splitlines() if line.strip()]
        if lines:
            # the footer's own lines (publisher, then each printing), indented under the label
            out.append(f"  {label}: ", style="dim")
            out.append("\n".join([lines[0], *(CONTINUE + line for line in lines[1:])]) + "\n")
    credits = [f"{label}: {work[key]}" for key, label in (("input", "入力"), ("proofing", "校正")) if work.get(key)]
    if credits:
        out.append("  " + " · ".join(credits) + "\n", style="dim")
    return out


def preview_text(facts: CorpusFacts | None) -> Text:
    """The first non-blank lines of the corpus."""
    out = Text("preview\n", style="bold")
    if facts is not None:
        for line in facts.first_lines:
            out.append(line[:300] + "\n")
    return out


def _visible(ch: str) -> str:
    """Whitespace characters as visible symbols in the top-characters line."""
    return {" ": "␠", "\n": "⏎", "\t": "⇥", "　": "□"}.get(ch, ch)
