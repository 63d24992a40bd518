"""The package's layout: stages as subpackages, imports in one direction, no module too long.

The import graph is read from the source (the AST of every module, imports inside
functions included, ``if TYPE_CHECKING:`` blocks left out), never by importing.
A name imported from a package is followed to the submodule that defines it, so a
package's ``__init__`` that re-exports its submodules is no link of its own.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "coopetition"

#: the stages in pipeline order: a module may import its own stage and the ones before it, never after
LAYERS = {"ground": 0, "text": 1, "reading": 2, "measures": 3, "model": 4, "output": 5, "top": 6}
GROUND = {"coopetition._check", "coopetition._data", "coopetition._version", "coopetition.paths", "coopetition.cache"}
MAX_LINES = 600


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


MODULES = _modules()


def _is_package(name: str) -> bool:
    return MODULES.get(name, Path()).name == "__init__.py"


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    skip = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip.update(id(inner) for stmt in node.body for inner in ast.walk(stmt))
    return skip


def _imports(name: str) -> list[tuple[str, str | None, int]]:
    """``(module, imported name or None, line)`` for each import in a module of the package."""
    path = MODULES[name]
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    skip = _type_checking_nodes(tree)
    out = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            out += [
                (alias.name, None, node.lineno) for alias in node.names if alias.name.split(".")[0] == "coopetition"
            ]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if _is_package(name) else name.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            if module.split(".")[0] == "coopetition":
                out += [(module, alias.name, node.lineno) for alias in node.names]
    return out


def _reexport_source(package: str, name: str, seen: frozenset = frozenset()) -> str:
    """The module that defines ``name`` when ``package``'s ``__init__`` imports it from a submodule."""
    if package in seen or not _is_package(package):
        return package
    imports = _imports(package)
    for module, imported, _ in imports:
        if imported == name and module.startswith(package + "."):
            return _reexport_source(module, name, seen | {package})
    for module, imported, _ in imports:  # a lazy name (BOILERPLATE, RULES) served by a submodule's __getattr__
        if imported == "__getattr__" and module.startswith(package + "."):
            return module
    return package


def _target(module: str, name: str | None) -> str:
    if name is not None and f"{module}.{name}" in MODULES:
        return f"{module}.{name}"
    if name is not None:
        return _reexport_source(module, name)
    return module


def import_graph() -> dict[str, dict[str, int]]:
    """Module → {imported module: line of the first such import}, inside the package."""
    graph: dict[str, dict[str, int]] = {}
    for name in MODULES:
        edges: dict[str, int] = {}
        for module, imported, line in _imports(name):
            target = _target(module, imported)
            if target in MODULES and target != name:
                edges.setdefault(target, line)
        graph[name] = edges
    return graph


def layer(name: str) -> int:
    if name in GROUND:
        return LAYERS["ground"]
    parts = name.split(".")
    if len(parts) > 2 and parts[1] in LAYERS:
        return LAYERS[parts[1]]
    if len(parts) == 2 and parts[1] in LAYERS:  # a stage's own __init__
        return LAYERS[parts[1]]
    return LAYERS["top"]  # coopetition, __main__, pipeline: the public API and the command line


def find_cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, {}):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(groups)


def test_the_graph_sees_imports_inside_functions_and_through_reexports():
    graph = import_graph()
    # segment imports the actor names inside a function; the cache at module level
    assert "coopetition.text.actors" in graph["coopetition.text.segment"]
    # "from coopetition.text.clean import to_simplified" is a link to the module defining it
    assert "coopetition.text.clean.script" in graph["coopetition.reading.metadata.rules"]
    assert "coopetition.text.clean" not in graph["coopetition.reading.metadata.rules"]


def test_find_cycles_finds_a_planted_cycle():
    planted = {"a": {"b": 1}, "b": {"c": 1}, "c": {"a": 1}, "d": {"a": 1}}
    assert find_cycles(planted) == [["a", "b", "c"]]
    assert find_cycles({"a": {"b": 1}, "b": {}}) == []


def test_no_import_cycle():
    cycles = find_cycles(import_graph())
    assert not cycles, "import cycles (each group imports itself round the loop):\n" + "\n".join(
        " ↔ ".join(c) for c in cycles
    )


def test_no_upward_import():
    graph = import_graph()
    upward = [
        f"{name} (line {line}) imports {target}"
        for name, edges in sorted(graph.items())
        for target, line in sorted(edges.items())
        if layer(target) > layer(name)
    ]
    assert not upward, "a stage imports a later stage:\n" + "\n".join(upward)


def test_every_module_sits_in_a_stage_or_on_the_ground_floor():
    top = {"coopetition", "coopetition.__main__", "coopetition.pipeline"}
    loose = sorted(n for n in MODULES if layer(n) == LAYERS["top"] and n not in top)
    assert not loose, f"modules outside every stage: {loose}"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_over_the_line_limit(name):
    n = len(MODULES[name].read_text(encoding="utf-8").splitlines())
    assert n <= MAX_LINES, f"{MODULES[name]}: {n} lines (at most {MAX_LINES}: split it along its seams)"


def test_no_module_is_named_like_a_standard_library_module():
    clashes = sorted(
        p for p in MODULES.values() if (p.parent.name if p.name == "__init__.py" else p.stem) in sys.stdlib_module_names
    )
    assert not clashes, f"named like a standard-library module (an import of the stdlib one may get ours): {clashes}"


def test_no_private_standard_library_module():
    used = []
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "re"
                and node.attr.startswith("_")
            ):
                used.append(f"{name}:{node.lineno} re.{node.attr}")
            elif (
                isinstance(node, ast.ImportFrom)
                and node.module
                and any(part.startswith("_") for part in node.module.split("."))
                and node.module.split(".")[0] in sys.stdlib_module_names
                and node.module != "__future__"
            ):
                used.append(f"{name}:{node.lineno} from {node.module}")
            elif isinstance(node, ast.Import):
                used += [
                    f"{name}:{node.lineno} import {a.name}"
                    for a in node.names
                    if a.name.split(".")[0] in sys.stdlib_module_names
                    and any(p.startswith("_") for p in a.name.split(".")[1:])
                ]
    assert not used, "private standard-library modules:\n" + "\n".join(used)


@pytest.mark.slow
def test_rule_data_is_read_on_first_use_not_at_import(tmp_path):
    """Importing the package and every module reads no rule table; asking for one does."""
    import subprocess

    code = (
        "import importlib, pkgutil, coopetition\n"
        "for m in pkgutil.walk_packages(coopetition.__path__, 'coopetition.'):\n"
        "    if not m.name.startswith('coopetition.notebooks'): importlib.import_module(m.name)\n"
        "from coopetition.text.clean import rules\n"
        "from coopetition.reading.metadata import rules as meta\n"
        "from coopetition.output.plotting import figures\n"
        "print(rules.boilerplate_rules.cache_info().currsize, meta.metadata_rules.cache_info().currsize,\n"
        "      meta.known_outlets.cache_info().currsize, figures.font_family.cache_info().currsize)\n"
        "import coopetition.text.clean as clean, coopetition.reading.metadata as md\n"
        "print(type(clean.BOILERPLATE).__name__, type(md.RULES).__name__, type(md.OUTLETS).__name__)\n"
        "print(rules.boilerplate_rules.cache_info().currsize, meta.metadata_rules.cache_info().currsize)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, check=True
    ).stdout.split("\n")
    assert out[0] == "0 0 0 0"
    assert out[1] == "BoilerplateRules MetadataRules Gazetteer"
    assert out[2] == "1 1"
