from __future__ import annotations

from decimal import Decimal
from typing import NoReturn

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cadencekit as ck
from cadencekit import Touchpoint, fields_in, malformed_fields, render

from .timing import LARGE, LINEAR_BOUND, SMALL, growth, repeat_to

PROSPECT = {"first_name": "Ada", "company": "Initech", "seats": 40}


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("Hi {{ first_name }},", "Hi Ada,"),
        ("Hi {{first_name}},", "Hi Ada,"),
        ("Hi {{   first_name\n}},", "Hi Ada,"),
        ("{{ company }} has {{ seats }} seats", "Initech has 40 seats"),
        ("{{ first_name }} {{ first_name }}", "Ada Ada"),
        ("no fields at all", "no fields at all"),
        ("", ""),
        ("{{ company | your team }}", "Initech"),  # the value wins over the fallback
        ("{{ title | a leader }}", "a leader"),
        ("{{ title|a leader }}", "a leader"),
        ("Hi{{ title | }}!", "Hi!"),  # an empty fallback
        ("{{ title | VP, Sales & Ops }}", "VP, Sales & Ops"),
    ],
)
def test_render_hand_examples(template: str, expected: str) -> None:
    assert render(template, PROSPECT) == expected


@pytest.mark.parametrize("blank", [None, "", "   ", "\n"])
def test_none_and_blank_values_count_as_missing(blank: object) -> None:
    fields = {"first_name": blank}
    assert render("Hi {{ first_name | there }}", fields) == "Hi there"
    with pytest.raises(ck.MissingFieldError, match="field first_name: no value given"):
        render("Hi {{ first_name }}", fields)
    assert render("Hi {{ first_name }}.", fields, strict=False) == "Hi ."


def test_strict_names_every_missing_field_at_once() -> None:
    template = "{{ b }} {{ a }} {{ first_name }} {{ c | x }} {{ a }}"
    with pytest.raises(ck.MissingFieldError) as caught:
        render(template, PROSPECT)
    assert caught.value.fields == ("a", "b")
    assert str(caught.value).startswith("fields a, b: no value given (absent, None or blank)")
    assert isinstance(caught.value, ck.CadenceError)


def test_values_are_text_numbers_and_nothing_else() -> None:
    assert render("{{ x }}", {"x": Decimal("1234.50")}) == "1234.50"
    assert render("{{ x }}", {"x": 0.5}) == "0.5"
    assert render("{{ x }}", {"x": 0}) == "0"  # zero is a value, not missing
    for bad, shown in [
        (True, "True"),
        ([1], "<list>"),
        (object(), "<object>"),
        (float("nan"), "nan"),
        (Decimal("Infinity"), "Decimal('Infinity')"),
        (10**5000, "<int>"),
    ]:
        with pytest.raises(ck.InvalidFieldError) as caught:
            render("{{ x }}", {"x": bad})
        assert caught.value.field == "fields['x']"
        assert str(caught.value).startswith(f"fields['x'] {shown}: expected")


def test_values_of_unused_fields_are_never_checked() -> None:
    assert render("Hi {{ first_name }}", {"first_name": "Ada", "tags": ["a"]}) == "Hi Ada"


def test_inserted_values_are_never_read_as_templates() -> None:
    assert render("{{ a }}", {"a": "{{ b }}", "b": "secret"}) == "{{ b }}"
    assert render("{{ a | {{ b }} }}", {"b": "x"}, strict=False) == "{{ a | x }}"


