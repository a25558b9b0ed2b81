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
                assert name in {
                    "scheduling",
                    "calendar",
                    "events",
                    "enrollment",
                    "tables",
                    "rules",
                    "planning",  # Slip._trusted: plan() builds many slips
                    "replies",
                }, f"{name}.py:{line_number}: {line.strip()}"


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


# --- every public value prints for people ---------------------------------------------------

_LONG = "Hi {{ first_name }}, " + "we help teams like yours book more meetings. " * 40
_AT = "2026-11-23T08:00:00+00:00"


def _large_values() -> dict[str, object]:
    """A large instance of every public class that has one: long texts, hundreds of items."""
    import inspect
    from datetime import date, timedelta

    channels = ["email", "call", "linkedin", "email", "sms"]
    big = ck.Cadence(
        "A cadence with a long name " * 6,
        [
            ck.Touchpoint(
                channels[i % 5],
                1 + i // 2,
                subject=f"Subject {i} " * 10,
                body=_LONG,
                label=f"touch {i} " * 10,
                variants=[ck.Variant(f"V{k}", body=_LONG) for k in range(8)]
                if i % 5 in (0, 3)
                else (),
            )
            for i in range(480)
        ],
        objective="book meetings " * 40,
    )
    small = ck.presets.cold_outreach()
    schedule = ck.schedule(big, _AT, tz="America/New_York")
    prospects = [f"prospect-{i:04d}@example.com" for i in range(400)]
    model = ck.ResponseModel()
    simulated = ck.simulate(
        small, prospects, model=model, seed=7, start=_AT, calendar=ck.BusinessCalendar()
    )
    report = ck.report(simulated)
    owners = [f"rep {k}" for k in range(30)]
    started = [
        ck.Enrollment.start(small, p, _AT, owner=owners[i % 30]) for i, p in enumerate(prospects)
    ]
    agenda = ck.plan(
        started,
        capacity=ck.Capacity({"call": 3, "email": 5}),
        calendar=ck.BusinessCalendar(),
        start=date(2026, 11, 23),
        days=40,
    )
    reading = ck.read_reply("Sounds great, yes let's talk. " * 300, received_at=_AT, tz="UTC")
    rows = [{"prospect": p, "kind": "touch", "at": _AT, "step": 0} for p in prospects]
    bad = [{"prospect": "x" * 5000, "kind": "nope " * 900, "at": "x"}] * 300
    table = ck.read_events(rows + bad, errors="collect")
    history = simulated[0]
    long_history = ck.Enrollment.replay(
        small,
        "long",
        _AT,
        [
            ck.Event.open(f"2026-11-23T{9 + k // 60:02d}:{k % 60:02d}:00+00:00", 0)
            for k in range(400)
        ]
        + [ck.Event.touch("2026-11-23T08:30:00+00:00", 0)],
    )
    long_starts = ck.simulate(
        small,
        prospects,
        model=model,
        seed=9,
        start=[f"2026-{1 + k % 12:02d}-{1 + k % 28:02d}T08:00:00+00:00" for k in range(400)],
        calendar=ck.BusinessCalendar(),
    )
    holidays = [date(2026, 1, 1) + timedelta(days=i) for i in range(0, 3000, 3)]
    rate_a, rate_b = ck.Rate(30, 400), ck.Rate(45, 400)
    columns = ck.schedule_many(small, [_AT] * 2000)
    touch = agenda.touches[0]
    values: dict[str, object] = {
        "Agenda": agenda,
        "BadRow": table.problems[0],
        "Breakdown": next(iter(report.by_step().values())),
        "Breakdowns": report.by_step(),
        "BusinessCalendar": ck.BusinessCalendar(holidays=holidays, country="US"),
        "Cadence": big,
        "CadenceComparison": ck.compare_cadences(small, small, 200, model=model, seed=1, start=_AT),
        "CadenceReport": report,
        "Capacity": ck.Capacity({"call": 60, "email": 200}, manual_per_day=80),
        "Comparison": ck.compare(rate_a, rate_b),
        "Decision": long_history.decisions[-1],
        "Definitions": report.definitions,
        "Durations": report.rep_response_time,
        "Eligibility": ck.Eligibility(False, "no: " * 2000),
        "End": ck.End("declined"),
        "Enrollment": long_history,
        "EnrollmentPolicy": ck.EnrollmentPolicy(),
        "Event": history.events[0],
        "EventTable": table,
        "Evidence": reading.evidence[0],
        "Explanation": long_history.explain(),
        "Finding": ck.Finding("too-short", "warning", 0, "a message " * 500),
        "FunnelStep": report.funnel()[0],
        "Insert": ck.Insert([ck.Touchpoint("email", 1, body=_LONG)] * 300),
        "Mailbox": ck.Mailbox(
            "m" * 5000 + "@seller.io",
            windows={timedelta(minutes=n): n for n in range(1, 2000)},
            ramp=ck.Ramp(start=1, increase=1, cap=10, since="2026-11-23"),
        ),
        "Ramp": ck.Ramp(start=1, increase=1, cap=10**12, since="2026-11-23"),
        "Suppression": ck.Suppression(
            [f"p{n}@acme.com" for n in range(5000)],
            domains=[f"d{n}.com" for n in range(500)],
            channels={"call": [str(n) for n in range(900)]},
        ),
        "JumpTo": ck.JumpTo(3),
        "Match": ck.Match("reply", response="no"),
        "Contains": ck.Contains("Vice President " * 400),
        "Fact": ck.Fact("title " * 400),
        "FactCondition": ck.Fact("title " * 400).contains("Vice President " * 400),
        "Equals": ck.Equals("Enterprise " * 400),
        "OneOf": ck.OneOf({f"country {n}" for n in range(900)}),
        "Missing": ck.Missing(),
        "Migration": ck.Migration("new", 480, tuple((k, k) for k in range(480))),
        "MoveTo": ck.MoveTo("nurture " * 300),
        "Pause": ck.Pause(10),
        "Phrases": ck.Phrases.default(),
        "ReplyModel": ck.ReplyModel.default(),
        "PlannedTouch": touch,
        "Rate": rate_a,
        "Rendered": ck.Rendered(_LONG, _LONG * 3, _LONG),
        "ReplyReading": reading,
        "ReportSummary": report.summary(),
        "ResponseModel": model,
        "Resume": ck.Resume(),
        "Rule": ck.default_rules()[0],
        "SampleSize": ck.sample_size(0.05, 0.01),
        "Schedule": schedule,
        "ScheduleColumns": columns,
        "ScheduledTouch": schedule[0],
        "SendHours": ck.SendHours({"Mon": "09:00-12:00, 13:00-17:00"}),
        "SendWindow": ck.SendWindow(),
        "SequentialComparison": ck.sequential_compare(rate_a, rate_b),
        "Silence": ck.Silence(3, 0),
        "Skip": ck.Skip(steps=range(480)),
        "Slip": agenda.slips[0],
        "SuppressedTouch": ck.SuppressedTouch(
            7, "x" * 5000 + "@rival.com", 2, ck.Channel.EMAIL, "suppressed: " + "y" * 5000
        ),
        "SurvivalCurve": report.time_to_first_reply,
        "TalkTrack": ck.TalkTrack(["Say hello. " * 100] * 200),
        "Touchpoint": big.touchpoints[0],
        "Variant": ck.Variant("B", body=_LONG),
        "DateAnchor": ck.DateAnchor(_LONG, -3000),
        "EnrollmentKeys": ck.EnrollmentKeys(
            "ada@acme.com",
            big,
            "kim",
            None,
            {f"field {i}": _LONG for i in range(300)},
            history.started,
            ck.Status.ACTIVE,
            None,
            None,
        ),
        "ReportSlices": ck.report(long_starts).by_cohort("day", tz="UTC"),
        "RateSeries": ck.report(long_starts).over_time("day", metric="reply_rate"),
    }
    for name in ck.__all__:
        kind = getattr(ck, name)
        if inspect.isclass(kind) and issubclass(kind, Exception):
            values[name] = (
                kind(["x" * 5000] * 300)
                if kind is ck.MissingFieldError
                else (
                    kind("field " * 200, "v" * 10_000, "expected " * 500)
                    if issubclass(kind, ck.InvalidFieldError)
                    else kind("y" * 100)
                )
            )
        elif inspect.isclass(kind) and issubclass(kind, enum.Enum):
            values[name] = next(iter(kind))
    return values


