"""Ready cadences in the shapes sales playbooks share, to use as is or to start from.

Each function returns a new :class:`~cadencekit.Cadence`, day for day and
channel for channel the playbook it is named after (the tests paste each
playbook's outline and compare). The email touches carry real subjects and
short bodies with merge fields (``{{ first_name }}``, ``{{ company | your
team }}``), every touch has a call to action, a breakup touch is always the
last one, and a preset names in ``allow`` the lint codes it breaks on
purpose, with the reason in its docstring; none has an error-level finding. Every preset takes the
same keyword options: ``name=`` (its default name), ``window=`` (the send
window, 09:00-17:00 by default) and ``spacing=`` (between touches of a day).
Derive a changed copy with ``attrs.evolve``, :meth:`~cadencekit.Cadence.with_tail`
or by editing ``describe()`` and reading it back with
:meth:`~cadencekit.Cadence.from_text`.

Example:
    >>> import cadencekit as ck
    >>> cadence = ck.presets.cold_outreach()
    >>> cadence.days, len(cadence)
    ((1, 2, 4, 6, 8, 10), 6)
    >>> cadence[0].cta
    'Would you be open to a 10-minute call next week?'
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Final

import attrs

from .cadence import Cadence, DayBasis, Touchpoint

if TYPE_CHECKING:  # presets import cadence only; the name is for the annotations
    from .calendar import Window

__all__ = [
    "cold_outreach",
    "eight_touch",
    "five_day_classic",
    "inbound_follow_up",
    "positive_reply_follow_up",
    "re_engagement",
]

_SPACING: Final = timedelta(minutes=30)
_MEETING_CTA: Final = "Would you be open to a 10-minute call next week?"
# Who writes, from where (the signature carries the postal address), and how to stop the
# emails: CAN-SPAM, PECR and the GDPR ask every automated email for both (lint checks).
_SIGNATURE: Final = (
    "\n\n{{ signature | your rep }}\n\n"
    'Not the right time? Reply "unsubscribe" to stop these emails.'
)


def _cadence(
    name: str,
    touchpoints: list[Touchpoint],
    *,
    objective: str,
    audience: str,
    window: Window | tuple[str, str] | None,
    spacing: timedelta | int,
    day_basis: DayBasis = DayBasis.BUSINESS,
    allow: tuple[str, ...] = (),
) -> Cadence:
    touchpoints = [_signed(touch) for touch in touchpoints]
    if window is None:
        return Cadence(
            name,
            touchpoints,
            objective=objective,
            audience=audience,
            day_basis=day_basis,
            spacing=spacing,
            allow=allow,
        )
    return Cadence(
        name,
        touchpoints,
        objective=objective,
        audience=audience,
        day_basis=day_basis,
        allow=allow,
        window=window,
        spacing=spacing,
    )


def _signed(touch: Touchpoint) -> Touchpoint:
    """An automated email with its signature and a way to unsubscribe: the law asks for both."""
    if touch.channel != "email" or not touch.automated or touch.body is None:
        return touch
    return attrs.evolve(touch, body=touch.body + _SIGNATURE)


def _intro_email(day: int, alternatives: tuple[str, ...] = ()) -> Touchpoint:
    return Touchpoint(
        "email",
        day,
        label="Intro email",
        alternatives=alternatives,
        subject="Quick question about {{ company | your team }}",
        body=(
            "Hi {{ first_name }},\n\n"
            "Teams like {{ company | your team }} tend to lose deals when follow-ups "
            "slip between meetings. We help sales teams run every follow-up on time, "
            "without more work for the reps.\n\n" + _MEETING_CTA
        ),
        cta=_MEETING_CTA,
    )


def _case_study_email(day: int, label: str = "Value email") -> Touchpoint:
    return Touchpoint(
        "email",
        day,
        label=label,
        subject="How a team like {{ company | your team }} doubled its reply rate",
        body=(
            "Hi {{ first_name }},\n\n"
            "This short case study shows how a 12-rep team doubled its reply rate "
            "in one quarter by fixing the timing of its follow-ups: "
            "{{ case_study_link | ask me for the link }}.\n\n"
            "Want me to walk you through how it would apply to {{ company | your team }}?"
        ),
        cta="Want me to walk you through the case study in 10 minutes?",
    )


def _breakup_email(day: int) -> Touchpoint:
    return Touchpoint(
        "email",
        day,
        label="Breakup email",
        subject="Should I close your file, {{ first_name }}?",
        body=(
            "Hi {{ first_name }},\n\n"
            "I haven't heard back, so I'll assume timing isn't right and stop "
            "reaching out. If improving follow-ups at {{ company | your team }} "
            "becomes a priority, just reply to this email and I'll pick it up.\n\n"
            "Should I check back next quarter instead?"
        ),
        cta="Reply 'next quarter' and I'll check back then.",
    )


def _call(day: int, label: str) -> Touchpoint:
    return Touchpoint(
        "call",
        day,
        label=label,
        body=(
            "Mention the email you sent; ask how {{ company | your team }} handles "
            "follow-ups today and what slips."
        ),
        cta="Book a 10-minute call next week.",
    )


def _voicemail(day: int) -> Touchpoint:
    return Touchpoint(
        "voicemail",
        day,
        label="Ask for a callback",
        skip_if_connected=True,
        body=(
            "Hi {{ first_name }}, it's {{ sender_name | your rep }}. I sent you a note "
            "about follow-ups at {{ company | your team }}; I'll send the details by "
            "email so you can reply when it suits you."
        ),
        cta="Reply to my email to pick a time.",
    )


def cold_outreach(
    *,
    name: str = "Cold outreach",
    window: Window | tuple[str, str] | None = None,
    spacing: timedelta | int = _SPACING,
) -> Cadence:
    """Six touches over two business weeks for a prospect who does not know you yet.

    The multichannel outbound shape most playbooks share: an intro email,
    a LinkedIn connection request the next day so the name is familiar, a
    follow-up email with a new angle, a phone call, an email that offers
    value (a case study) rather than asking again, and a breakup email that
    closes the loop. Gaps widen from one day to two.

    Example:
        >>> print(cold_outreach().describe())
        Cold outreach
        Objective: Book a first meeting
        Day 1: Email — Intro email
        Day 2: LinkedIn — LinkedIn connection request
        Day 4: Email — Follow-up email
        Day 6: Call — Intro call
        Day 8: Email — Value email
        Day 10: Email — Breakup email
    """
    return _cadence(
        name,
        [
            _intro_email(1),
            Touchpoint(
                "linkedin",
                2,
                label="LinkedIn connection request",
                body=(
                    "Hi {{ first_name }}, I wrote to you about follow-ups at "
                    "{{ company | your team }}; I'd be glad to connect here too."
                ),
                cta="Accept the connection request.",
            ),
            Touchpoint(
                "email",
                4,
                label="Follow-up email",
                subject="Re: Quick question about {{ company | your team }}",
                body=(
                    "Hi {{ first_name }},\n\n"
                    "One thing I left out: most teams we work with see the gain in the "
                    "first month, because the follow-ups that used to slip now go out "
                    "on time.\n\n" + _MEETING_CTA
                ),
                cta=_MEETING_CTA,
            ),
            _call(6, "Intro call"),
            _case_study_email(8),
            _breakup_email(10),
        ],
        objective="Book a first meeting",
        audience="outbound",
        window=window,
        spacing=spacing,
    )


def inbound_follow_up(
    *,
    name: str = "Inbound follow-up",
    window: Window | tuple[str, str] | None = None,
    spacing: timedelta | int = _SPACING,
) -> Cadence:
    """Four touches over four business days for a lead who just asked to hear from you.

    The inbound lead follow-up cadence (3-5 days) of the playbooks: Day 1 an
    immediate call, or an email if the rep cannot call (one touch, email its
    alternative); Day 2 a follow-up email with content matching what the
    lead asked about; Day 3 a phone call; Day 4 a final follow-up that
    closes the loop. Speed to lead: the first touch is due the moment the
    lead is enrolled when that is inside the send window (the odds of
    reaching a web lead fall sharply after the first hour; Oldroyd,
    McElheran and Elkington, "The Short Life of Online Sales Leads", Harvard
    Business Review, 2011). It carries ``allow=("too-short",
    "too-few-touches")``: the lead asked to be contacted, so a short, fast
    sprint is the practice, not giving up early.

    Example:
        >>> cadence = inbound_follow_up()
        >>> cadence[0].channel_options
        (<Channel.CALL: 'call'>, <Channel.EMAIL: 'email'>)
        >>> print(cadence.describe())
        Inbound follow-up
        Objective: Qualify the lead and book a demo
        Day 1: Call/Email — Immediate response
        Day 2: Email — Relevant content
        Day 3: Call — Follow-up call
        Day 4: Email — Final follow-up
    """
    return _cadence(
        name,
        [
            Touchpoint(
                "call",
                1,
                label="Immediate response",
                alternatives=("email",),
                body=(
                    "Respond within minutes of the request: thank {{ first_name }} for "
                    "reaching out, ask what prompted it and what {{ company | your team }} "
                    "wants to solve. If you cannot call, send the same by email."
                ),
                cta="Book a 20-minute demo while you have their attention.",
            ),
            Touchpoint(
                "email",
                2,
                label="Relevant content",
                subject="The guide you asked about, {{ first_name }}",
                body=(
                    "Hi {{ first_name }},\n\n"
                    "Thanks for your interest. Here is our guide to follow-up timing, "
                    "with the benchmarks teams like {{ company | your team }} ask about "
                    "most: {{ resource_link | ask me for the link }}.\n\n"
                    "Would a 20-minute walkthrough this week help?"
                ),
                cta="Would a 20-minute walkthrough this week help?",
            ),
            Touchpoint(
                "call",
                3,
                label="Follow-up call",
                body="Ask whether the guide answered their question; offer a demo slot.",
                cta="Book a 20-minute demo.",
            ),
            Touchpoint(
                "email",
                4,
                label="Final follow-up",
                subject="Closing the loop on your request",
                body=(
                    "Hi {{ first_name }},\n\n"
                    "I don't want your request to fall through the cracks. If a demo for "
                    "{{ company | your team }} still makes sense, pick a time here: "
                    "{{ booking_link | reply with a time that suits you }}. If not, no "
                    "worries, I'll close it on my side."
                ),
                cta="Pick a demo time, or reply 'not now'.",
            ),
        ],
        objective="Qualify the lead and book a demo",
        audience="inbound",
        allow=("too-short", "too-few-touches"),
        window=window,
        spacing=spacing,
    )


def re_engagement(
    *,
    name: str = "Re-engagement",
    window: Window | tuple[str, str] | None = None,
    spacing: timedelta | int = _SPACING,
) -> Cadence:
    """Five touches over twenty calendar days for a prospect who went quiet.

    The re-engagement cadence (2-3 weeks) of the playbooks, paced in
    calendar days (``DayBasis.CALENDAR``: Day 20 fits in three weeks only
    as calendar days) because a dormant contact needs room, not
    business-day pressure: a "we haven't heard from you" email, a feature
    update (what changed since you last spoke), a call or a LinkedIn
    message (one touch, LinkedIn its alternative), a value offer, and a
    breakup email on Day 20. A day that lands on a weekend or holiday rolls
    forward to the next business day when scheduled.

    Example:
        >>> cadence = re_engagement()
        >>> cadence.day_basis
        <DayBasis.CALENDAR: 'calendar'>
        >>> print(cadence.describe())
        Re-engagement
        Objective: Restart the conversation
        Days: calendar days
        Day 1: Email — We haven't heard from you
        Day 5: Email — Feature update
        Day 10: Call/LinkedIn — Reconnect
        Day 15: Email — Value offer
        Day 20: Email — Breakup email
    """
    return _cadence(
        name,
        [
            Touchpoint(
                "email",
                1,
                label="We haven't heard from you",
                subject="It's been a while, {{ first_name }}",
                body=(
                    "Hi {{ first_name }},\n\n"
                    "We haven't heard from you in a while, and a lot may have changed at "
                    "{{ company | your team }}. Is improving your follow-ups still on "
                    "the list this quarter?"
                ),
                cta="Is this still a priority? A one-word reply is plenty.",
            ),
            Touchpoint(
                "email",
                5,
                label="Feature update",
                subject="What's new since we last spoke",
                body=(
                    "Hi {{ first_name }},\n\n"
                    "Since we last spoke we shipped automatic send windows per time zone "
                    "and a reply-rate report by step. For {{ company | your team }}, that "
                    "means follow-ups land in working hours everywhere.\n\n"
                    "Worth a 10-minute look?"
                ),
                cta="Worth a 10-minute look next week?",
            ),
            Touchpoint(
                "call",
                10,
                label="Reconnect",
                alternatives=("linkedin",),
                body=(
                    "Call, or send a LinkedIn message if a call is not welcome: mention what "
                    "changed since you last spoke and ask what {{ company | your team }} "
                    "is working on this quarter."
                ),
                cta="Book a 10-minute catch-up next week.",
            ),
            Touchpoint(
                "email",
                15,
                label="Value offer",
                subject="A free cadence review for {{ company | your team }}",
                body=(
                    "Hi {{ first_name }},\n\n"
                    "We'd like to offer {{ company | your team }} a free review of your "
                    "current cadence: a short report of where replies drop off and what "
                    "to change, yours to keep either way."
                ),
                cta="Reply 'review' and I'll send the two questions we need.",
            ),
            _breakup_email(20),
        ],
        objective="Restart the conversation",
        audience="re-engagement",
        window=window,
        spacing=spacing,
        day_basis=DayBasis.CALENDAR,
    )


def eight_touch(
    *,
    name: str = "Eight touch",
    window: Window | tuple[str, str] | None = None,
    spacing: timedelta | int = _SPACING,
) -> Cadence:
    """The 8-touch model: twice a day, every other day, over two business weeks.

    As the playbook has it: Day 1 an email (or a LinkedIn InMail: one touch,
    LinkedIn its alternative); Day 3 an email, then a call; Day 5 a call,
    with a voicemail if nobody answers; Day 7 an email, then a call, with a
    voicemail if nobody answers; Day 10 an email, then a call. Ten steps,
    eight touches (:attr:`~cadencekit.Cadence.touch_count`): a voicemail
    left only when the call is not answered belongs to that call. Email
    (seen) and call (heard) alternate within a day, and the emails bring
    something new each time (a case study, an article).

    The model does not end with a breakup: after Day 10 the playbook keeps
    following up at a lower frequency (add that with
    :meth:`~cadencekit.Cadence.with_tail`), so it carries
    ``allow=("no-breakup",)``.

    Example:
        >>> cadence = eight_touch()
        >>> len(cadence), cadence.touch_count, cadence.duration_days
        (10, 8, 10)
        >>> print(cadence.describe())
        Eight touch
        Objective: Book a first meeting
        Day 1: Email/LinkedIn — Intro email
        Day 3: Email — Follow-up email
        Day 3: Call — Intro call
        Day 5: Call — Second call; then Voicemail (if no answer) — Ask for a callback
        Day 7: Email — Value email
        Day 7: Call — Third call; then Voicemail (if no answer) — Ask for a callback
        Day 10: Email — Article email
        Day 10: Call — Last call
    """
    return _cadence(
        name,
        [
            _intro_email(1, alternatives=("linkedin",)),
            Touchpoint(
                "email",
                3,
                label="Follow-up email",
                subject="Re: Quick question about {{ company | your team }}",
                body=(
                    "Hi {{ first_name }},\n\n"
                    "One number I left out: teams like {{ company | your team }} "
                    "answer twice as many leads the same day once follow-ups run on a "
                    "schedule. I'll try you by phone today.\n\n" + _MEETING_CTA
                ),
                cta=_MEETING_CTA,
            ),
            _call(3, "Intro call"),
            _call(5, "Second call"),
            _voicemail(5),
            _case_study_email(7),
            _call(7, "Third call"),
            _voicemail(7),
            Touchpoint(
                "email",
                10,
                label="Article email",
                subject="Three follow-up habits of teams like {{ company | your team }}",
                body=(
                    "Hi {{ first_name }},\n\n"
                    "A short article on the three follow-up habits we see in teams that "
                    "reply to every lead the same day: "
                    "{{ article_link | ask me for the link }}.\n\n"
                    "Would one of them help {{ company | your team }}?"
                ),
                cta="Would a 10-minute call next week to compare notes help?",
            ),
            _call(10, "Last call"),
        ],
        objective="Book a first meeting",
        audience="outbound",
        window=window,
        spacing=spacing,
        allow=("no-breakup",),
    )


def five_day_classic(
    *,
    name: str = "Five-day classic",
    window: Window | tuple[str, str] | None = None,
    spacing: timedelta | int = _SPACING,
) -> Cadence:
    """The "typical" five-day email cadence, one touch a day: the pattern done badly, on purpose.

    As the playbook writes it: Day 1 a first email with the subject "Are you
    interested in an appointment?"; Day 2 a phone call to request an
    appointment; Day 3 a second email with relevant content (a white
    paper); Day 4 a follow-up email "Did you get my last email?"; Day 5 a
    final follow-up "Are you the right person?". It is here as a
    cautionary example: it stops on Day 5, sends three emails on three
    consecutive days, and its Day 4 email only chases, which annoys busy
    prospects; compare it with :func:`cold_outreach`. It carries
    ``allow=("over-contacting",)`` (three emails in a row are the pattern it
    shows), so lint reports the chasing step and the missing breakup but
    no error.

    Example:
        >>> cadence = five_day_classic()
        >>> [touch.subject for touch in cadence if touch.subject]
        ['Are you interested in an appointment?', 'Our white paper on follow-up timing', 'Did you get my last email?', 'Are you the right person?']
        >>> print(cadence.describe())
        Five-day classic
        Objective: Book a first meeting
        Day 1: Email — First email
        Day 2: Call — Request an appointment
        Day 3: Email — White paper
        Day 4: Email — Follow-up email
        Day 5: Email — Final follow-up
    """
    return _cadence(
        name,
        [
            Touchpoint(
                "email",
                1,
                label="First email",
                subject="Are you interested in an appointment?",
                body=(
                    "Hi {{ first_name }},\n\n"
                    "We help teams like {{ company | your team }} run every follow-up on "
                    "time, without more work for the reps. Are you interested in an "
                    "appointment to see how?"
                ),
                cta="Are you interested in a 20-minute appointment next week?",
            ),
            Touchpoint(
                "call",
                2,
                label="Request an appointment",
                body=(
                    "Mention yesterday's email; ask how {{ company | your team }} handles "
                    "follow-ups today, then ask for an appointment."
                ),
                cta="Book a 20-minute appointment.",
            ),
            Touchpoint(
                "email",
                3,
                label="White paper",
                subject="Our white paper on follow-up timing",
                body=(
                    "Hi {{ first_name }},\n\n"
                    "Our white paper shows when follow-ups get replies, by day and hour: "
                    "{{ white_paper_link | ask me for the link }}. I thought it might be "
                    "useful for {{ company | your team }}."
                ),
                cta=_MEETING_CTA,
            ),
            Touchpoint(
                "email",
                4,
                label="Follow-up email",
                subject="Did you get my last email?",
                body="Hi {{ first_name }}, did you get my last email?",
                cta=_MEETING_CTA,
            ),
            Touchpoint(
                "email",
                5,
                label="Final follow-up",
                subject="Are you the right person?",
                body=(
                    "Hi {{ first_name }},\n\n"
                    "Are you the right person to talk to about follow-ups at "
                    "{{ company | your team }}? If not, who would be?"
                ),
                cta="Who is the right person to talk to?",
            ),
        ],
        objective="Book a first meeting",
        audience="outbound",
        window=window,
        spacing=spacing,
        allow=("over-contacting",),
    )


def positive_reply_follow_up(
    *,
    name: str = "Positive reply follow-up",
    window: Window | tuple[str, str] | None = None,
    spacing: timedelta | int = _SPACING,
) -> Cadence:
    """A short, warm sequence for a prospect who replied positively: book the meeting.

    The target of ``positive_reply_playbook(mode="move")``: strike while the
    prospect is interested. A call the day of the reply, a confirmation
    email with times to pick from, a second call two days later, and a
    last email that leaves the door open. No touch is a breakup: someone
    who said yes is not told you will stop reaching out. It carries
    ``allow=("too-short", "too-few-touches", "no-breakup")``: a prospect who
    said yes needs a meeting, not a long nurture, and no breakup.

    Example:
        >>> print(positive_reply_follow_up().describe())
        Positive reply follow-up
        Objective: Turn the positive reply into a booked meeting
        Day 1: Call — Call while they are warm
        Day 1: Email — Times to meet
        Day 3: Call — Second call
        Day 4: Email — Door open
    """
    return _cadence(
        name,
        [
            Touchpoint(
                "call",
                1,
                label="Call while they are warm",
                body="Thank {{ first_name }} for the reply; agree on a time while on the phone.",
                cta="Book the meeting on the call.",
            ),
            Touchpoint(
                "email",
                1,
                label="Times to meet",
                subject="Times for our call, {{ first_name }}",
                body=(
                    "Hi {{ first_name }},\n\n"
                    "Thanks for getting back to me. Here are a few times for a 20-minute "
                    "call: {{ booking_link | reply with a time that suits you }}. Ahead of "
                    "it, a two-minute case study of a team like yours: "
                    "{{ case_study_link | I'll bring it to the call }}."
                ),
                cta="Which of these times works for you?",
            ),
            _call(3, "Second call"),
            Touchpoint(
                "email",
                4,
                label="Door open",
                subject="Whenever suits {{ company | your team }}",
                body=(
                    "Hi {{ first_name }},\n\n"
                    "I know things get busy. When you are ready, pick a time here: "
                    "{{ booking_link | just reply to this email }}."
                ),
                cta="Reply with a time that works for you.",
            ),
        ],
        objective="Turn the positive reply into a booked meeting",
        audience="inbound",
        window=window,
        spacing=spacing,
        allow=("too-short", "too-few-touches", "no-breakup"),
    )