def test_escape_html_escapes_values_and_fallbacks_not_the_template() -> None:
    template = "<p>{{ company | R&D }} — {{ first_name }}</p>"
    assert render(template, {"first_name": "<b>Ada</b>"}, escape="html") == (
        "<p>R&amp;D — &lt;b&gt;Ada&lt;/b&gt;</p>"
    )
    assert render(template, {"first_name": "A", "company": "x"}, escape=str.upper) == "<p>X — A</p>"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"template": 3, "fields": {}}, "template"),
        ({"template": "x", "fields": ["a"]}, "fields"),
        ({"template": "x", "fields": {}, "escape": "xml"}, "escape"),
        ({"template": "{{ a }}", "fields": {"a": "x"}, "escape": lambda text: 1}, "escape"),
    ],
)
def test_bad_arguments_name_the_field(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(ck.InvalidFieldError) as caught:
        render(**kwargs)  # type: ignore[arg-type]
    assert caught.value.field == field


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        # Not merge fields: stay exactly as written.
        ("{{ x.__class__ }}", "{{ x.__class__ }}"),
        ("{0.__globals__}", "{0.__globals__}"),
        ("{x.__init__.__globals__[os]}", "{x.__init__.__globals__[os]}"),
        ("{{ x:>999999999 }}", "{{ x:>999999999 }}"),
        ("{x:>999999999}", "{x:>999999999}"),
        ("{{ x!r }}", "{{ x!r }}"),
        ("{{ x[0] }}", "{{ x[0] }}"),
        ("{{ x() }}", "{{ x() }}"),
        ("{{ x | a | b }}", "{{ x | a | b }}"),
        ("{{ 0 }}", "{{ 0 }}"),
        ("{{ first-name }}", "{{ first-name }}"),
        ("${x} %(x)s {x} $x", "${x} %(x)s {x} $x"),
        ("{% for a in b %}{{ x", "{% for a in b %}{{ x"),
        # Nested braces: the innermost field is filled, the outer braces stay.
        ("{{ {{ x }} }}", "{{ <X> }}"),
        ("{{{{x}}}}", "{{<X>}}"),
        ("{{{ x }}}", "{<X>}"),
    ],
)
def test_hostile_templates_stay_inert(template: str, expected: str) -> None:
    assert render(template, {"x": "<X>"}, strict=False) == expected
    if "{{" in expected or "}}" in expected:  # raw double braces would reach the prospect
        with pytest.raises(ck.InvalidFieldError, match="is not a merge field"):
            render(template, {"x": "<X>"})
        assert malformed_fields(template)
    else:
        assert render(template, {"x": "<X>"}) == expected
        assert not malformed_fields(template)


@pytest.mark.parametrize(
    "template", ["Hi {{ first-name }}", "Hi {{ first name }}", "{{ x | {{ y }} }}", "a }} b"]
)
def test_strict_render_refuses_malformed_tags(template: str) -> None:
    # Before: strict render passed these through to the prospect as raw braces.
    with pytest.raises(ck.InvalidFieldError, match=r"^template '.*': is not a merge field"):
        render(template, {"x": "1", "y": "2", "first_name": "Ada"})


def test_a_line_break_in_a_subject_value_is_refused() -> None:
    # Before: "Acme\r\nBcc: ..." went into the subject header as given.
    touch = ck.Touchpoint("email", 1, subject="Idea for {{ company }}", body="{{ company }}")
    for value in ("Acme\r\nBcc: all@example.com", "Acme\nX", "Acme\u2028X"):
        with pytest.raises(ck.InvalidFieldError, match="subject is one line"):
            touch.render({"company": value})
    assert touch.render({"company": "Acme"}).subject == "Idea for Acme"
    body_only = ck.Touchpoint("email", 1, body="{{ company }}")
    assert body_only.render({"company": "a\nb"}).body == "a\nb"  # a body may break lines


@pytest.mark.parametrize("strict", ["no", 0, None, 1.0])
def test_strict_takes_only_booleans(strict: object) -> None:
    # Before: render(strict="no") was read as strict=True.
    with pytest.raises(ck.InvalidFieldError, match=r"^strict"):
        render("{{ a }}", {}, strict=strict)  # type: ignore[arg-type]
    with pytest.raises(ck.InvalidFieldError, match=r"^strict"):
        ck.Touchpoint("email", 1, body="x").render({}, strict=strict)  # type: ignore[arg-type]


def test_the_parse_cache_is_bounded_by_size() -> None:
    # Before: 200 distinct 1 MB templates kept 383 MB (bounded by count only).
    from cadencekit import personalize

    for index in range(40):
        render(f"{index} {{{{ a }}}}" + "x" * 500_000, {"a": "1"})
    assert personalize._cached_bytes <= personalize._CACHE_BYTES
    assert sum(len(key) for key in personalize._cache) == personalize._cached_bytes
    huge = "y" * 2_000_000 + "{{ a }}"
    assert render(huge, {"a": "1"}).endswith("y1")
    assert huge not in personalize._cache


def test_parsing_is_linear_on_hostile_near_tags() -> None:
    # A ReDoS probe: 100 KB of near-tags within 300x of 1 KB of them (linear is about 100x,
    # quadratic about 10,000x). _parse_text, not render: render caches what it parsed.
    from cadencekit import personalize

    pieces = ["{{ a" + " " * 50, "{{{{", "{{ a |" + "b" * 40, "}}" * 20, "{{ " + "_" * 60]
    small, large = (repeat_to("".join(pieces), size) for size in (SMALL, LARGE))
    assert growth(personalize._parse_text, small, large) < LINEAR_BOUND


