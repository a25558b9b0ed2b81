"""Mailboxes, their pacing in plan(), and the suppression list."""

from __future__ import annotations

import itertools
from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cadencekit as ck

START = date(2026, 11, 23)
EMAIL = ck.Cadence("Mail", [ck.Touchpoint("email", 1), ck.Touchpoint("email", 3)])
MIXED = ck.Cadence(
    "Mixed",
    [
        ck.Touchpoint("email", 1),
        ck.Touchpoint("call", 1),
        ck.Touchpoint("email", 2, automated=False),
        ck.Touchpoint("sms", 3),
    ],
)
ZONES = ["UTC", "America/New_York", "Europe/Berlin", "Asia/Tokyo"]


def _start(
    prospect: str, zone: str = "UTC", owner: str | None = "ann", **facts: str
) -> ck.Enrollment:
    return ck.Enrollment.start(
        EMAIL, prospect, "2026-11-23T08:00:00", tz=zone, owner=owner, facts=facts or None
    )


def _plan(enrollments: list[ck.Enrollment], **options: object) -> ck.Agenda:
    settings: dict[str, object] = {
        "capacity": ck.Capacity(),
        "calendar": ck.BusinessCalendar(),
        "start": START,
        "days": 3,
        "tz": "UTC",
    }
    settings.update(options)
    return ck.plan(enrollments, **settings)  # type: ignore[arg-type]


# --- the values ---------------------------------------------------------------------


def test_a_ramp_starts_on_its_day_and_grows_to_its_cap() -> None:
    ramp = ck.Ramp(start=10, increase=5, cap=30, since="2026-11-23")
    assert [ramp.limit(START + timedelta(days=n)) for n in (-3, -1, 0, 1, 2, 4, 40)] == [
        0,
        0,
        10,
        15,
        20,
        30,
        30,
    ]


def test_a_ramp_never_goes_down() -> None:
    with pytest.raises(ck.CadenceError, match="cap 5: expected at least start"):
        ck.Ramp(start=10, increase=1, cap=5, since=START)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"per_day": -1}, "per_day -1"),
        ({"per_hour": 1.5}, "per_hour 1.5"),
        ({"gap": 5}, "gap 5"),
        ({"jitter": timedelta(days=40)}, "jitter"),
        ({"windows": {timedelta(seconds=5): 3}}, "windows"),
        ({"ramp": 3}, "ramp 3"),
    ],
)
def test_a_mailbox_refuses_bad_limits_naming_the_field(
    options: dict[str, object], message: str
) -> None:
    with pytest.raises(ck.CadenceError, match=message):
        ck.Mailbox("ann@seller.io", **options)  # type: ignore[arg-type]


def test_the_daily_limit_is_the_smaller_of_per_day_and_the_ramp() -> None:
    ramp = ck.Ramp(start=10, increase=20, cap=100, since=START)
    box = ck.Mailbox("a", per_day=40, ramp=ramp)
    assert [box.daily_limit(START + timedelta(days=n)) for n in range(3)] == [10, 30, 40]
    assert ck.Mailbox("b").daily_limit(START) is None
    hourly = ck.Mailbox("c", per_hour=9, windows={timedelta(hours=1): 12, timedelta(days=7): 99})
    assert hourly.rolling() == ((timedelta(hours=1), 9), (timedelta(days=7), 99))


def test_suppression_covers_the_person_by_email_or_domain_and_a_channel_by_address() -> None:
    block = ck.Suppression(
        ["Ada@Acme.com"], domains=["@Rival.com"], channels={"call": ["+1 (555) 010-0"]}
    )
    assert block.reason(" ADA@acme.com ") is not None
    assert block.reason("jo@rival.com", channel="sms") is not None
    assert block.reason("jo@sub.rival.com") is None  # a domain, not its subdomains
    assert block.reason("crm-1", facts={"email": "ada@acme.com"}) is not None
    assert block.reason("crm-1", channel="call", facts={"phone": "+15550100"}) is not None
    assert block.reason("crm-1", channel="voicemail", facts={"phone": "+1 555 0100"}) is not None
    assert block.reason("crm-1", channel="email", facts={"phone": "+15550100"}) is None
    assert block.reason("crm-1", channel="sms", facts={"phone": "+15550100"}) is None  # call only
    assert not ck.Suppression()
    assert block


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"emails": "ada@acme.com"}, "emails 'ada@acme.com': expected a list"),
        ({"emails": ["not-an-email"]}, "emails 'not-an-email'"),
        ({"domains": ["acme"]}, "domains 'acme'"),
        ({"channels": {"email": ["a@b.co"]}}, "channels 'email'"),
        ({"channels": {"fax": ["1"]}}, "channels 'fax'"),
    ],
)
def test_a_suppression_list_refuses_bad_entries(options: dict[str, object], message: str) -> None:
    with pytest.raises(ck.CadenceError, match=message):
        ck.Suppression(**options)  # type: ignore[arg-type]


