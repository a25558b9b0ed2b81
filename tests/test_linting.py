from __future__ import annotations

import json

import attrs
import pytest
from hypothesis import given

import cadencekit as ck
from cadencekit import Cadence, Finding, SendHours, Severity, Touchpoint, lint
from cadencekit._lintcodes import LINT_CODES
from cadencekit.linting import SEVERITIES
from tests.test_cadence import cadences

# A cadence that follows every practice: four channels, seven touches over
# twelve business days, gaps that widen (2, 2, 3, 4), a value step, a clear
# ask on every message and call, manual steps, merge fields in every email and
# a breakup at the end.
# Who writes from where, and how to stop the emails: every automated email carries both.
SIGNED = '\n{{ signature }}\nReply "unsubscribe" to stop these emails.'

GOOD = Cadence(
    "Outbound, VP Sales",
    [
        Touchpoint(
            "email",
            1,
            subject="Idea for {{ company }}",
            body="Hi {{ first_name }}, teams like yours cut ramp time by a third." + SIGNED,
            cta="Would you be open to a 10-minute call?",
        ),
        Touchpoint("call", 1, cta="Book a 10-minute call next week."),
        Touchpoint("linkedin", 3, label="Connection request"),
        Touchpoint(
            "email",
            5,
            subject="{{ company }} and the 2026 benchmark report",
            body="Hi {{ first_name }}, here is the case study I mentioned. Worth a call?" + SIGNED,
        ),
        Touchpoint("call", 5, body="Ask how they plan Q3; offer a 10-minute call next week?"),
        Touchpoint(
            "voicemail",
            5,
            body="It's Sam from Acme; call me back at 555-0100.",
            skip_if_connected=True,
        ),
        Touchpoint("call", 8, cta="Book a 10-minute call next week."),
        Touchpoint(
            "email",
            12,
            subject="Should I close your file, {{ first_name }}?",
            body="If this is not a priority right now, just say so and I'll stop reaching out."
            + SIGNED,
        ),
    ],
)

ASK = "Would you be open to a 10-minute call?"
GOAL = "Book a 10-minute call next week."


def call(day: int, **kwargs: object) -> Touchpoint:
    return Touchpoint("call", day, cta=kwargs.pop("cta", GOAL), **kwargs)  # type: ignore[arg-type]


def text(day: int) -> Touchpoint:
    return Touchpoint("sms", day, body="Hi {{ first_name }}", cta="Free for a call Tuesday?")


def email(day: int, text: str = "Hi {{ first_name }}", **kwargs: str) -> Touchpoint:
    return Touchpoint("email", day, body=text + SIGNED, cta=kwargs.pop("cta", ASK), **kwargs)


def codes(cadence: Cadence, **kwargs: object) -> list[str]:
    return [finding.code for finding in lint(cadence, **kwargs)]  # type: ignore[arg-type]


def test_the_good_cadence_lints_clean() -> None:
    assert lint(GOOD) == []
    assert lint(GOOD, fields=["first_name", "company", "signature"]) == []


def evolve_step(step: int, **changes: object) -> Cadence:
    touchpoints = list(GOOD.touchpoints)
    touchpoints[step] = attrs.evolve(touchpoints[step], **changes)  # type: ignore[arg-type]
    return attrs.evolve(GOOD, touchpoints=touchpoints)


