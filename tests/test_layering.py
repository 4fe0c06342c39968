"""The layering rules of lstm_tui/, as code (DESIGN.md "Layout", issue 14 §9).

Every module under lstm_tui/ is parsed with ast; every import statement counts,
including lazy ones inside functions (they run too, just later), except those under
`if TYPE_CHECKING:`, which never run. So does `importlib.import_module("…")`: a string
literal names its module, and an f-string such as f"lstm_tui.commands.{name}" names
every module of that package (cli.py runs its commands that way). The rules:

1. core/ and morph/ never reach Textual or lstm_tui.ui, directly or through other
   lstm_tui modules: the core must stay usable headless.
2. catalog, importing, paths, errors, cli and commands/ never reach lstm_tui.ui or
   Textual. The one exception is commands/app.py, whose job is to launch the app.
3. What the app paints from before torch has loaded never imports torch at module
   level, directly or through other lstm_tui modules: the modules in TORCH_FREE, and
   everything ui/app.py and cli.py import at module level.
4. No import cycles among lstm_tui modules, lazy imports included: a cycle hidden in a
   function is still two modules that cannot be understood (or moved) one at a time.
5. No pane module (ui/panes/) reaches another: the app routes between panes.
6. A worker (ui/workers/) touches no widget, so of the ui it imports only the messages
   it posts, the app's thread settings and other workers, and of Textual only
   textual.message; the rest is core/, morph/, errors and paths.

Each rule is checked statically (fast, names the offending chain of imports); rule 1
and 3 are also checked by really importing the modules in a fresh interpreter.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "lstm_tui"

# Rule 3: modules the app and the CLI read before torch loads (the corpus list, run
# folders, events, checks on sampling settings, corpus facts, splits, settings, ...).
TORCH_FREE = (
    "lstm_tui.paths",
    "lstm_tui.errors",
    "lstm_tui.catalog",
    "lstm_tui.importing",
    "lstm_tui.cli",
    "lstm_tui.core.atomic",
    "lstm_tui.core.aozora",
    "lstm_tui.core.config",
    "lstm_tui.core.cpus",
    "lstm_tui.core.encoding",
    "lstm_tui.core.events",
    "lstm_tui.core.facts",
    "lstm_tui.core.runfiles",
    "lstm_tui.core.replay",
    "lstm_tui.core.runs",
    "lstm_tui.core.sample_checks",
    "lstm_tui.core.sampling_options",
    "lstm_tui.core.splits",
    "lstm_tui.core.readout",
    "lstm_tui.core.cell_search",
    "lstm_tui.core.heat",
    "lstm_tui.core.held_out",
    "lstm_tui.morph.analyzer",
    "lstm_tui.morph.frequency",
    "lstm_tui.settings",
    "lstm_tui.ui.threads",
)
# Rule 3 also covers every commands/ module (cli.py promises `--help` and `corpora`
# never load torch) and the module-level imports of these entry points, whatever they are.
PAINT_ENTRY_POINTS = ("lstm_tui.ui.app", "lstm_tui.cli")
# Rule 2, and the single module allowed to break it.
NO_UI = ("lstm_tui.catalog", "lstm_tui.importing", "lstm_tui.paths", "lstm_tui.errors", "lstm_tui.cli")
NO_UI_PACKAGES = ("lstm_tui.commands",)
LAUNCHES_THE_APP = "lstm_tui.commands.app"
# Rule 6: what a worker may import beside core/ and morph/ (and what is not lstm_tui or Textual).
WORKER_MAY_IMPORT = (
    "lstm_tui.errors",
    "lstm_tui.paths",
    "lstm_tui.ui.messages",
    "lstm_tui.ui.threads",
    "textual.message",
)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES: dict[str, Path] = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking_block(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def _import_module_targets(node: ast.Call) -> set[str]:
    """The modules an `importlib.import_module(...)` call may import: a string literal's
    module, or every module of the package an f-string's fixed start names."""
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    if name != "import_module" or not node.args:
        return set()
    arg = node.args[0]
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return {arg.value}
    if isinstance(arg, ast.JoinedStr) and arg.values and isinstance(arg.values[0], ast.Constant):
        head = str(arg.values[0].value)
        package = head.rstrip(".")
        if head.endswith(".") and package in MODULES:
            return {m for m in MODULES if m.startswith(head) and "." not in m[len(head) :]}
    return set()