# --- mailboxes in plan() --------------------------------------------------------------


def test_an_enrollment_sends_from_the_mailbox_its_fact_names_else_a_stable_pick() -> None:
    boxes = [ck.Mailbox("a@seller.io"), ck.Mailbox("b@seller.io"), ck.Mailbox("c@seller.io")]
    es = [_start(f"p{i}@acme.com") for i in range(30)]
    es.append(_start("named@acme.com", mailbox="b@seller.io"))
    agenda = _plan(es, mailboxes={"ann": boxes})
    chosen = {t.prospect: t.mailbox for t in agenda.touches}
    assert chosen["named@acme.com"] == "b@seller.io"
    assert set(chosen.values()) == {"a@seller.io", "b@seller.io", "c@seller.io"}
    again = _plan(list(reversed(es)), mailboxes={"ann": boxes})
    assert {t.prospect: t.mailbox for t in again.touches} == chosen
    # the same prospect in any case, the same mailbox
    upper = _plan([_start("P3@ACME.com")], mailboxes={"ann": boxes})
    assert upper.touches[0].mailbox == chosen["p3@acme.com"]


def test_a_mailbox_fact_must_name_one_of_the_owners_mailboxes() -> None:
    es = [_start("p@acme.com", mailbox="nope@seller.io")]
    with pytest.raises(ck.CadenceError, match=r"enrollments\[0\]\.facts\['mailbox'\] 'nope"):
        _plan(es, mailboxes={"ann": ck.Mailbox("a@seller.io")})


def test_a_mailbox_belongs_to_one_owner() -> None:
    box = ck.Mailbox("a@seller.io")
    with pytest.raises(ck.CadenceError, match="already named"):
        _plan([_start("p@acme.com")], mailboxes={"ann": box, "bob": [box]})


def test_mailboxes_and_an_email_session_do_not_mix() -> None:
    with pytest.raises(ck.CadenceError, match="mailboxes"):
        _plan(
            [_start("p@acme.com")],
            mailboxes={"ann": ck.Mailbox("a")},
            capacity=ck.Capacity(sessions={"email": "09:00-10:00"}),
        )


def test_only_emails_go_through_a_mailbox_and_calls_keep_their_plan() -> None:
    e = ck.Enrollment.start(MIXED, "p@acme.com", "2026-11-23T08:00:00+00:00", owner="ann")
    agenda = _plan([e], mailboxes={"ann": ck.Mailbox("a")}, forecast=True, days=5)
    by_channel = {t.channel.value: t for t in agenda.touches}
    assert by_channel["email"].mailbox == "a"
    assert by_channel["email"].at is not None  # automated sends get a time too
    assert by_channel["call"].mailbox is None
    assert by_channel["sms"].mailbox is None
    assert by_channel["email"].to_record()["mailbox"] == "a"


def test_each_slip_names_the_mailbox_limit_that_caused_it() -> None:
    es = [_start(f"p{i}@acme.com") for i in range(6)]
    ramp = ck.Ramp(start=1, increase=1, cap=10, since=START)
    daily = _plan(es, mailboxes={"ann": ck.Mailbox("a", per_day=2)})
    assert {s.cap for s in daily.slips} == {ck.Cap.MAILBOX_DAY}
    assert daily.slips[0].reason == "the limit of 2 sends a day from a was reached"
    ramped = _plan(es, mailboxes={"ann": ck.Mailbox("a", per_day=5, ramp=ramp)})
    assert ramped.slips[0].cap is ck.Cap.RAMP
    assert ramped.slips[0].reason == "the warm-up of a allowed 1 send that day"
    assert [len([t for t in ramped.touches if t.day == d]) for d in ramped.days] == [1, 2, 3]
    # the window is 09:00-17:00 (the cadence's): 8 sends an hour leave 64 a day
    many = [_start(f"q{i}@acme.com") for i in range(70)]
    hourly = _plan(many, mailboxes={"ann": ck.Mailbox("a", per_hour=8)}, days=1)
    assert len(hourly.touches) == 64
    assert hourly.slips[0].cap is ck.Cap.MAILBOX_WINDOW
    assert hourly.slips[0].reason == "the limit of 8 sends from a in any 1 hour was reached"
    gap = _plan(many, mailboxes={"ann": ck.Mailbox("a", gap=timedelta(minutes=10))}, days=1)
    assert len(gap.touches) == 48
    assert gap.slips[0].cap is ck.Cap.GAP
    assert "10 minutes between sends from a" in gap.slips[0].reason