# (code, a minimal cadence that breaks the practice, its fixed twin, lint kwargs)
CASES = [
    (
        "too-short",
        Cadence("c", [email(1), Touchpoint("call", 2), email(4)]),
        Cadence("c", [email(1), Touchpoint("call", 2), email(5)]),
        {},
    ),
    (
        "too-few-touches",
        Cadence("c", [email(1), Touchpoint("call", 2), email(4), Touchpoint("call", 6)]),
        Cadence("c", [email(1), Touchpoint("call", 2), email(4), Touchpoint("call", 6), email(9)]),
        {},
    ),
    (
        "over-contacting",  # three touches on a day
        Cadence("c", [email(1), Touchpoint("call", 1), Touchpoint("linkedin", 1)]),
        Cadence(
            "c",
            [email(1), Touchpoint("call", 1), Touchpoint("voicemail", 1, skip_if_connected=True)],
        ),
        {},
    ),
    (
        "over-contacting",  # a voicemail left even if the call connects is a touch of its own
        Cadence("c", [email(1), call(1), Touchpoint("voicemail", 1, cta="Call me back?")]),
        Cadence("c", [email(1), call(1), Touchpoint("voicemail", 1, skip_if_connected=True)]),
        {},
    ),
    (
        "sms-cluster",  # "avoid clustering too many texts together"
        Cadence("c", [email(1), text(2), text(3)]),
        Cadence("c", [email(1), text(2), text(4)]),
        {},
    ),
    (
        "sms-cluster",  # two texts on one day
        Cadence("c", [text(1), text(1), email(3)]),
        Cadence("c", [text(1), email(1), text(3)]),
        {},
    ),
    (
        "over-contacting",  # three emails on consecutive days
        Cadence("c", [email(1), email(2), email(3)]),
        Cadence("c", [email(1), email(2), email(4)]),
        {},
    ),
    (
        "shrinking-gaps",
        Cadence("c", [email(1), Touchpoint("call", 2), email(8), Touchpoint("call", 9)]),
        Cadence("c", [email(1), Touchpoint("call", 2), email(4), Touchpoint("call", 9)]),
        {},
    ),
    (
        "single-channel",
        Cadence("c", [email(1), email(3)]),
        Cadence("c", [email(1), Touchpoint("call", 3)]),
        {},
    ),
    (
        "over-automation",  # "over automating outreach": nobody reads the answers
        Cadence("c", [email(1), email(3), Touchpoint("sms", 5, cta="?", automated=True)]),
        Cadence("c", [email(1), email(3, automated=False), Touchpoint("sms", 5, cta="?")]),
        {},
    ),
    (
        "empty-follow-up",
        evolve_step(3, subject="Following up", body="Did you get my last email?"),
        evolve_step(3, subject="Following up", body="Here is the case study I mentioned."),
        {},
    ),
    (
        "empty-follow-up",  # a voicemail script that only chases
        evolve_step(5, body="Just checking in, call me back."),
        evolve_step(5, body="Calling with an idea for {{ company }}, call me back."),
        {},
    ),
    (
        "no-value-step",
        Cadence("c", [email(1), Touchpoint("call", 3)]),
        Cadence("c", [email(1, "Hi {{ first_name }}, a guide for you"), Touchpoint("call", 3)]),
        {},
    ),
    (
        "missing-cta",  # an email with no ask
        Cadence("c", [Touchpoint("email", 1, body="Hi {{ first_name }}, here is our report.")]),
        Cadence("c", [Touchpoint("email", 1, body="Hi {{ first_name }}, want our report?")]),
        {},
    ),
    (
        "missing-cta",  # a voicemail that does not ask for a callback
        Cadence("c", [Touchpoint("voicemail", 1, body="Hi, it's Sam from Acme.")]),
        Cadence("c", [Touchpoint("voicemail", 1, body="Hi, it's Sam; my number is 555-0100.")]),
        {},
    ),
    (
        "missing-cta",  # a call without a goal: "a clear goal for every phone call"
        Cadence("c", [email(1), Touchpoint("call", 2, body="Introduce the product.")]),
        Cadence("c", [email(1), Touchpoint("call", 2, body="Ask to book a demo next week.")]),
        {},
    ),
    (
        "missing-cta",  # the cta field is a clear next step on its own
        Cadence("c", [Touchpoint("sms", 1, body="Hi {{ first_name }}")]),
        Cadence("c", [Touchpoint("sms", 1, body="Hi {{ first_name }}", cta="Free Tuesday?")]),
        {},
    ),
    (
        "not-personalized",
        Cadence("c", [email(1, "Hi there")]),
        Cadence("c", [email(1, "Hi {{ first_name | there }}")]),
        {},
    ),
    (
        "no-breakup",
        Cadence("c", [email(1), email(5, "Hi {{ first_name }}, one more idea")]),
        Cadence("c", [email(1), email(5, "Hi {{ first_name }}, closing the loop")]),
        {},
    ),
    (
        "after-breakup",  # a touch after "I'll stop reaching out"
        Cadence("c", [email(1), email(5, "Hi {{ first_name }}, closing the loop"), call(7)]),
        Cadence("c", [email(1), call(5), email(7, "Hi {{ first_name }}, closing the loop")]),
        {},
    ),
    (
        "unknown-field",
        Cadence("c", [email(1, "Hi {{ first_name }} at {{ company }}")]),
        Cadence("c", [email(1, "Hi {{ first_name }} at {{ company }}")]),
        {"fields": ["first_name"]},
    ),
    (  # issue 17: raw braces would reach the prospect
        "malformed-field",
        Cadence("c", [email(1, "Hi {{ first-name }}")]),
        Cadence("c", [email(1, "Hi {{ first_name }}")]),
        {},
    ),
    (
        "pitch-in-plain-text",
        Cadence(
            "c", [email(1, "Here it is. Pricing starts at $99.", cta="Questions?", format="plain")]
        ),
        Cadence("c", [email(1, "Here it is, as promised.", cta="Questions?", format="plain")]),
        {},
    ),
    (
        "pitch-in-plain-text",
        Cadence("c", [email(1, "The report {{ link }}", cta="Book a meeting?", format="plain")]),
        Cadence(
            "c", [email(1, "The report {{ link }}", cta="Book a meeting?")]
        ),  # html: a pitch is fine
        {},
    ),
    (
        "message-not-connected",
        Cadence("c", [email(1), Touchpoint("linkedin_message", 3)]),
        Cadence("c", [Touchpoint("linkedin_connect", 1), Touchpoint("linkedin_message", 3)]),
        {},
    ),
    (
        "message-not-connected",
        Cadence("c", [Touchpoint("linkedin_message", 1)]),
        Cadence("c", [Touchpoint("linkedin_message", 1, alternatives=["linkedin_inmail"])]),
        {},
    ),
    (
        "time-outside-window",
        Cadence("c", [Touchpoint("call", 1, at_time="08:00", window=("08:30", "11:00"))]),
        Cadence("c", [Touchpoint("call", 1, at_time="08:30", window=("08:30", "11:00"))]),
        {},
    ),
    (
        "time-outside-window",
        Cadence("c", [email(1, at_time="13:00")], window=SendHours("09:00-12:00, 14:00-17:00")),
        Cadence("c", [email(1, at_time="14:00")], window=SendHours("09:00-12:00, 14:00-17:00")),
        {},
    ),
]


