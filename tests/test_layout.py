"""The layout a newcomer reads: no import cycles, small folders and modules, short docstrings."""

from __future__ import annotations

import ast
import graphlib
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("index", "bot")
MAX_MODULES_PER_FOLDER = 15
MAX_LINES_PER_MODULE = 300


def _modules() -> dict[str, Path]:
    """Map every module of the project's packages to its file (a package to its __init__)."""
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def _imported(path: Path, name: str, modules: dict[str, Path]) -> set[str]:
    """Return the project's modules one module imports anywhere, type-checking blocks included."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            targets.add(base)
            targets.update(f"{base}.{alias.name}" for alias in node.names)
    return {target for target in targets if target in modules and target != name}


def import_graph() -> dict[str, set[str]]:
    """Return each project module's imports of other project modules."""
    modules = _modules()
    return {name: _imported(path, name, modules) for name, path in modules.items()}


def test_the_graph_sees_imports_inside_functions(tmp_path: Path) -> None:
    module = tmp_path / "late.py"
    module.write_text("def f():\n    from index.models import Article\n", encoding="utf-8")
    modules = {"index.models": Path("models.py"), "late": module}
    assert _imported(module, "late", modules) == {"index.models"}


def test_no_import_cycles_between_project_modules() -> None:
    try:
        tuple(graphlib.TopologicalSorter(import_graph()).static_order())
    except graphlib.CycleError as error:
        pytest.fail(f"import cycle: {' -> '.join(error.args[1])}")


@pytest.mark.parametrize(
    "folder",
    sorted({path.parent for package in PACKAGES for path in (ROOT / package).rglob("*.py")}),
    ids=lambda folder: str(folder.relative_to(ROOT)),
)
def test_no_folder_holds_more_than_fifteen_modules(folder: Path) -> None:
    modules = [path for path in folder.glob("*.py") if path.name != "__init__.py"]
    assert len(modules) <= MAX_MODULES_PER_FOLDER, sorted(path.name for path in modules)


@pytest.mark.parametrize(
    "path",
    sorted(path for package in PACKAGES for path in (ROOT / package).rglob("*.py")),
    ids=lambda path: str(path.relative_to(ROOT)),
)
def test_each_module_is_short_and_says_what_it_owns_in_one_line(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MAX_LINES_PER_MODULE
    docstring = ast.get_docstring(ast.parse(text), clean=False)
    assert docstring, "a module opens with a docstring saying what it owns"
    assert "\n" not in docstring.strip(), "the module docstring is one line"


@pytest.mark.parametrize("path", sorted((ROOT / "bench").glob("*.py")), ids=lambda p: p.stem)
def test_every_benchmark_script_imports(path: Path) -> None:
    # A benchmark is run by hand, so a moved module would otherwise break it unseen.
    importlib.import_module(f"bench.{path.stem}")