def test_sends_land_in_the_prospects_window_after_now() -> None:
    es = [_start(f"p{i}@acme.com", zone) for i, zone in enumerate(ZONES)]
    agenda = _plan(
        es,
        mailboxes={"ann": ck.Mailbox("a", gap=timedelta(minutes=3))},
        now="2026-11-23T12:00:00+00:00",
    )
    for touch in agenda.touches:
        assert touch.at is not None
        local = touch.at.astimezone(touch.due.tzinfo)
        assert 9 <= local.hour < 17
        assert touch.at >= datetime.fromisoformat("2026-11-23T12:00:00+00:00")


# --- properties -----------------------------------------------------------------------


@st.composite
def mailbox_plans(draw: st.DrawFn) -> tuple[list[ck.Enrollment], dict[str, list[ck.Mailbox]]]:
    count = draw(st.integers(1, 60))
    owners = ["ann", "bob"]
    enrollments = []
    for i in range(count):
        zone = draw(st.sampled_from(ZONES))
        owner = draw(st.sampled_from(owners))
        hour = draw(st.integers(0, 23))
        enrollments.append(
            ck.Enrollment.start(
                draw(st.sampled_from([EMAIL, MIXED])),
                f"p{i}@acme{i % 4}.com",
                f"2026-11-2{draw(st.integers(0, 4))}T{hour:02d}:00:00",
                tz=zone,
                owner=owner,
            )
        )

    def box(name: str) -> ck.Mailbox:
        windows = draw(
            st.dictionaries(
                st.sampled_from([timedelta(hours=3), timedelta(hours=24), timedelta(days=7)]),
                st.integers(0, 12),
                max_size=2,
            )
        )
        ramp = draw(
            st.none()
            | st.builds(
                ck.Ramp,
                start=st.integers(0, 4),
                increase=st.integers(0, 3),
                cap=st.just(8),
                since=st.sampled_from(
                    [START - timedelta(days=1), START, START + timedelta(days=2)]
                ),
            )
        )
        return ck.Mailbox(
            name,
            per_day=draw(st.none() | st.integers(0, 10)),
            per_hour=draw(st.none() | st.integers(0, 4)),
            windows=windows,
            gap=timedelta(minutes=draw(st.integers(0, 90))),
            jitter=timedelta(minutes=draw(st.integers(0, 30))),
            ramp=ramp,
        )

    boxes = {
        owner: [box(f"{owner}{n}") for n in range(draw(st.integers(1, 2)))] for owner in owners
    }
    return enrollments, boxes


@given(mailbox_plans(), st.integers(0, 3), st.booleans())
def test_no_mailbox_ever_exceeds_any_of_its_limits(
    setup: tuple[list[ck.Enrollment], dict[str, list[ck.Mailbox]]], seed: int, forecast: bool
) -> None:
    enrollments, boxes = setup
    agenda = _plan(enrollments, mailboxes=boxes, seed=seed, days=5, forecast=forecast)
    mailboxes = {box.name: box for listed in boxes.values() for box in listed}
    sends: dict[str, list[datetime]] = defaultdict(list)
    per_day: dict[tuple[str, date], int] = defaultdict(int)
    for touch in agenda.touches:
        if touch.channel is not ck.Channel.EMAIL:
            assert touch.mailbox is None
            continue
        assert touch.mailbox in {box.name for box in boxes[touch.owner or ""]}
        assert touch.at is not None
        assert touch.day is not None
        local = touch.at.astimezone(touch.due.tzinfo)
        assert 9 <= local.hour < 17  # the cadence's window, on the prospect's clock
        sends[touch.mailbox].append(touch.at)
        per_day[touch.mailbox, touch.day] += 1
    for (name, day), count in per_day.items():
        limit = mailboxes[name].daily_limit(day)
        assert limit is None or count <= limit
    for name, times in sends.items():
        box = mailboxes[name]
        times.sort()
        for earlier, later in itertools.pairwise(times):
            assert later - earlier >= box.gap
        for span, most in box.rolling():
            for i in range(len(times) - most):  # every N+1 sends in a row span W or more
                assert times[i + most] - times[i] >= span
    for slip in agenda.slips:
        if slip.item.mailbox is not None and slip.cap in {
            ck.Cap.MAILBOX_DAY,
            ck.Cap.RAMP,
            ck.Cap.MAILBOX_WINDOW,
            ck.Cap.GAP,
        }:
            assert slip.detail is not None
            assert slip.item.mailbox in slip.detail


