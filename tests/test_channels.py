"""Channels as teams use them: LinkedIn's actions, WhatsApp and a team's own channels."""

from __future__ import annotations

import json
import pickle
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cadencekit as ck
from cadencekit import Channel

US = ck.BusinessCalendar(country="US")
NEW_YORK = "America/New_York"

SOCIAL = ck.Cadence(
    "Social selling",
    [
        ck.Touchpoint("linkedin_visit", 1, label="Look at their profile"),
        ck.Touchpoint("linkedin_connect", 1, label="Connect, no pitch"),
        ck.Touchpoint("email", 2, label="Intro"),
        ck.Touchpoint("linkedin_message", 4, label="Thanks for connecting"),
        ck.Touchpoint("whatsapp", 6, label="Quick voice note"),
        ck.Touchpoint("custom:direct mail", 8, label="Send the book"),
    ],
)


def test_the_new_channels_have_labels_and_are_manual() -> None:
    assert [touch.channel.label for touch in SOCIAL] == [
        "LinkedIn profile visit",
        "LinkedIn connect",
        "Email",
        "LinkedIn message",
        "WhatsApp",
        "Direct mail",
    ]
    assert [touch.automated for touch in SOCIAL] == [False, False, True, False, False, False]
    assert ck.Touchpoint("LinkedIn_InMail", 1).channel is Channel.LINKEDIN_INMAIL


def test_linkedin_keeps_its_value_and_reads_as_before() -> None:
    assert Channel("linkedin") is Channel.LINKEDIN
    assert Channel.LINKEDIN.family is Channel.LINKEDIN
    assert {c.family for c in Channel if c.value.startswith("linkedin")} == {Channel.LINKEDIN}
    outline = ck.Cadence.from_text(
        "Day 1: Email/InMail\nDay 3: connection request\nDay 5: LinkedIn InMail to the CFO\n"
        "Day 6: LinkedIn InMail",
        name="c",
    )
    assert [t.channel_options for t in outline] == [
        (Channel.EMAIL, Channel.LINKEDIN),
        (Channel.LINKEDIN,),
        (Channel.LINKEDIN,),
        (Channel.LINKEDIN_INMAIL,),  # a part written as describe() writes the channel
    ]


def test_outlines_name_the_actions() -> None:
    outline = ck.Cadence.from_text(
        "Day 1: LinkedIn connect, then visit their profile\n"
        "Day 2: WhatsApp\nDay 4: LinkedIn message\nDay 5: LinkedIn InMail — the case study",
        name="c",
    )
    assert [t.channel for t in outline] == [
        Channel.LINKEDIN_CONNECT,
        Channel.LINKEDIN_VISIT,
        Channel.WHATSAPP,
        Channel.LINKEDIN_MESSAGE,
        Channel.LINKEDIN_INMAIL,
    ]
    assert ck.Cadence.from_text(outline.describe()) == outline


@pytest.mark.parametrize(
    "given_as", ["custom:Direct Mail", " custom:direct   mail ", "CUSTOM:direct mail"]
)
def test_a_custom_channel_is_one_value_however_written(given_as: str) -> None:
    channel = Channel(given_as)
    assert channel == Channel.custom("Direct mail") == "custom:direct mail"
    assert hash(channel) == hash(Channel.custom("direct mail"))
    assert channel.is_custom
    assert channel.is_manual
    assert channel.family is channel
    assert channel not in list(Channel)  # iteration lists the built-in channels
    assert pickle.loads(pickle.dumps(channel)) == channel


@pytest.mark.parametrize(
    "bad", ["custom:", "custom: ", "custom:-gift", "custom:" + "x" * 41, "fax"]
)
def test_a_bad_channel_is_refused_naming_the_field(bad: str) -> None:
    with pytest.raises(ck.InvalidFieldError) as error:
        ck.Touchpoint(bad, 1)
    assert error.value.field == "channel"
    assert repr(bad) in str(error.value)


def test_a_custom_channel_needs_its_prefix() -> None:
    with pytest.raises(ck.InvalidFieldError, match="'custom:<name>' for a team's own channel"):
        ck.Touchpoint("direct mail", 1)
    with pytest.raises(ck.InvalidFieldError, match="name"):
        Channel.custom("")