CASES += [
    (  # CAN-SPAM, PECR, GDPR: a way out in every automated email
        "no-unsubscribe",
        Cadence("c", [Touchpoint("email", 1, body="Hi {{ first_name }}\n{{ signature }}")]),
        Cadence(
            "c",
            [Touchpoint("email", 1, body="Hi {{ first_name }}\n{{ signature }}\nOpt out here.")],
        ),
        {},
    ),
    (  # an unsubscribe link as a merge field
        "no-unsubscribe",
        Cadence("c", [email(3, automated=True), Touchpoint("email", 5, body="Hi {{ signature }}")]),
        Cadence(
            "c",
            [email(3), Touchpoint("email", 5, body="Hi\n{{ signature }}\n{{ unsubscribe_url }}")],
        ),
        {},
    ),
    (  # a manual email is the rep's own letter: the rule is for the automated ones
        "no-unsubscribe",
        Cadence("c", [Touchpoint("email", 1, body="Hi {{ first_name }}, {{ signature }}")]),
        Cadence("c", [Touchpoint("email", 1, body="Hi", automated=False)]),
        {},
    ),
    (
        "no-sender-identity",
        Cadence("c", [Touchpoint("email", 1, body='Hi. Reply "stop" to opt out.')]),
        Cadence(
            "c",
            [
                Touchpoint(
                    "email",
                    1,
                    body='Hi. Reply "stop" to opt out.\nAcme Inc., PO Box 12, Springfield',
                )
            ],
        ),
        {},
    ),
    (
        "no-sender-identity",
        Cadence("c", [Touchpoint("email", 1, body="Hallo. Abmelden: {{ unsubscribe_link }}")]),
        Cadence(
            "c",
            [
                Touchpoint(
                    "email",
                    1,
                    body="Hallo. Abmelden: {{ unsubscribe_link }}\n"
                    "Acme GmbH, Hauptstraße 5, Berlin",
                )
            ],
        ),
        {},
    ),
    (  # the TCPA's hours: calls and texts from 08:00 to 21:00, the prospect's time
        "night-send",
        Cadence("c", [email(1), call(2, window=("07:00", "10:00"))]),
        Cadence("c", [email(1), call(2, window=("08:00", "10:00"))]),
        {},
    ),
    (  # the cadence's window, for every step without one of its own
        "night-send",
        Cadence(
            "c",
            [email(1), call(2)],
            window=ck.SendHours({"Mon-Fri": "09:00-17:00", "Sat": "18:00-22:00"}),
        ),
        Cadence("c", [email(1), call(2, window=("09:00", "12:00"))], window=("06:00", "12:00")),
        {"daytime": ("06:00", "21:00")},
    ),
]