import enum  # noqa: E402  (used by the builder above)


@pytest.fixture(scope="module")
def large_values() -> dict[str, object]:
    return _large_values()


def _public_classes() -> list[str]:
    import inspect

    return [name for name in ck.__all__ if inspect.isclass(getattr(ck, name))]


def test_every_public_class_has_a_large_instance_to_print(large_values: dict[str, object]) -> None:
    missing = [name for name in _public_classes() if name not in large_values]
    assert not missing, f"add a large instance of {missing} to _large_values"
    for name, value in large_values.items():
        assert type(value) is getattr(ck, name) or isinstance(value, getattr(ck, name)), name


@pytest.mark.parametrize("name", _public_classes())
def test_every_public_value_prints_in_a_line_or_a_small_table(
    name: str, large_values: dict[str, object]
) -> None:
    # Issue 25 item 5: reprs for people, whatever the size ("… 480 more").
    if name not in large_values:  # the test above names it: add a builder
        pytest.skip(f"no large instance of {name} in _large_values yet")
    value = large_values[name]
    for shown, limit in ((repr(value), 2000), (str(value), 2500)):
        assert len(shown) <= limit, f"{name}: {len(shown):,} characters"
        lines = shown.splitlines()
        assert len(lines) <= 60, f"{name}: {len(lines)} lines"
        if len(lines) > 1:  # a small table: no line wider than a screen
            assert max(map(len, lines)) <= 200, name
    assert "_" + name not in repr(value)
    if isinstance(value, Exception):
        assert not type(value).__name__.startswith("_")
    html = getattr(value, "_repr_html_", None)
    if html is not None:
        table = html()
        assert len(table) <= 20_000, f"{name}: a notebook table of {len(table):,} characters"
        assert table.count("<tr>") <= 30, name