@st.composite
def crowded_mailboxes(
    draw: st.DrawFn,
) -> tuple[list[ck.Enrollment], ck.Mailbox, str | None]:
    """One rep's mailbox, often without a gap, under tight rolling limits, sending to
    prospects in several zones: a send due later may fall before sends already timed."""
    enrollments = [
        ck.Enrollment.start(
            EMAIL,
            f"p{i}@acme{i % 3}.com",
            f"2026-11-2{draw(st.integers(0, 3))}T{draw(st.integers(0, 23)):02d}:"
            f"{draw(st.sampled_from([0, 20, 45])):02d}:00",
            tz=draw(st.sampled_from([*ZONES, "America/Los_Angeles", "Australia/Sydney"])),
            owner="ann",
        )
        for i in range(draw(st.integers(12, 40)))
    ]
    windows = draw(
        st.dictionaries(
            st.sampled_from([timedelta(hours=2), timedelta(hours=3), timedelta(hours=24)]),
            st.integers(1, 4),
            max_size=2,
        )
    )
    box = ck.Mailbox(
        "ann@seller.io",
        per_hour=draw(st.none() | st.integers(1, 3)),
        windows=windows,
        gap=draw(st.sampled_from([timedelta(0), timedelta(0), timedelta(minutes=25)])),
    )
    return enrollments, box, draw(st.sampled_from([None, "UTC", "America/Chicago"]))


@given(crowded_mailboxes(), st.booleans())
def test_a_send_waits_only_as_long_as_a_limit_of_its_mailbox_requires(
    setup: tuple[list[ck.Enrollment], ck.Mailbox, str | None], forecast: bool
) -> None:
    # Every window is measured on any instants, whatever order the sends were timed
    # in: no window holds more than its limit, and a send that does not leave when
    # its hours allow (its due time, or the start of its hours: 09:00 on the
    # prospect's clock or midnight on the rep's) waits for a reason: the gap after
    # another send, or a window ending at its time that already holds the limit.
    enrollments, box, tz = setup
    agenda = _plan(enrollments, mailboxes={"ann": box}, days=4, tz=tz, forecast=forecast)
    times = sorted(t.at for t in agenda.touches if t.at is not None)
    assert len(times) == len([t for t in agenda.touches if t.mailbox is not None])
    for earlier, later in itertools.pairwise(times):
        assert later - earlier >= box.gap
    for span, most in box.rolling():
        for i in range(len(times) - most):
            assert times[i + most] - times[i] >= span
    for touch in agenda.touches:
        sent = touch.at
        assert sent is not None
        if sent == touch.due or sent.astimezone(touch.due.tzinfo).time() == time(9):
            continue
        if tz is not None and sent.astimezone(ZoneInfo(tz)).time() == time(0):
            continue
        others = list(times)
        others.remove(sent)
        gapped = bool(box.gap) and any(sent - other == box.gap for other in others)
        full = any(
            sum(1 for other in others if sent - span <= other < sent) >= most
            for span, most in box.rolling()
        )
        assert gapped or full, (touch, box)


@given(mailbox_plans(), st.integers(0, 3), st.booleans())
def test_a_daily_limit_slip_only_happens_on_a_day_the_mailbox_is_full(
    setup: tuple[list[ck.Enrollment], dict[str, list[ck.Mailbox]]], seed: int, forecast: bool
) -> None:
    # a send that found no time does not count: the day's limit held a touch back only
    # when that many sends of the mailbox got a time that day (the ramp's limit likewise)
    enrollments, boxes = setup
    agenda = _plan(enrollments, mailboxes=boxes, seed=seed, days=5, forecast=forecast)
    mailboxes = {box.name: box for listed in boxes.values() for box in listed}
    per_day: dict[tuple[str | None, date], int] = defaultdict(int)
    for touch in agenda.touches:
        assert touch.day is not None
        per_day[touch.mailbox, touch.day] += 1
    for slip in agenda.slips:
        if slip.cap not in {ck.Cap.MAILBOX_DAY, ck.Cap.RAMP}:
            continue
        assert slip.detail == slip.item.mailbox
        box = mailboxes[slip.detail or ""]
        held = [d for d in agenda.days_of(slip.item.owner) if slip.from_day <= d < slip.to_day]
        assert len(held) == slip.days
        for day in held:
            assert per_day[box.name, day] == box.daily_limit(day) == slip.limit
            ramp = box.ramp
            ramped = ramp is not None and (box.per_day is None or ramp.limit(day) < box.per_day)
            assert (slip.cap is ck.Cap.RAMP) == ramped