@pytest.mark.parametrize(
    ("code", "bad", "fixed", "kwargs"),
    CASES,
    ids=[f"{case[0]}-{index}" for index, case in enumerate(CASES)],
)
def test_each_code_fires_on_the_bad_cadence_not_on_its_fixed_twin(
    code: str, bad: Cadence, fixed: Cadence, kwargs: dict[str, object]
) -> None:
    assert code in codes(bad, **kwargs)
    if code == "unknown-field":
        kwargs = {"fields": ["first_name", "company", "signature"]}
    assert code not in codes(fixed, **kwargs)


def test_the_footer_a_sending_system_appends_counts_for_every_automated_email() -> None:
    bare = Cadence("c", [Touchpoint("email", 1, body="Hi {{ first_name }}"), email(3)])
    law = ["no-unsubscribe", "no-sender-identity"]
    assert [c for c in codes(bare) if c in law] == law
    footer = "{{ sender_name }}, 1 Main Street\n<a href='{{ unsubscribe }}'>Stop</a>"
    assert [c for c in codes(bare, footer=footer) if c in law] == []
    assert [c for c in codes(bare, footer="Acme Inc.") if c in law] == law
    with pytest.raises(ck.InvalidFieldError, match="footer"):
        lint(bare, footer=["{{ unsubscribe }}"])  # type: ignore[arg-type]
    with pytest.raises(ck.CadenceError, match="daytime"):
        lint(bare, daytime="08-21")  # type: ignore[arg-type]
    with pytest.raises(ck.InvalidFieldError, match=r"daytime \('21:00', '08:00'\)"):
        lint(bare, daytime=("21:00", "08:00"))


def test_a_signature_or_an_unsubscribe_link_is_no_personalisation() -> None:
    plain = Cadence(
        "c", [Touchpoint("email", 1, body="Hi\n{{ signature }}\n{{ unsubscribe_link }}")]
    )
    assert "not-personalized" in codes(plain)


def test_every_code_has_a_case_a_severity_and_a_check() -> None:
    assert {case[0] for case in CASES} == set(LINT_CODES) == set(SEVERITIES)
    assert {code for code, severity in SEVERITIES.items() if severity is Severity.ERROR} == {
        "over-contacting",
        "unknown-field",
        "malformed-field",
        "no-unsubscribe",
        "no-sender-identity",
        "night-send",
    }