def test_a_cut_table_says_how_many_rows_it_left_out(large_values: dict[str, object]) -> None:
    schedule = large_values["Schedule"]
    assert str(schedule).splitlines()[-1] == "… 460 more touches"
    assert "… 460 more rows" in schedule._repr_html_()  # type: ignore[attr-defined]
    assert "… 297 more" in repr(large_values["Insert"])
    assert repr(large_values["Cadence"]).endswith("Day 3 email, … 474 more)")


def test_str_of_an_agenda_is_a_per_day_summary(large_values: dict[str, object]) -> None:
    agenda = large_values["Agenda"]
    assert isinstance(agenda, ck.Agenda)
    lines = str(agenda).splitlines()
    assert lines[0].startswith("Agenda: 40 business days from Mon 23 Nov 2026")
    assert "owners: rep 0, rep 1, rep 2, rep 3, rep 4, … 25 more" in lines[0]
    assert lines[1].split() == ["day", "email", "slipped", "in"]
    assert lines[22] == "… 20 more days"
    assert lines[23] == "slips"
    assert lines[-1] == "… 245 more slips"
    load = agenda.load
    first = agenda.days[0]
    emails = sum(days[first].get(ck.Channel.EMAIL, 0) for days in load.values())
    assert lines[2].split()[4] == str(emails) == "150"  # 30 reps, 5 emails each