@given(mailbox_plans(), st.integers(0, 1000))
def test_the_same_seed_gives_the_same_plan(
    setup: tuple[list[ck.Enrollment], dict[str, list[ck.Mailbox]]], seed: int
) -> None:
    enrollments, boxes = setup
    first = _plan(enrollments, mailboxes=boxes, seed=seed)
    second = _plan(list(enrollments), mailboxes=boxes, seed=seed)
    assert first == second
    assert [t.at for t in first.touches] == [t.at for t in second.touches]


@given(mailbox_plans(), st.booleans())
def test_the_load_forecast_counts_every_send_within_every_limit(
    setup: tuple[list[ck.Enrollment], dict[str, list[ck.Mailbox]]], forecast: bool
) -> None:
    enrollments, boxes = setup
    agenda = _plan(enrollments, mailboxes=boxes, days=5, forecast=forecast)
    by_day, by_hour = agenda.mailbox_load(), agenda.mailbox_load(per="hour")
    mailed = [t for t in agenda.touches if t.mailbox is not None]
    assert sum(r["sends"] for r in by_day) == len(mailed) == sum(r["sends"] for r in by_hour)  # type: ignore[misc]
    names = [box.name for listed in boxes.values() for box in listed]
    assert list(dict.fromkeys(r["mailbox"] for r in by_day)) == names
    for row in (*by_day, *by_hour):
        assert row["limit"] is None or row["sends"] <= row["limit"]  # type: ignore[operator]
    waiting = {(r["mailbox"], r["day"]): r["held"] for r in by_day}
    for touch in agenda.backlog:  # what never went out waited every day up to the last
        if touch.mailbox is not None:
            assert waiting[touch.mailbox, agenda.days_of(touch.owner)[-1]] >= 1  # type: ignore[operator]
    for row in by_hour:
        assert row["hour"].minute == 0  # type: ignore[attr-defined]


def test_the_load_forecast_shows_a_ramp_that_cannot_keep_up() -> None:
    es = [_start(f"p{i}@acme.com") for i in range(12)]
    box = ck.Mailbox("ann@seller.io", per_hour=2, ramp=ck.Ramp(start=2, increase=2, cap=9,
                                                               since=START))  # fmt: skip
    agenda = _plan(es, mailboxes={"ann": box}, days=3)
    assert [(r["sends"], r["limit"], r["held"]) for r in agenda.mailbox_load()] == [
        (2, 2, 10),
        (4, 4, 6),
        (6, 6, 0),
    ]
    hours = agenda.mailbox_load(per="hour")
    assert hours[0]["hour"] == datetime(2026, 11, 23, 9, tzinfo=UTC)
    assert {r["limit"] for r in hours} == {2}
    with pytest.raises(ck.CadenceError, match="per 'week'"):
        agenda.mailbox_load(per="week")


def test_another_seed_moves_the_times_not_the_days() -> None:
    es = [_start(f"p{i}@acme.com") for i in range(5)]
    boxes = {"ann": ck.Mailbox("a", jitter=timedelta(minutes=20), gap=timedelta(minutes=30))}
    one, two = _plan(es, mailboxes=boxes, seed=1), _plan(es, mailboxes=boxes, seed=2)
    assert [t.day for t in one.touches] == [t.day for t in two.touches]
    assert [t.at for t in one.touches] != [t.at for t in two.touches]


# --- suppression ------------------------------------------------------------------------


@given(
    st.lists(st.integers(0, 40), max_size=10),
    st.lists(st.integers(0, 4), max_size=2),
    st.booleans(),
)
def test_suppressed_addresses_never_appear_and_each_is_shown_with_its_reason(
    emails: list[int], domains: list[int], forecast: bool
) -> None:
    es = [
        ck.Enrollment.start(
            MIXED, f"P{i}@Acme{i % 5}.com", "2026-11-23T08:00:00+00:00", owner="ann"
        )
        for i in range(40)
    ]
    block = ck.Suppression(
        [f"p{i}@acme{i % 5}.com" for i in emails], domains=[f"acme{d}.com" for d in domains]
    )
    agenda = _plan(es, suppress=block, forecast=forecast, days=5, capacity=ck.Capacity({"call": 3}))
    for touch in (*agenda.touches, *agenda.backlog):
        assert block.reason(touch.prospect) is None
    hidden = {slip.item.prospect for slip in agenda.suppressed}
    assert hidden == {e.prospect for e in es if block.reason(e.prospect) is not None}
    assert all(slip.cap is ck.Cap.SUPPRESSED for slip in agenda.suppressed)
    assert all(slip.reason.startswith("suppressed: ") for slip in agenda.suppressed)
    everything = _plan(es, forecast=forecast, days=5, capacity=ck.Capacity({"call": 3}))
    planned = {(t.index, t.step) for t in (*everything.touches, *everything.backlog)}
    kept = {(t.index, t.step) for t in (*agenda.touches, *agenda.backlog)}
    assert kept | {(s.item.index, s.item.step) for s in agenda.suppressed} == planned