def test_findings_say_where_and_what_to_do() -> None:
    bad = Cadence(
        "c",
        [email(1), Touchpoint("call", 1), Touchpoint("linkedin", 1), email(2), email(3)],
        allow={"too-short", "no-value-step", "no-breakup", "missing-cta"},
    )
    assert [str(finding) for finding in lint(bad)] == [
        "step 3 [error] over-contacting: day 1 has 3 touches (Email, Call, LinkedIn); "
        "keep to 2 a day (a voicemail left only if the call is not answered counts with the call)",
        "step 5 [error] over-contacting: 3 emails on consecutive days 1-3; send at most 2 "
        "before a day without email",
    ]
    chase = Cadence("c", [Touchpoint("email", 1, subject="Bumping this", body=SIGNED, cta=ASK)])
    assert str(lint(chase, ignore=["no-value-step", "over-automation", *LINT_CODES[:6]])[0]) == (
        "step 1 [warning] empty-follow-up: email only chases ('Bumping this'); "
        "bring something new: an insight, a case study, a question"
    )


def test_a_fallback_voicemail_counts_with_its_call() -> None:
    fallback = Touchpoint("voicemail", 1, body="Call me back?", skip_if_connected=True)
    steps = [email(1), Touchpoint("call", 1), fallback]
    assert "over-contacting" not in codes(Cadence("c", steps))
    # ... but not a voicemail on its own, nor one left even when the call connects
    steps = [email(1), Touchpoint("voicemail", 1, body="Call me back?"), Touchpoint("call", 1)]
    assert "over-contacting" in codes(Cadence("c", steps))
    steps = [email(1), Touchpoint("call", 1), Touchpoint("voicemail", 1, body="Call me back?")]
    assert "over-contacting" in codes(Cadence("c", steps))


@given(cadences())
def test_too_few_touches_and_over_contacting_count_touches_alike(cadence: Cadence) -> None:
    from cadencekit.linting import _attempts

    assert sum(len(steps) for steps in _attempts(cadence).values()) == cadence.touch_count


@pytest.mark.parametrize(
    "pitch",
    ["Want a demo?", "Let's schedule a call", "Ready to buy?", "a 15-minute chat", "Our price"],
)
def test_a_plain_text_touch_with_a_pitch_is_flagged(pitch: str) -> None:
    plain = Touchpoint("email", 1, body=f"Here is the report. {pitch}", format="plain")
    assert "pitch-in-plain-text" in codes(Cadence("c", [plain]))


def test_touch_counting_uses_touch_count() -> None:
    calls = [Touchpoint("call", day, cta="?") for day in (1, 3, 5, 7)] + [
        Touchpoint("voicemail", 7, skip_if_connected=True, cta="?")
    ]
    cadence = Cadence("c", sorted(calls, key=lambda t: t.day))
    assert cadence.touch_count == 4
    finding = next(f for f in lint(cadence) if f.code == "too-few-touches")
    assert finding.message.startswith("4 touches")


def test_meetings_and_tasks_need_no_cta_but_calls_do() -> None:
    steps = [Touchpoint("meeting", 3), Touchpoint("task", 5)]
    assert "missing-cta" not in codes(Cadence("c", steps))
    found = lint(Cadence("c", [Touchpoint("call", 1, label="Intro call")]))
    assert [str(f) for f in found if f.code == "missing-cta"] == [
        "step 1 [warning] missing-cta: call has no goal; give its script a clear ask "
        "(a cta like 'Book a 10-minute call next week')"
    ]
    assert "missing-cta" not in codes(Cadence("c", [call(1)]))


