"""The layout of DESIGN §7: imports point one way (app → bot → handlers → sheets, state) and never in a circle."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ROOMS = ("bot", "cli", "common", "demo", "documents", "handlers", "sheets", "state", "templates")
IO_LIBRARIES = {"flask", "linebot", "gspread", "openpyxl", "redis", "requests", "sqlite3"}
UPPER_ROOMS = {"bot", "demo", "app", "cli", "documents"}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def our_modules() -> dict[str, Path]:
    modules = {"app": ROOT / "app.py"}
    for room in ROOMS:
        modules.update({module_name(path): path for path in sorted((ROOT / room).rglob("*.py"))})
    return modules


def imports_of(path: Path) -> set[str]:
    """Every module named by an import anywhere in the file (TYPE_CHECKING and function bodies included)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


MODULES = our_modules()


def modules_in(*rooms: str) -> list[str]:
    return sorted(name for name in MODULES if name.split(".")[0] in rooms)


def test_the_design_cards_names_are_at_the_top_and_src_is_gone() -> None:
    assert (ROOT / "app.py").is_file()
    for room in ROOMS:
        assert (ROOT / room / "__init__.py").is_file(), room
    assert not (ROOT / "src").exists()


@pytest.mark.parametrize("name", modules_in("handlers"))
def test_handlers_import_no_io_library(name: str) -> None:
    used = {imported.split(".")[0] for imported in imports_of(MODULES[name])}
    assert not used & IO_LIBRARIES, f"{name} imports {sorted(used & IO_LIBRARIES)}"


@pytest.mark.parametrize("name", modules_in("handlers", "sheets", "state"))
def test_lower_rooms_never_import_bot_demo_or_app(name: str) -> None:
    used = {imported.split(".")[0] for imported in imports_of(MODULES[name])}
    assert not used & UPPER_ROOMS, f"{name} imports {sorted(used & UPPER_ROOMS)}"


@pytest.mark.parametrize("name", modules_in("state"))
def test_durable_state_imports_only_common_of_ours(name: str) -> None:
    ours = {imported.split(".")[0] for imported in imports_of(MODULES[name])} & {*ROOMS, "app"}
    assert ours <= {"common", "state"}, f"{name} imports {sorted(ours - {'common', 'state'})}"


@pytest.mark.parametrize("name", modules_in("documents"))
def test_document_writers_sit_below_bot_and_cli(name: str) -> None:
    used = {imported.split(".")[0] for imported in imports_of(MODULES[name])}
    assert not used & {"bot", "demo", "app", "cli"}, f"{name} imports {sorted(used & {'bot', 'demo', 'app', 'cli'})}"


@pytest.mark.parametrize("name", modules_in("common", "templates"))
def test_shared_helpers_import_nothing_of_ours_above_them(name: str) -> None:
    ours = {imported.split(".")[0] for imported in imports_of(MODULES[name])} & {*ROOMS, "app"}
    assert ours <= {"common"}, f"{name} imports {sorted(ours)}"


def test_no_module_imports_itself_through_a_circle() -> None:
    graph = {name: {imported for imported in imports_of(path) if imported in MODULES and imported != name}
             for name, path in MODULES.items()}
    done: set[str] = set()

    def visit(name: str, trail: list[str]) -> None:
        if name in trail:
            pytest.fail("import circle: " + " → ".join([*trail[trail.index(name):], name]))
        if name in done:
            return
        for imported in sorted(graph[name]):
            visit(imported, [*trail, name])
        done.add(name)

    for name in sorted(graph):
        visit(name, [])


HANDLER_PACKAGES = ("ita", "conversation", "complaints", "casework", "measures", "oit", "jobs", "documents", "public",
                    "staff")
"""handlers/ from the bottom up: a package imports only the packages before it (and itself), never one after it."""


def handler_package(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "handlers" and len(parts) > 2 else None


def test_handlers_is_only_the_domain_packages() -> None:
    found = {path.parent.name for path in (ROOT / "handlers").glob("*/__init__.py")}
    loose = sorted(path.name for path in (ROOT / "handlers").glob("*.py") if path.name != "__init__.py")
    assert found == set(HANDLER_PACKAGES) and not loose, (sorted(found), loose)


@pytest.mark.parametrize("name", modules_in("handlers"))
def test_handler_packages_import_only_downwards(name: str) -> None:
    own = handler_package(name)
    if own is None:
        return
    allowed = set(HANDLER_PACKAGES[:HANDLER_PACKAGES.index(own) + 1])
    upward = sorted(imported for imported in imports_of(MODULES[name])
                    if (package := handler_package(imported)) and package not in allowed)
    assert not upward, f"{name} ({own}) imports {upward}, above it in {HANDLER_PACKAGES}"


@pytest.mark.parametrize("name", modules_in("handlers"))
def test_no_private_name_crosses_a_package(name: str) -> None:
    own = handler_package(name)
    crossing = []
    for node in ast.walk(ast.parse(MODULES[name].read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and handler_package(node.module + ".x") != own:
            crossing += [f"{node.module}.{alias.name}" for alias in node.names if alias.name.startswith("_")]
    assert not crossing, f"{name} imports private names of another package: {crossing}"