@given(
    st.lists(st.integers(0, 29), max_size=8),
    st.lists(st.integers(0, 4), max_size=2),
    st.lists(st.integers(0, 29), max_size=4),
    st.sampled_from(["auto", "python"]),
)
def test_schedule_many_never_schedules_a_suppressed_address_and_lists_each_left_out(
    emails: list[int], domains: list[int], phones: list[int], engine: str
) -> None:
    prospects = [f"P{i}@Acme{i % 5}.com" for i in range(30)]
    numbers = [f"+1 555 01{i:02d}" if i % 3 else None for i in range(30)]
    block = ck.Suppression(
        [f"p{i}@acme{i % 5}.com" for i in emails],
        domains=[f"acme{d}.com" for d in domains],
        channels={"call": [f"+1555 01{i:02d}" for i in phones]},
    )
    starts = [datetime(2026, 11, 23, 8) + timedelta(hours=5 * i) for i in range(30)]
    if engine == "python":  # the pure-Python engine, as without numpy
        from cadencekit import bulk

        full = bulk._schedule_many(MIXED, starts, calendar=ck.BusinessCalendar(), tz="UTC",
                                   engine="python")  # fmt: skip
        columns = bulk._suppressed(full, MIXED, prospects, {"phone": numbers}, block)
    else:
        full = ck.schedule_many(MIXED, starts)
        columns = ck.schedule_many(
            MIXED, starts, prospects=prospects, facts={"phone": numbers}, suppress=block
        )
    kept = columns.to_records()
    for record in kept:
        index = int(record["enrollment"])  # type: ignore[call-overload]
        facts = {"phone": numbers[index]} if numbers[index] else {}
        assert block.reason(prospects[index], channel=str(record["channel"]), facts=facts) is None
    left = [(t.enrollment, t.step) for t in columns.suppressed]
    assert all(t.reason.startswith("suppressed: ") for t in columns.suppressed)
    assert all(t.prospect == prospects[t.enrollment] for t in columns.suppressed)
    everything = full.to_records()
    assert sorted([(r["enrollment"], r["step"]) for r in kept] + left) == [  # type: ignore[type-var]
        (r["enrollment"], r["step"]) for r in everything
    ]
    assert kept == [r for r in everything if (r["enrollment"], r["step"]) not in set(left)]
    assert ("suppressed" in repr(columns)) == bool(left)


def test_schedule_many_needs_a_prospect_per_start_to_suppress() -> None:
    starts = ["2026-11-23", "2026-11-24"]
    block = ck.Suppression(domains=["rival.com"])
    with pytest.raises(ck.CadenceError, match="prospects"):
        ck.schedule_many(EMAIL, starts, suppress=block)
    with pytest.raises(ck.CadenceError, match="prospects '1 values': expected one per start"):
        ck.schedule_many(EMAIL, starts, prospects=["a@b.co"], suppress=block)
    with pytest.raises(ck.CadenceError, match=r"facts\['phone'\]\[1\]"):
        ck.schedule_many(
            EMAIL, starts, prospects=["a@b.co", "c@d.co"], facts={"phone": ["1", 2]}, suppress=block
        )
    with pytest.raises(ck.CadenceError, match="suppress"):
        ck.schedule_many(EMAIL, starts, prospects=["a@b.co", "c@d.co"], suppress=["rival.com"])  # type: ignore[arg-type]
    columns = ck.schedule_many(EMAIL, starts, prospects=["a@b.co", "jo@rival.com"], suppress=block)
    assert [t.to_record() for t in columns.suppressed] == [
        {
            "enrollment": 1,
            "prospect": "jo@rival.com",
            "step": step,
            "channel": "email",
            "reason": "suppressed: the domain rival.com is on the suppression list",
        }
        for step in (0, 1)
    ]
    assert columns.to_dict()["enrollment"] == [0, 0]


