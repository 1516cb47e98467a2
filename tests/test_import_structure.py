"""The package's modules import each other without circles.

Every import of a package module counts, at module level or inside a function (a lazy import
is still a dependency); only imports under ``if TYPE_CHECKING:`` are left out, since they never
run. A circle means two layers depend on each other: the data-file schemas, for instance, live
in :mod:`dppapp_indikator.schemas`, below both the formulas and the registry records.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = "dppapp_indikator"
SRC = Path(__file__).resolve().parents[1] / "src" / PACKAGE


def _module_name(path: Path) -> str:
    parts = [PACKAGE, *path.relative_to(SRC).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST, module: str, is_package: bool, known: set[str]) -> set[str]:
    """The package modules that ``module`` imports (TYPE_CHECKING blocks excluded)."""
    found: set[str] = set()
    base = module if is_package else module.rpartition(".")[0]

    def resolve(name: str) -> str | None:
        while name and name not in known:
            name = name.rpartition(".")[0]
        return name or None

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == PACKAGE and (target := resolve(alias.name)):
                    found.add(target)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parent = base
                for _ in range(node.level - 1):
                    parent = parent.rpartition(".")[0]
                origin = f"{parent}.{node.module}" if node.module else parent
            else:
                origin = node.module or ""
            if origin.split(".")[0] == PACKAGE:
                for alias in node.names:
                    # "from . import x" imports the submodule x when there is one
                    target = resolve(f"{origin}.{alias.name}") or resolve(origin)
                    if target:
                        found.add(target)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    found.discard(module)
    return found


def import_graph() -> dict[str, set[str]]:
    paths = sorted(SRC.rglob("*.py"))
    known = {_module_name(p) for p in paths}
    graph = {}
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        name = _module_name(path)
        graph[name] = _imports(tree, name, path.name == "__init__.py", known)
    return graph


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    counter = [0]

    def connect(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return cycles


def test_the_graph_is_read() -> None:
    graph = import_graph()
    assert f"{PACKAGE}.schemas" in graph[f"{PACKAGE}.records.child"]
    assert f"{PACKAGE}.schemas" in graph[f"{PACKAGE}.child"]  # a lazy import counts
    assert len(graph) > 30


def test_the_detector_finds_a_circle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycles(graph) == [["a", "b", "c"]]
    assert find_cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_circles() -> None:
    cycles = find_cycles(import_graph())
    assert not cycles, "import circles among the package's modules:\n" + "\n".join(
        " <-> ".join(c) for c in cycles
    )


def test_shared_constants_agree() -> None:
    from dppapp_indikator import _structure, budget, child, satudata

    assert budget.WEIGHT_SUM_TOLERANCE == _structure.WEIGHT_SUM_TOLERANCE
    assert child.CLUSTERS is _structure.CLUSTERS
    assert satudata.sdi_submission_deadline is _structure.sdi_submission_deadline