@cache
def imports_of(module: str, lazy: bool) -> frozenset[str]:
    """The modules `module` imports: module level only, or with lazy=True also those
    imported inside functions. `from pkg import name` counts as pkg and, where name is a
    module of ours, pkg.name too; relative imports are resolved."""
    path = MODULES[module]
    is_package = path.name == "__init__.py"
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if _is_type_checking_block(child):
                continue
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)) and not lazy:
                continue
            if isinstance(child, ast.Import):
                found.update(alias.name for alias in child.names)
            elif isinstance(child, ast.Call):
                found.update(_import_module_targets(child))
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    package = module.split(".") if is_package else module.split(".")[:-1]
                    package = package[: len(package) - (child.level - 1)]
                    base = ".".join(package + ([base] if base else []))
                found.add(base)
                found.update(f"{base}.{a.name}" for a in child.names if f"{base}.{a.name}" in MODULES)
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
    found.discard(module)
    return frozenset(found)


def _parents(module: str) -> list[str]:
    """Packages whose __init__ runs when module is imported."""
    parts = module.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts)) if ".".join(parts[:i]) in MODULES]


def reach(start: str, lazy: bool, bad: Callable[[str], bool], stop_at: Iterable[str] = ()) -> list[str] | None:
    """The shortest chain of imports from start to a module for which bad(name) holds
    (through lstm_tui modules only, parents' __init__ included, not through the modules
    in stop_at), or None."""
    stop = set(stop_at)
    came_from: dict[str, str | None] = {start: None}
    todo = [start]
    while todo:
        current = todo.pop(0)
        if bad(current) and current != start:
            chain = [current]
            while (previous := came_from[chain[-1]]) is not None:
                chain.append(previous)
            return chain[::-1]
        if current not in MODULES or (current in stop and current != start):
            continue
        for nxt in sorted(imports_of(current, lazy)) + _parents(current):
            if nxt not in came_from:
                came_from[nxt] = current
                todo.append(nxt)
    return None


def _textual_or_ui(name: str) -> bool:
    return name.split(".")[0] == "textual" or name == "lstm_tui.ui" or name.startswith("lstm_tui.ui.")


def _torch(name: str) -> bool:
    # safetensors.torch, torch.*, and anything else that is torch under another top name
    return name.split(".")[0] == "torch" or name.endswith(".torch")


def _in(package: str) -> list[str]:
    return [m for m in MODULES if m == package or m.startswith(package + ".")]


def _no_chains(chains: Iterable[list[str] | None]) -> None:
    """Fail with every offending chain written out in full, one per line."""
    offenders = [" -> ".join(c) for c in chains if c]
    assert not offenders, "imports that break the rule:\n" + "\n".join(offenders)


def test_the_rules_name_modules_that_exist() -> None:
    named = {*TORCH_FREE, *PAINT_ENTRY_POINTS, *NO_UI, *NO_UI_PACKAGES, LAUNCHES_THE_APP}
    assert sorted(named - MODULES.keys()) == [], "a module named by a rule was moved or renamed: update the rule"


def test_core_and_morph_never_reach_textual_or_the_ui() -> None:
    _no_chains(reach(m, lazy=True, bad=_textual_or_ui) for m in _in("lstm_tui.core") + _in("lstm_tui.morph"))


def test_catalog_importing_paths_cli_and_commands_never_reach_the_ui() -> None:
    # cli.py runs commands/app.py like every command; the ui beyond it is the exception
    modules = [*NO_UI, *(m for p in NO_UI_PACKAGES for m in _in(p))]
    chains = (reach(m, True, _textual_or_ui, stop_at=[LAUNCHES_THE_APP]) for m in modules if m != LAUNCHES_THE_APP)
    _no_chains(chains)