RUNS = ck.simulate(
    ck.presets.eight_touch(),
    [f"p{i}@acme{i % 7}.com" for i in range(80)],
    model=ck.ResponseModel(),
    seed=5,
    start="2026-11-02T08:00:00-05:00",
)


@given(st.lists(st.integers(0, 79), max_size=12), st.lists(st.integers(0, 6), max_size=2))
def test_a_report_counts_and_names_the_suppressed_and_keeps_every_rate(
    emails: list[int], domains: list[int]
) -> None:
    block = ck.Suppression(
        [f"P{i}@Acme{i % 7}.com" for i in emails], domains=[f"acme{d}.com" for d in domains]
    )
    plain, marked = ck.report(RUNS), ck.report(RUNS, suppress=block)
    assert marked.rates() == plain.rates()
    assert marked.by_step() == plain.by_step()
    assert marked.time_to_first_reply == plain.time_to_first_reply
    named = {e.prospect: block.reason(e.prospect) for e in RUNS if block.reason(e.prospect)}
    assert marked.suppressed_prospects() == named
    assert marked.suppressed == len(named) == marked.to_dict()["suppressed"]
    assert (f"{len(named)} enrollment" in str(marked)) == bool(named)
    apart = marked.by(lambda k: k.suppressed is None)
    assert sum(part.enrolled for part in apart.values()) == marked.enrolled
    if named:
        assert apart[False].suppressed == apart[False].enrolled == len(named)
    halves = [ck.report(RUNS[:30], suppress=block), ck.report(RUNS[30:], suppress=block)]
    assert ck.merge_reports(halves) == marked


def test_a_report_of_a_table_names_the_suppressed_as_one_of_enrollments_does() -> None:
    cadence = ck.Cadence("Mixed", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 2)])
    rows = [
        {"prospect": p, "kind": "touch", "step": 0, "at": "2026-11-23T09:00:00+00:00",
         "started": "2026-11-23T08:00:00+00:00"}
        for p in ("ada@acme.com", "jo@rival.com", "kim@beta.io")
    ]  # fmt: skip
    block = ck.Suppression(domains=["rival.com"])
    table = ck.read_events(rows)
    of_table = ck.report(table, cadences=cadence, suppress=block)
    es = ck.replay_many(table, cadence)
    assert of_table == ck.report(es, suppress=block)
    assert of_table.suppressed_prospects() == {
        "jo@rival.com": "suppressed: the domain rival.com is on the suppression list"
    }
    calls = ck.Suppression(channels={"call": ["+1 555 0100"]})
    called = ck.Enrollment.start(
        cadence, "x@y.co", "2026-11-23T08:00:00+00:00", facts={"phone": "+15550100"}
    )
    assert ck.report([called], suppress=calls).suppressed_prospects() == {
        "x@y.co": "suppressed: the call address +15550100 is on the suppression list"
    }
    with pytest.raises(ck.CadenceError, match="suppress"):
        ck.report(es, suppress={"rival.com"})  # type: ignore[arg-type]


def test_a_suppressed_phone_stops_calls_not_emails() -> None:
    e = ck.Enrollment.start(
        MIXED, "p@acme.com", "2026-11-23T08:00:00+00:00", owner="ann", facts={"phone": "+15550100"}
    )
    block = ck.Suppression(channels={"call": ["+1 555 0100"]})
    agenda = _plan([e], suppress=block, forecast=True, days=5)
    assert {t.channel.value for t in agenda.touches} == {"email", "sms"}
    assert [s.item.channel.value for s in agenda.suppressed] == ["call"]
    assert "suppressed" in str(agenda)


def test_can_enroll_refuses_a_suppressed_prospect_first() -> None:
    block = ck.Suppression(domains=["acme.com"])
    at = "2026-11-24T09:00:00+00:00"
    assert ck.can_enroll([], EMAIL, at, prospect="Jo@ACME.com", suppress=block).reason == (
        "suppressed: the domain acme.com is on the suppression list"
    )
    old = ck.Enrollment.start(
        EMAIL, "crm-9", "2026-10-01T09:00:00+00:00", facts={"email": "x@acme.com"}
    )
    assert not ck.can_enroll([old], "Other", at, suppress=block)
    assert ck.can_enroll([], EMAIL, at, prospect="jo@other.com", suppress=block)
    with pytest.raises(ck.CadenceError, match="suppress"):
        ck.can_enroll([], EMAIL, at, suppress=["acme.com"])  # type: ignore[arg-type]