def test_a_breakup_that_mentions_earlier_notes_is_not_an_empty_follow_up() -> None:
    last = Touchpoint(
        "email",
        12,
        body="Following up one last time, {{ first_name }}: should I close your file?" + SIGNED,
    )
    assert lint(attrs.evolve(GOOD, touchpoints=[*GOOD.touchpoints[:-1], last])) == []
    # "my last email" chases; it is no breakup
    last = Touchpoint("email", 12, body="Did you see my last email, {{ first_name }}?" + SIGNED)
    found = codes(attrs.evolve(GOOD, touchpoints=[*GOOD.touchpoints[:-1], last]))
    assert found == ["empty-follow-up", "no-breakup"]


@pytest.mark.parametrize(
    ("threshold", "bad", "good"),
    [
        ("min_days", 13, 12),
        ("min_touches", 8, 7),
        ("max_per_day", 1, 2),
        ("min_channels", 5, 4),
    ],
)
def test_thresholds_are_configurable(threshold: str, bad: int, good: int) -> None:
    assert lint(GOOD, **{threshold: good}) == []  # type: ignore[arg-type]
    assert lint(GOOD, **{threshold: bad}) != []  # type: ignore[arg-type]


def test_email_run_and_gap_tolerance_are_configurable() -> None:
    run = Cadence("c", [email(1), email(2), email(3)])
    assert "over-contacting" not in codes(run, max_email_run=3)
    gaps = Cadence("c", [email(1), Touchpoint("call", 3), email(4)])  # gaps 2 then 1
    assert "shrinking-gaps" not in codes(gaps)
    assert "shrinking-gaps" in codes(gaps, gap_tolerance=0)


