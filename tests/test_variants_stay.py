"""Variants that stay put (issue 26, item 8): new weights move only new prospects."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cadencekit as ck

START = "2026-11-23T08:00:00+00:00"


def intro(a: float, b: float) -> ck.Cadence:
    touch = ck.Touchpoint(
        "email",
        1,
        label="Intro",
        variants=[ck.Variant("A", weight=a), ck.Variant("B", subject="Quick question", weight=b)],
    )
    return ck.Cadence("Intro", [touch, ck.Touchpoint("call", 3)])


PEOPLE = [f"p{i}@example.com" for i in range(20)]


def test_a_rolled_out_winner_moves_only_new_prospects() -> None:
    old, new = intro(1, 1), intro(1, 9)  # B won: 90% of new prospects get it
    flight = [ck.Enrollment.start(old, p, START) for p in PEOPLE]
    before = [e.variant_of(0).name for e in flight]  # type: ignore[union-attr]
    migrated = [e.migrate(new) for e in flight]
    assert [e.variant_of(0).name for e in migrated] == before  # type: ignore[union-attr]
    fresh = [ck.Enrollment.start(new, p, START) for p in PEOPLE]
    moved = sum(
        e.variant_of(0).name != name  # type: ignore[union-attr]
        for e, name in zip(fresh, before, strict=True)
    )
    assert moved > 0  # the new weights do change new prospects' variants
    for e in migrated:  # kept through storage and a late event's refold
        again = ck.Enrollment.from_dict(e.to_dict())
        assert again == e
        assert again.variant_of(0) == e.variant_of(0)
        late = e.apply(ck.Event.open("2026-11-23T09:00:00+00:00", 0))
        assert late.variant_of(0) == e.variant_of(0)


def test_a_recorded_touch_names_its_variant() -> None:
    e = ck.Enrollment.start(intro(1, 1), "ada@example.com", START)
    other = "A" if e.variant_of(0).name == "B" else "B"  # type: ignore[union-attr]
    sent = e.apply(ck.Event.touch("2026-11-23T09:00:00+00:00", 0, variant=other))
    assert sent.variant_of(0).name == other  # type: ignore[union-attr]


def test_a_stored_assignment_is_checked() -> None:
    e = ck.Enrollment.start(intro(1, 1), "ada@example.com", START).migrate(intro(1, 9))
    data = e.to_dict()
    data["variants"] = {"zero": "A"}
    with pytest.raises(ck.SchemaError, match="variants"):
        ck.Enrollment.from_dict(data)


@given(
    st.floats(0.01, 100),
    st.floats(0.01, 100),
    st.floats(0.01, 100),
    st.floats(0.01, 100),
    st.lists(st.text("abcdef@.", min_size=1, max_size=12), min_size=1, max_size=10),
)
def test_no_weight_change_moves_a_prospect_in_flight(
    a: float, b: float, c: float, d: float, people: list[str]
) -> None:
    for prospect in people:
        e = ck.Enrollment.start(intro(a, b), prospect, START)
        kept = e.migrate(intro(c, d)).variant_of(0)
        assert kept is not None
        assert kept.name == e.variant_of(0).name  # type: ignore[union-attr]
        assert ck.Enrollment.start(intro(c, d), prospect, START).variant_of(0) == (
            intro(c, d).touchpoints[0].variant_for(prospect)
        )