@given(st.from_regex(r"[a-z0-9][a-z0-9 _&'.-]{0,39}", fullmatch=True))
def test_any_team_name_round_trips(name: str) -> None:
    channel = Channel.custom(name)
    touch = ck.Touchpoint(channel, 1)
    data = json.loads(json.dumps(touch.to_dict()))
    assert ck.Touchpoint.from_dict(data) == touch
    event = ck.Event.touch("2026-11-23T09:00:00-05:00", 0, channel=channel)
    assert ck.Event.from_dict(json.loads(json.dumps(event.to_dict()))) == event


def _enrol(prospect: str, owner: str) -> ck.Enrollment:
    return ck.Enrollment.start(
        SOCIAL, prospect, "2026-11-23T08:00:00-05:00", calendar=US, tz=NEW_YORK, owner=owner
    )


def test_the_report_has_a_rate_for_each_channel_a_teams_last() -> None:
    ada = _enrol("ada@example.com", "ann")
    for step, at in enumerate(
        (
            "2026-11-23T09:00:00-05:00",
            "2026-11-23T09:05:00-05:00",
            "2026-11-24T09:00:00-05:00",
            "2026-11-27T09:00:00-05:00",
            "2026-12-01T09:00:00-05:00",
            "2026-12-03T09:00:00-05:00",
        )
    ):
        ada = ada.apply(ck.Event.touch(at, step))
    bob = _enrol("bob@example.com", "ann").apply(ck.Event.touch("2026-11-23T09:00:00-05:00", 0))
    bob = bob.apply(ck.Event.touch("2026-11-23T09:05:00-05:00", 1))
    bob = bob.apply(ck.Event.reply("2026-11-23T12:00:00-05:00", "positive", step=1))
    report = ck.report([ada, bob])
    channels = list(report.by_channel())
    assert channels == [
        Channel.EMAIL,
        Channel.LINKEDIN_CONNECT,
        Channel.LINKEDIN_MESSAGE,
        Channel.LINKEDIN_VISIT,
        Channel.WHATSAPP,
        Channel.custom("direct mail"),
    ]
    by_channel = report.by_channel()
    assert by_channel[Channel.LINKEDIN_CONNECT].positive_reply_rate.value == pytest.approx(0.5)
    assert by_channel[Channel.custom("direct mail")].reply_rate.value == pytest.approx(0.0)
    assert report.to_dict()["by_channel"].keys() >= {"linkedin_connect", "custom:direct mail"}


def test_plan_caps_connection_requests_and_a_teams_channel() -> None:
    people = [_enrol(f"p{n}@example.com", "ann") for n in range(5)]
    # the visits were made: the connection requests are next, two a day
    people = [person.apply(ck.Event.touch("2026-11-23T09:00:00-05:00", 0)) for person in people]
    capacity = ck.Capacity({"linkedin_connect": 2, "custom:direct mail": 1})
    agenda = ck.plan(people, capacity=capacity, calendar=US, start=date(2026, 11, 23), days=3)
    load = agenda.load["ann"]
    assert [day.get(Channel.LINKEDIN_CONNECT, 0) for day in load.values()] == [2, 2, 1]
    assert {touch.automated for touch in agenda.touches} == {False}
    assert {slip.item.channel for slip in agenda.slips} == {Channel.LINKEDIN_CONNECT}
    assert "the limit of 2 LinkedIn connects a day was reached" in str(agenda)
    assert "Mon 23 Nov 2026: 2 LinkedIn connects" in str(agenda)
    assert ck.Capacity.from_dict(capacity.to_dict()) == capacity
    connects = agenda.for_owner("ann", channels="linkedin_connect")
    assert {t.channel for day in connects.values() for t in day} == {Channel.LINKEDIN_CONNECT}


def test_ical_names_the_action() -> None:
    text = ck.to_ical(_enrol("ada@example.com", "ann").plan, channels=["linkedin_connect"])
    assert "LinkedIn connect" in text
    assert "Email" not in text.split("BEGIN:VEVENT", 1)[1]


def test_a_schedule_with_every_kind_of_channel_plots() -> None:
    pytest.importorskip("matplotlib")
    from matplotlib.figure import Figure

    plan = ck.schedule(SOCIAL, "2026-11-23T08:00:00-05:00", calendar=US, tz=NEW_YORK)
    ax = plan.plot(Figure().add_subplot(), calendar=US)
    labels = [label.get_text() for label in ax.get_yticklabels()]
    assert "Direct mail" in labels
    assert "LinkedIn connect" in labels