def test_ignore_and_allow_silence_codes() -> None:
    bad = Cadence("c", [email(1, "Hi there")])
    assert "not-personalized" in codes(bad)
    assert "not-personalized" not in codes(bad, ignore=["not-personalized"])
    assert "not-personalized" not in codes(bad, ignore="not-personalized")
    allowed = attrs.evolve(bad, allow={"not-personalized", "single-channel"})
    assert "not-personalized" not in codes(allowed)
    assert "single-channel" not in codes(allowed)
    everything = attrs.evolve(bad, allow=LINT_CODES)
    assert lint(everything) == []


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"ignore": ["too-shrot"]}, "ignore"),
        ({"ignore": 3}, "ignore"),
        ({"fields": [1]}, "fields"),
        ({"fields": 3}, "fields"),
        ({"min_days": 0}, "min_days"),
        ({"max_per_day": 2.5}, "max_per_day"),
        ({"gap_tolerance": -1}, "gap_tolerance"),
    ],
)
def test_bad_lint_options_name_the_field(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(ck.InvalidFieldError) as caught:
        lint(GOOD, **kwargs)  # type: ignore[arg-type]
    assert caught.value.field == field


def test_lint_refuses_what_is_not_a_cadence() -> None:
    with pytest.raises(ck.InvalidFieldError, match="cadence"):
        lint([Touchpoint("email", 1)])  # type: ignore[arg-type]


def test_fields_may_be_a_sample_record() -> None:
    touch = email(1, "Hi {{ first_name }} at {{ company }}")
    assert "unknown-field" not in codes(
        Cadence("c", [touch]), fields={"first_name": "Ada", "company": "X", "signature": "S"}
    )
    assert "unknown-field" in codes(Cadence("c", [touch]), fields="first_name")


def test_allow_is_validated_and_kept_in_dicts_only_when_set() -> None:
    with pytest.raises(ck.InvalidFieldError, match="allow 'too-shrot': not a lint code"):
        attrs.evolve(GOOD, allow=["too-shrot"])
    with pytest.raises(ck.InvalidFieldError, match="allow 3"):
        Cadence("c", [email(1)], allow=3)  # type: ignore[arg-type]
    assert "allow" not in GOOD.to_dict()
    allowed = attrs.evolve(GOOD, allow="no-breakup")
    assert allowed.allow == frozenset({"no-breakup"})
    assert allowed.to_dict()["allow"] == ["no-breakup"]
    assert Cadence.from_dict(json.loads(json.dumps(allowed.to_dict()))) == allowed
    data = allowed.to_dict()
    data["allow"] = ["nope"]
    with pytest.raises(ck.SchemaError, match="allow 'nope'"):
        Cadence.from_dict(data)


def test_findings_sort_cadence_wide_first_then_step_then_severity() -> None:
    findings = [
        Finding("no-breakup", "info", 1, "c"),
        Finding("missing-cta", "warning", 1, "b"),
        Finding("unknown-field", "error", 1, "a"),
        Finding("no-value-step", "warning", None, "d"),
        Finding("missing-cta", "warning", 0, "e"),
    ]
    ordered = sorted(findings, key=lambda finding: finding.sort_key)
    assert [(f.step, f.severity.value) for f in ordered] == [
        (None, "warning"),
        (0, "warning"),
        (1, "error"),
        (1, "warning"),
        (1, "info"),
    ]


@given(cadences())
def test_lint_of_any_cadence_is_sorted_and_follows_the_registry(cadence: Cadence) -> None:
    findings = lint(cadence)
    assert findings == sorted(findings, key=lambda finding: finding.sort_key)
    for finding in findings:
        assert finding.severity is SEVERITIES[finding.code]
        assert finding.step is None or 0 <= finding.step < len(cadence)
    assert lint(attrs.evolve(cadence, allow=LINT_CODES)) == []


def test_finding_str_dict_and_validation() -> None:
    finding = Finding("empty-follow-up", "warning", 3, "only chases")
    assert str(finding) == "step index 3 [warning] empty-follow-up: only chases"
    numbered = Finding("empty-follow-up", "warning", 3, "only chases", number=4)
    assert str(numbered) == "step 4 [warning] empty-follow-up: only chases"  # as lint() names it
    assert numbered == finding
    assert str(Finding("too-short", Severity.INFO, None, "m")) == "cadence [info] too-short: m"
    assert Finding.from_dict(json.loads(json.dumps(finding.to_dict()))) == finding
    with pytest.raises(ck.InvalidFieldError, match="severity 'fatal'"):
        Finding("too-short", "fatal", None, "m")
    with pytest.raises(ck.InvalidFieldError, match="step -1"):
        Finding("too-short", "info", -1, "m")
    with pytest.raises(ck.InvalidFieldError, match="code 'Too Short'"):
        Finding("Too Short", "info", None, "m")
    with pytest.raises(ck.SchemaError, match="severity"):
        Finding.from_dict({"code": "x", "severity": "bad", "step": None, "message": ""})


def test_linkedin_actions_are_one_channel_and_a_visit_is_no_contact() -> None:
    linkedin = Cadence(
        "LinkedIn play",
        [
            Touchpoint("linkedin_visit", 1),
            Touchpoint("linkedin_connect", 1),
            Touchpoint("linkedin_message", 4, cta="Open to a call?"),
        ],
    )
    found = codes(linkedin)
    assert "single-channel" in found  # a connect and a message are both LinkedIn
    assert "over-contacting" not in found  # two touches on day 1: the visit counts
    assert "missing-cta" not in found  # neither the visit nor the connect needs one
    mixed = attrs.evolve(linkedin, touchpoints=(*linkedin.touchpoints, Touchpoint("whatsapp", 6)))
    assert "single-channel" not in codes(mixed)
    busy = attrs.evolve(
        linkedin, touchpoints=(*linkedin.touchpoints[:2], email(1), *linkedin.touchpoints[2:])
    )
    assert "over-contacting" in codes(busy)


def test_a_teams_own_channel_needs_no_cta_but_is_named() -> None:
    gift = Cadence(
        "c", [email(1), Touchpoint("custom:gift box", 3), Touchpoint("custom:gift box", 5)]
    )
    found = lint(gift)
    assert not any(f.code == "missing-cta" and f.step in (1, 2) for f in found)
    single = Cadence("c", [Touchpoint("custom:gift box", 1), Touchpoint("custom:gift box", 3)])
    message = next(f.message for f in lint(single) if f.code == "single-channel")
    assert message.startswith("every touch is Gift box;")