def test_import_module_calls_are_imports() -> None:
    # cli.py's f"lstm_tui.commands.{module}" names every command module, so a command
    # that imported cli back would be the cycle the test below reports
    assert set(_in("lstm_tui.commands")) - {"lstm_tui.commands"} <= imports_of("lstm_tui.cli", lazy=True)
    call = ast.parse('importlib.import_module("lstm_tui.paths")').body[0].value  # type: ignore[attr-defined]
    assert _import_module_targets(call) == {"lstm_tui.paths"}


def _panes() -> list[str]:
    return [m for m in _in("lstm_tui.ui.panes") if m != "lstm_tui.ui.panes"]


def test_no_pane_reaches_another_pane() -> None:
    assert len(_panes()) == 6  # corpus, train, sample, morphemes, inspect, runs
    _no_chains(reach(m, lazy=True, bad=lambda n, m=m: n in _panes() and n != m) for m in _panes())


def _worker_may_import(name: str) -> bool:
    top = name.split(".")[0]
    if top not in ("lstm_tui", "textual"):
        return True  # the standard library, torch, numpy, ...
    return (
        name in WORKER_MAY_IMPORT
        or name.startswith(("lstm_tui.core.", "lstm_tui.morph.", "lstm_tui.ui.workers."))
        or name in ("lstm_tui.morph", "lstm_tui.ui.workers")
    )


def test_workers_import_only_messages_threads_core_and_morph() -> None:
    workers = [m for m in _in("lstm_tui.ui.workers") if m != "lstm_tui.ui.workers"]
    assert len(workers) >= 4
    bad = {w: sorted(i for i in imports_of(w, lazy=True) if not _worker_may_import(i)) for w in workers}
    assert not any(bad.values()), f"workers importing panes, widgets, screens or the app: {bad}"
    assert not _worker_may_import("lstm_tui.ui.panes.sample") and not _worker_may_import("textual.widgets")


def test_only_the_app_command_imports_the_app() -> None:
    # the exception above, stated: commands/app.py reaches the ui, and it imports the
    # app lazily, so `lstm-tui --help` does not pay for Textual
    assert "lstm_tui.ui.app" in imports_of(LAUNCHES_THE_APP, lazy=True)
    assert reach(LAUNCHES_THE_APP, lazy=False, bad=_textual_or_ui) is None


def test_what_the_app_paints_from_never_imports_torch_at_module_level() -> None:
    _no_chains(reach(m, lazy=False, bad=_torch) for m in [*TORCH_FREE, *_in("lstm_tui.commands"), *PAINT_ENTRY_POINTS])


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, edges = work[-1]
            for nxt in edges:
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sorted(graph[nxt]))))
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return found


def test_no_import_cycles_among_lstm_tui_modules() -> None:
    graph = {m: {i for i in imports_of(m, lazy=True) if i in MODULES} for m in MODULES}
    cycles = _cycles(graph)
    assert not cycles, "modules that import each other (directly or round a loop):\n" + "\n".join(map(str, cycles))


def test_cycle_finder_finds_cycles() -> None:
    # the finder itself: a two-module and a three-module cycle, and a chain that is none
    graph = {"a": {"b"}, "b": {"a"}, "c": {"d"}, "d": {"e"}, "e": {"c"}, "f": {"a"}}
    assert sorted(_cycles(graph)) == [["a", "b"], ["c", "d", "e"]]


def _loaded_after_import(modules: Iterable[str], prefixes: tuple[str, ...]) -> list[str]:
    """Which of the top-level packages `prefixes` a fresh interpreter holds after importing modules."""
    code = (
        "import importlib, sys\n"
        f"for m in {list(modules)!r}:\n    importlib.import_module(m)\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & {set(prefixes)!r}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    return ast.literal_eval(out.stdout.strip().splitlines()[-1])


def test_importing_core_and_morph_loads_no_textual() -> None:
    modules = _in("lstm_tui.core") + _in("lstm_tui.morph")
    assert _loaded_after_import(modules, ("textual",)) == []


@pytest.mark.parametrize("entry", PAINT_ENTRY_POINTS)
def test_importing_what_the_app_paints_from_loads_no_torch(entry: str) -> None:
    assert _loaded_after_import([*TORCH_FREE, *_in("lstm_tui.commands"), entry], ("torch",)) == []