class Tripwire:
    """A value whose every hook fails the test: rendering must not run any of them."""

    def _trip(self, *args: object, **kwargs: object) -> NoReturn:
        raise AssertionError("rendering ran a value's own code")

    __str__ = __repr__ = __format__ = __getitem__ = __call__ = _trip  # type: ignore[assignment]
    __index__ = __int__ = __float__ = __bool__ = __len__ = __iter__ = _trip  # type: ignore[assignment]
    __getattr__ = _trip


class Sneaky(str):
    def __str__(self) -> str:
        raise AssertionError("rendering ran a str subclass's own __str__")


values = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.integers(),
    st.floats(),
    st.decimals(),
    st.booleans(),
    st.lists(st.integers(), max_size=2),
    st.builds(Tripwire),
    st.builds(Sneaky, st.text(max_size=5)),
)
names = st.sampled_from(["x", "first_name", "company", "_", "a1"])
pieces = st.one_of(
    st.text(alphabet="{}|.:!_[]()x 01\n", max_size=6),
    names.map(lambda name: "{{ " + name + " }}"),
    st.tuples(names, st.text(alphabet="ab {}|", max_size=4)).map(
        lambda pair: "{{" + pair[0] + "|" + pair[1] + "}}"
    ),
    st.text(max_size=6),
)
templates = st.lists(pieces, max_size=8).map("".join)


@given(templates, st.dictionaries(names, values, max_size=4), st.booleans())
def test_rendering_only_raises_cadence_errors_and_runs_no_value_code(
    template: str, fields: dict[str, object], strict: bool
) -> None:
    try:
        result = render(template, fields, strict=strict, escape="html")
    except ck.CadenceError:
        return
    assert isinstance(result, str)


@given(st.text())
def test_text_without_merge_fields_renders_as_itself(template: str) -> None:
    if not fields_in(template):
        assert render(template, {}) == template
        assert render(template, {}, escape="html") == template  # the template is never escaped


@given(templates)
def test_fields_in_names_exactly_what_strict_mode_asks_for(template: str) -> None:
    used = fields_in(template)
    missing: set[str] = set()
    if malformed_fields(template):
        with pytest.raises(ck.InvalidFieldError, match="is not a merge field"):
            render(template, {})
        return
    try:
        render(template, {})
    except ck.MissingFieldError as error:
        missing = set(error.fields)
    assert missing <= used
    assert render(template, {}, strict=False) == render(
        template, dict.fromkeys(used, ""), strict=False
    )
    filled = dict.fromkeys(used, "v")
    render(template, filled)  # every field it names, given, renders in strict mode
    assert all(name.isidentifier() and name.isascii() for name in used)


def test_fields_in_hand_examples() -> None:
    assert fields_in("Hi {{ first_name }} at {{ company | your team }}") == {
        "first_name",
        "company",
    }
    assert fields_in("{{ x.y }} {{ 1st }} {x} {{ x!r }}") == set()
    assert fields_in("{{{{x}}}}") == {"x"}


def test_touchpoint_render_fills_every_part_and_escapes_only_the_body() -> None:
    touch = Touchpoint(
        "email",
        1,
        subject="{{ company }} & you",
        body="<p>Hi {{ first_name }}</p>",
        cta="Would {{ company }} be open to a call?",
    )
    rendered = touch.render({"first_name": "Ada", "company": "R&D Co"}, escape="html")
    assert rendered == ck.Rendered(
        "R&D Co & you", "<p>Hi Ada</p>", "Would R&amp;D Co be open to a call?"
    )
    assert Touchpoint("call", 2).render({}) == ck.Rendered(None, None, None)


def test_touchpoint_render_names_missing_fields_of_all_parts_at_once() -> None:
    touch = Touchpoint("email", 1, subject="{{ a }}", body="{{ b }}", cta="{{ c | ok }}")
    with pytest.raises(ck.MissingFieldError) as caught:
        touch.render({})
    assert caught.value.fields == ("a", "b")
    assert touch.render({}, strict=False) == ck.Rendered("", "", "ok")


def test_a_render_takes_a_few_microseconds() -> None:
    import timeit

    template = "Hi {{ first_name }}, how is {{ company | your team }} doing with {{ topic }}?"
    fields = {"first_name": "Ada", "company": "Initech", "topic": "hiring"}
    per_call = min(timeit.repeat(lambda: render(template, fields), number=2000, repeat=3)) / 2000
    assert per_call < 50e-6  # a few µs on a laptop; generous for slow CI machines