def test_records_and_explain_show_what_was_suppressed() -> None:
    es = [_start("jo@rival.com"), _start("ada@acme.com")]
    agenda = _plan(es, suppress=ck.Suppression(domains=["rival.com"]))
    records = agenda.to_records()
    assert [(r["prospect"], r["status"]) for r in records] == [
        ("ada@acme.com", "planned"),
        ("jo@rival.com", "suppressed"),
    ]
    assert records[1]["reason"] == "suppressed: the domain rival.com is on the suppression list"
    assert agenda.explain("jo@rival.com").endswith(
        "not planned, suppressed: the domain rival.com is on the suppression list"
    )


def test_a_send_paced_out_gives_back_what_it_took_of_the_day() -> None:
    # nine sends due at once, one an hour from 09:00 to 17:00: the ninth is paced out
    # after taking its place under per_prospect; it waits, and is sent the next day
    es = [_start(f"P{i}@Acme.com") for i in range(9)]
    agenda = _plan(
        es,
        mailboxes={"ann": ck.Mailbox("a", per_hour=1)},
        capacity=ck.Capacity(per_prospect=1, per_domain=9),
        days=2,
    )
    first, second = agenda.days[0], agenda.days[1]
    assert len([t for t in agenda.touches if t.day == first]) == 8
    assert [t.prospect for t in agenda.touches if t.day == second] == ["P8@Acme.com"]
    assert [s.cap for s in agenda.slips] == [ck.Cap.MAILBOX_WINDOW]


def test_the_daily_limit_counts_only_sends_that_got_a_time() -> None:
    # 5 a day and 5 in any 7 days: Monday sends five, then the week is full. Tuesday's
    # sends find no time, so none of Tuesday's slips may blame the daily limit
    es = [
        ck.Enrollment.start(
            EMAIL, f"p{i}@acme{i}.com", "2026-11-23T08:00:00", tz="UTC", owner="ann"
        )
        for i in range(12)
    ]
    capacity = ck.Capacity(mailbox_per_day=5, mailbox_windows={timedelta(days=7): 5})
    for options in (
        {"capacity": capacity},
        {"mailboxes": {"ann": ck.Mailbox("ann", per_day=5, windows={timedelta(days=7): 5})}},
    ):
        agenda = _plan(es, **options)
        monday, tuesday = agenda.days[0], agenda.days[1]
        assert [t.day for t in agenda.touches] == [monday] * 5
        assert {s.cap for s in agenda.slips if s.from_day == monday} == {ck.Cap.MAILBOX_DAY}
        after = [s for s in agenda.slips if s.from_day >= tuesday]
        assert len(after) == 7
        assert {s.cap for s in after} == {ck.Cap.MAILBOX_WINDOW}
        assert all(s.to_day == agenda.days[-1] + timedelta(days=1) for s in after)


def test_a_send_turned_away_by_the_daily_limit_takes_the_place_of_one_paced_out() -> None:
    # 2 a day, 1 an hour, and it is 16:30 UTC: of the two London prospects (hours end at
    # 17:00) only one can be sent; the New Yorker turned away by the daily limit fits at 17:30
    es = [_start(f"p{i}@acme.com") for i in range(2)] + [_start("ny@acme.com", "America/New_York")]
    agenda = _plan(
        es,
        mailboxes={"ann": ck.Mailbox("a", per_day=2, per_hour=1)},
        now="2026-11-23T16:30:00+00:00",
        days=1,
    )
    sent = {t.prospect: t.at for t in agenda.touches}
    assert sent == {
        "p0@acme.com": datetime(2026, 11, 23, 16, 30, tzinfo=UTC),
        "ny@acme.com": datetime(2026, 11, 23, 17, 30, tzinfo=UTC),
    }
    assert [(s.item.prospect, s.cap) for s in agenda.slips] == [
        ("p1@acme.com", ck.Cap.MAILBOX_WINDOW)
    ]


def test_a_send_paced_out_lets_a_touch_its_domain_limit_turned_away_go() -> None:
    # the same day, limited by the domain: the paced-out send gives back its place under it
    es = [_start(f"p{i}@acme.com") for i in range(2)] + [_start("ny@acme.com", "America/New_York")]
    agenda = _plan(
        es,
        mailboxes={"ann": ck.Mailbox("a", per_hour=1)},
        capacity=ck.Capacity(per_domain=2),
        now="2026-11-23T16:30:00+00:00",
        days=1,
    )
    assert sorted(t.prospect for t in agenda.touches) == ["ny@acme.com", "p0@acme.com"]
    assert [(s.item.prospect, s.cap) for s in agenda.slips] == [
        ("p1@acme.com", ck.Cap.MAILBOX_WINDOW)
    ]
