"""The package's shape: public names, the lazy loader, and rooms that import one way."""

from __future__ import annotations

import ast
import importlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

import cadencekit as ck

PACKAGE = Path(ck.__file__).resolve().parent
INIT = PACKAGE / "__init__.py"

# The rooms, top to bottom (docs/architecture.md shows the same table). A module
# may import only modules listed before it, and of public modules only public names.
ARCHITECTURE = Path(__file__).parent.parent / "docs" / "architecture.md"


def _room_table() -> list[tuple[str, list[str]]]:
    """docs/architecture.md's table of rooms: each room and the rooms it says it imports."""
    rows = []
    for line in ARCHITECTURE.read_text(encoding="utf-8").splitlines():
        found = re.fullmatch(r"\| `(\w+)` \|.*\| ([^|]*) \|", line)
        if found:
            said = found.group(2).strip()
            rows.append((found.group(1), [] if said == "—" else said.split(", ")))
    return rows


ROOMS = [name for name, _ in _room_table()]  # the page's order is the import order


def modules() -> list[str]:
    return sorted(path.stem for path in PACKAGE.glob("*.py") if path.stem != "__init__")


def imports(name: str) -> list[tuple[str, tuple[str, ...], int]]:
    """Every package-internal import of a module, also lazy and TYPE_CHECKING ones."""
    tree = ast.parse((PACKAGE / f"{name}.py").read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module is None:  # from . import _time
                for alias in node.names:
                    found.append((alias.name, (), node.lineno))
            else:
                names = tuple(alias.name for alias in node.names)
                found.append((node.module, names, node.lineno))
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("cadencekit"):
            module = (node.module or "").removeprefix("cadencekit").lstrip(".")
            found.append((module, tuple(alias.name for alias in node.names), node.lineno))
    return found


def test_every_module_has_a_room() -> None:
    assert sorted(ROOMS) == modules()


@pytest.mark.parametrize("name", ROOMS)
def test_the_architecture_page_lists_exactly_what_each_room_imports(name: str) -> None:
    said = dict(_room_table())[name]
    actual = sorted({module for module, _, _ in imports(name)}, key=ROOMS.index)
    assert said == actual, f"docs/architecture.md: {name} imports {', '.join(actual) or '—'}"


@pytest.mark.parametrize("name", ROOMS)
def test_a_module_imports_only_rooms_above_it_and_only_public_names(name: str) -> None:
    rank = ROOMS.index(name)
    for module, names, line in imports(name):
        assert module in ROOMS, f"{name}.py:{line} imports unknown module {module!r}"
        assert ROOMS.index(module) < rank, (
            f"{name}.py:{line} imports {module!r}, which is not above it: a cycle or an arrow upward"
        )
        if not module.startswith("_"):
            private = [n for n in names if n.startswith("_")]
            assert not private, f"{name}.py:{line} imports private names {private} of {module!r}"


def test_no_module_bypasses_another_modules_constructors() -> None:
    for name in modules():
        text = (PACKAGE / f"{name}.py").read_text(encoding="utf-8")
        for line_number, line in enumerate(text.splitlines(), 1):
            if "object.__new__" in line or "object.__setattr__" in line:
                # A class may own a trusted constructor; nobody builds another room's values.
                assert name in {"scheduling", "calendar", "events", "enrollment", "tables"}, (
                    f"{name}.py:{line_number}: {line.strip()}"
                )


@pytest.mark.parametrize("name", [m for m in modules() if m != "_plot"])
def test_every_module_is_importable_under_its_own_name(name: str) -> None:
    module = importlib.import_module(f"cadencekit.{name}")
    assert module.__name__ == f"cadencekit.{name}"
    assert type(module).__name__ == "module"


def test_no_function_hides_its_module() -> None:
    for name in modules():
        if name.startswith("_"):
            continue
        module = importlib.import_module(f"cadencekit.{name}")
        assert getattr(ck, name, module) is module, f"cadencekit.{name} is not the module"


def _type_checking_names() -> dict[str, set[str]]:
    tree = ast.parse(INIT.read_text(encoding="utf-8"))
    names: dict[str, set[str]] = {}
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for statement in node.body:
                assert isinstance(statement, ast.ImportFrom)
                for alias in statement.names:
                    if statement.module is None:  # from . import presets
                        names.setdefault(alias.name, set()).add(alias.name)
                    else:
                        names.setdefault(statement.module, set()).add(alias.name)
    return names


def _eager_names() -> set[str]:
    tree = ast.parse(INIT.read_text(encoding="utf-8"))
    return {
        alias.name
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and node.level == 1
        for alias in node.names
    }


def test_all_the_lazy_table_and_the_type_checking_imports_agree() -> None:
    lazy = {module: set(names) for module, names in ck._LAZY.items()}
    assert _type_checking_names() == lazy
    everything = _eager_names() | {name for names in lazy.values() for name in names}
    assert set(ck.__all__) == everything | {"__version__"}
    assert len(set(ck.__all__)) == len(ck.__all__)
    for name in ck.__all__:
        value = getattr(ck, name)
        module = ck._HOME.get(name)
        if module is not None and name != module:
            assert value is getattr(importlib.import_module(f"cadencekit.{module}"), name)


def test_dir_lists_only_public_names() -> None:
    assert dir(ck) == sorted(ck.__all__)
    assert "TYPE_CHECKING" not in dir(ck)
    assert "annotations" not in dir(ck)


def test_import_loads_only_the_scheduling_rooms() -> None:
    code = (
        "import sys, cadencekit\n"
        "print(sorted(m.split('.')[1] for m in sys.modules if m.startswith('cadencekit.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(ast.literal_eval(out.stdout))
    assert loaded <= {"errors", "_frozen", "_convert", "_text", "channels", "personalize"} | {
        "_lintcodes",
        "calendar",
        "cadence",
        "_time",
        "scheduling",
    }
    assert "enrollment" not in loaded
    assert "linting" not in loaded


def test_trusted_constructors_set_every_field() -> None:
    """A class's unchecked constructor must not forget a field a later change added."""
    import attrs

    at = ck.Event.touch("2026-11-23T09:00:00+00:00", 0).at
    event = ck.Event._trusted(ck.EventKind.TOUCH, at, 0, None, None, None, None, None)
    touch = ck.ScheduledTouch._trusted(0, ck.Touchpoint("email", 1), at)
    cadence = ck.Cadence("c", [ck.Touchpoint("email", 1)])
    plan = ck.Schedule._trusted(cadence, at, "UTC", (touch,))
    for value in (event, touch, plan):
        for field in attrs.fields(type(value)):
            getattr(value, field.name)  # AttributeError when the constructor forgot it
    assert event == ck.Event.touch("2026-11-23T09:00:00+00:00", 0)


def test_the_reference_page_renders_every_public_module_once() -> None:
    page = (ARCHITECTURE.parent / "reference.md").read_text(encoding="utf-8")
    listed = re.findall(r"^::: cadencekit\.(\w+)$", page, flags=re.M)
    assert len(listed) == len(set(listed)), "a module rendered twice: duplicate ids on the site"
    public = {name for name in ROOMS if not name.startswith("_")}
    assert set(listed) == public
