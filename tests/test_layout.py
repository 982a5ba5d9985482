"""The package layout stays readable: every module is under an import contract, and no
two modules import each other, even through imports made only for type checking."""

from __future__ import annotations

import tomllib
from pathlib import Path

import grimp
import pytest

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def contracted_names() -> set[str]:
    """Every module or package a contract of pyproject.toml constrains."""
    contracts = tomllib.loads(PYPROJECT.read_text())["tool"]["importlinter"]["contracts"]
    names: set[str] = set()
    for contract in contracts:
        names.update(contract.get("source_modules", ()))
        containers = contract.get("containers") or [""]
        for layer in contract.get("layers", ()):
            for name in (part.strip() for part in layer.split("|")):
                names.update(f"{c}.{name}" if c else name for c in containers)
    return names


def uncovered(modules: set[str], covered: set[str]) -> list[str]:
    def is_covered(module: str) -> bool:
        parts = module.split(".")
        return any(".".join(parts[:n]) in covered for n in range(1, len(parts) + 1))

    # the root package holds only __version__
    return sorted(m for m in modules if m != "creatorkit" and not is_covered(m))


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph("creatorkit", include_external_packages=False,
                             exclude_type_checking_imports=False)


def test_every_module_is_under_a_contract(graph):
    assert uncovered(set(graph.modules), contracted_names()) == []


def test_the_coverage_check_sees_a_module_outside_every_contract():
    assert uncovered({"creatorkit.kit.view", "creatorkit.stray"}, {"creatorkit.kit"}) == ["creatorkit.stray"]


def circles(graph) -> list[str]:
    """Each import whose target leads back to the importer, as the chain that closes it."""
    found = []
    for importer in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            chain = graph.find_shortest_chain(importer=imported, imported=importer)
            if chain:
                found.append(" -> ".join((importer, *chain)))
    return found


def test_no_module_imports_one_that_imports_it_back(graph):
    assert circles(graph) == []


def test_the_circle_check_sees_a_circle_of_three():
    graph = grimp.ImportGraph()
    for importer, imported in (("pkg.a", "pkg.b"), ("pkg.b", "pkg.c"), ("pkg.c", "pkg.a")):
        graph.add_import(importer=importer, imported=imported)
    assert circles(graph)[0] == "pkg.a -> pkg.b -> pkg.c -> pkg.a"
