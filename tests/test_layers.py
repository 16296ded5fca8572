"""The house in layers: the import-linter contracts in pyproject.toml hold, and no module
imports another that (directly or not) imports it back."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "db", "handlers")


def test_the_layer_contracts_hold():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "3 kept, 0 broken" in result.stdout


def _cycle(graph: grimp.ImportGraph) -> list[str] | None:
    """One import cycle among the project's modules, or None (an iterative depth-first search)."""
    modules = sorted(m for m in graph.modules if m.split(".")[0] in PACKAGES)
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in modules:
        if start in state:
            continue
        path, stack = [start], [iter(sorted(graph.find_modules_directly_imported_by(start)))]
        state[start] = 1
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                stack.pop()
            elif nxt.split(".")[0] not in PACKAGES or state.get(nxt) == 2:
                continue
            elif state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            else:
                state[nxt] = 1
                path.append(nxt)
                stack.append(iter(sorted(graph.find_modules_directly_imported_by(nxt))))
    return None


def test_no_module_imports_itself_back():
    graph = grimp.build_graph(*PACKAGES)
    assert len([m for m in graph.modules if m.startswith("bot.")]) > 40  # the walk saw the code
    assert _cycle(graph) is None, " -> ".join(_cycle(graph) or [])


def test_the_cycle_finder_finds_a_cycle():
    graph = grimp.ImportGraph()
    for name in ("bot", "bot.a", "bot.b", "bot.c"):
        graph.add_module(name)
    graph.add_import(importer="bot.a", imported="bot.b")
    graph.add_import(importer="bot.b", imported="bot.c")
    assert _cycle(graph) is None
    graph.add_import(importer="bot.c", imported="bot.a")
    assert _cycle(graph) == ["bot.a", "bot.b", "bot.c", "bot.a"]
