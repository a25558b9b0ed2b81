"""Rules: what an enrollment does when something happens.

A :class:`Rule` pairs a :class:`Match` (which events it is about) with one
action: :class:`End`, :class:`Pause`, :class:`Resume`, :class:`JumpTo`,
:class:`Insert` or :class:`MoveTo`. An enrollment checks its rules in order
for every event it applies; the first rule that matches acts, the rest are
not consulted. Rules are plain frozen values: a host can build its own, mix
them with :func:`default_rules` and the playbooks here, and test them
without a mail server.

Example:
    >>> import cadencekit as ck
    >>> rules = ck.default_rules()
    >>> answer = ck.Event.reply("2026-11-24T14:12:00-05:00", "no", step=0)
    >>> ck.first_match(rules, answer).then
    End(reason=<ExitReason.DECLINED: 'declined'>)
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from typing import TypeAlias, TypeVar

import attrs

from ._convert import to_enum, to_flag, to_optional_text
from .cadence import Touchpoint
from .channels import Channel
from .errors import CheckedEnum, InvalidFieldError
from .events import CallResult, Event, EventKind, Response

__all__ = [
    "INITIAL_STAGE",
    "Action",
    "End",
    "ExitReason",
    "Insert",
    "JumpTo",
    "Match",
    "MoveTo",
    "Pause",
    "Resume",
    "Rule",
    "default_rules",
    "first_match",
    "no_maybe_playbook",
    "positive_reply_playbook",
]

E = TypeVar("E", bound=enum.Enum)

INITIAL_STAGE = "cadence"
"""The stage of an enrollment no rule has moved on: it runs its cadence's own steps."""


class ExitReason(CheckedEnum, enum.StrEnum):
    """Why an enrollment ended.

    Example:
        >>> ExitReason("positive_reply")
        <ExitReason.POSITIVE_REPLY: 'positive_reply'>
    """

    COMPLETED = "completed"
    """Every step was carried out (or skipped) and nothing ended it sooner."""
    POSITIVE_REPLY = "positive_reply"
    """The prospect replied positively."""
    MEETING_BOOKED = "meeting_booked"
    """The prospect booked a meeting."""
    DECLINED = "declined"
    """The prospect said no."""
    BOUNCED = "bounced"
    """An email bounced: the address does not work."""
    OPTED_OUT = "opted_out"
    """The prospect asked not to be contacted again."""
    MOVED = "moved"
    """A rule moved the prospect to another cadence (named on the enrollment)."""
    MANUAL = "manual"
    """A rule ended it for a reason of the host's own."""
    REFERRED = "referred"
    """The prospect named someone else to talk to (the host enrolls that person)."""


# --- Match --------------------------------------------------------------------------


def _members(enum_type: type[E], field: str, value: object) -> frozenset[E] | None:
    if value is None:
        return None
    if isinstance(value, str | enum.Enum):
        return frozenset({to_enum(enum_type, value, field)})
    if isinstance(value, Iterable):
        members = frozenset(to_enum(enum_type, item, field) for item in value)
        if members:
            return members
    raise InvalidFieldError(
        field, value, f"expected None (any), one {enum_type.__name__} or a non-empty set of them"
    )


def _kinds(value: object) -> frozenset[EventKind] | None:
    return _members(EventKind, "kind", value)


def _responses(value: object) -> frozenset[Response] | None:
    return _members(Response, "response", value)


def _call_results(value: object) -> frozenset[CallResult] | None:
    return _members(CallResult, "call_result", value)


def _channels(value: object) -> frozenset[Channel] | None:
    return _members(Channel, "channel", value)


def _steps(value: object) -> frozenset[int] | None:
    if value is None:
        return None
    items = [value] if isinstance(value, int) else value
    if isinstance(items, Iterable) and not isinstance(items, str):
        steps = frozenset(items)
        if steps and all(isinstance(s, int) and not isinstance(s, bool) and s >= 0 for s in steps):
            return steps
    raise InvalidFieldError(
        "step", value, "expected None (any), a 0-based step index or a set of them"
    )


def _rule_name(value: object) -> str | None:
    return to_optional_text(value, "name")


def _rule_stage(value: object) -> str | None:
    return to_optional_text(value, "stage")


def _cadence_name(value: object) -> str:
    if isinstance(value, str) and value.strip():
        return value
    raise InvalidFieldError("cadence", value, "expected the name of a cadence")


def _stages(value: object) -> frozenset[str] | None:
    if value is None:
        return None
    items = [value] if isinstance(value, str) else value
    if isinstance(items, Iterable):
        stages = frozenset(items)
        if stages and all(isinstance(s, str) and s.strip() for s in stages):
            return stages
    raise InvalidFieldError(
        "stage", value, f"expected None (any), a stage name like {INITIAL_STAGE!r} or a set of them"
    )


def _sorted(values: frozenset[E] | frozenset[int] | frozenset[str] | None) -> str:
    if values is None:
        return ""
    texts = sorted(v.value if isinstance(v, enum.Enum) else str(v) for v in values)
    return texts[0] if len(texts) == 1 else "{" + ", ".join(texts) + "}"


@attrs.frozen
class Match:
    """Which events a rule is about; ``None`` in a field matches anything.

    Each field takes one value or a set of values. ``channel`` is the
    channel of the step the event names (a "no" on a call is
    ``Match("reply", response="no", channel="call")``); ``stage`` is the
    stage an earlier rule put the enrollment in (see :class:`Rule`).

    Example:
        >>> no_on_a_call = Match("reply", response="no", channel="call")
        >>> no_on_a_call.matches(Event.reply("2026-11-24T14:12:00-05:00", "no", step=2), "call")
        True
        >>> no_on_a_call.matches(Event.reply("2026-11-24T14:12:00-05:00", "no", step=0), "email")
        False
    """

    kind: frozenset[EventKind] | None = attrs.field(default=None, converter=_kinds)
    response: frozenset[Response] | None = attrs.field(
        default=None, kw_only=True, converter=_responses
    )
    call_result: frozenset[CallResult] | None = attrs.field(
        default=None, kw_only=True, converter=_call_results
    )
    channel: frozenset[Channel] | None = attrs.field(
        default=None, kw_only=True, converter=_channels
    )
    step: frozenset[int] | None = attrs.field(default=None, kw_only=True, converter=_steps)
    stage: frozenset[str] | None = attrs.field(default=None, kw_only=True, converter=_stages)

    def matches(
        self, event: Event, channel: Channel | str | None = None, stage: str | None = None
    ) -> bool:
        """Whether ``event`` (on a step of ``channel``, in ``stage``) matches.

        Example:
            >>> Match("bounce").matches(Event.bounce("2026-11-24T09:00:00+00:00", 0))
            True
        """
        return (
            (self.kind is None or event.kind in self.kind)
            and (self.response is None or event.response in self.response)
            and (self.call_result is None or event.call_result in self.call_result)
            and (self.channel is None or channel in self.channel)
            and (self.step is None or event.step in self.step)
            and (self.stage is None or (stage or INITIAL_STAGE) in self.stage)
        )

    def __str__(self) -> str:
        parts = [
            f"{name}={_sorted(getattr(self, name))}"
            for name in ("kind", "response", "call_result", "channel", "step")
            if getattr(self, name) is not None
        ]
        if self.stage is not None:
            parts.append(f"stage={_sorted(self.stage)}")
        return " ".join(parts) or "any event"


# --- actions ------------------------------------------------------------------------


def _count(field: str, value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    raise InvalidFieldError(field, value, "expected a whole number, 0 or more")


def _pause_days(value: object) -> int | None:
    return None if value is None else _count("business_days", value)


def _after_days(value: object) -> int:
    return _count("after_business_days", value)


def _jump_step(value: object) -> int:
    return _count("step", value)


def _reason(value: object) -> ExitReason:
    return to_enum(ExitReason, value, "reason")


@attrs.frozen
class End:
    """End the enrollment with ``reason``.

    Example:
        >>> End("declined")
        End(reason=<ExitReason.DECLINED: 'declined'>)
    """

    reason: ExitReason = attrs.field(converter=_reason)

    def __str__(self) -> str:
        return f"end ({self.reason.value})"


@attrs.frozen
class Pause:
    """Pause the enrollment: until the event's ``until``, else ``business_days``.

    An out-of-office reply that says when the prospect is back pauses until
    then; otherwise the pause lasts ``business_days`` business days from
    the event (``None``: until a ``resume`` event). While paused nothing
    falls due; afterwards the next step is due at the first open slot and
    the rest follow it with their usual gaps.

    Example:
        >>> Pause(10)
        Pause(business_days=10)
    """

    business_days: int | None = attrs.field(default=None, converter=_pause_days)

    def __str__(self) -> str:
        days = (
            "until resumed" if self.business_days is None else f"{self.business_days} business days"
        )
        return f"pause ({days}, or until the event's end)"


@attrs.frozen
class Resume:
    """Resume a paused enrollment now.

    Example:
        >>> str(Resume())
        'resume'
    """

    def __str__(self) -> str:
        return "resume"


@attrs.frozen
class JumpTo:
    """Skip ahead (or back) to ``step``: the steps in between are dropped.

    The step falls due its day gap after the event, as if the event were
    the step before it; the steps after it follow as usual.

    Example:
        >>> JumpTo(4)
        JumpTo(step=4)
    """

    step: int = attrs.field(converter=_jump_step)

    def __str__(self) -> str:
        return f"jump to step {self.step}"


def _touchpoints(value: object) -> tuple[Touchpoint, ...]:
    items = tuple(value) if isinstance(value, Iterable) else ()
    if not items or not all(isinstance(item, Touchpoint) for item in items):
        raise InvalidFieldError(
            "touchpoints", value, "expected a non-empty sequence of Touchpoint values"
        )
    for index in range(1, len(items)):
        if items[index].day < items[index - 1].day:
            raise InvalidFieldError(
                f"touchpoints[{index}].day", items[index].day, "days must not decrease"
            )
    return items


def _replace(value: object) -> bool:
    return to_flag(value, "replace")


@attrs.frozen
class Insert:
    """Add touchpoints, their days counted from the event (Day 1 = the event's day).

    With ``replace=False`` (the default) they run alongside the steps still
    to do ("call them as well as sending the remaining emails"); with
    ``replace=True`` they take the place of every step not yet done.
    Inserted steps are numbered after the cadence's own, in the order added.

    Example:
        >>> calls = Insert([Touchpoint("call", 1), Touchpoint("call", 3)])
        >>> len(calls.touchpoints), calls.replace
        (2, False)
    """

    touchpoints: tuple[Touchpoint, ...] = attrs.field(converter=_touchpoints)
    replace: bool = attrs.field(default=False, kw_only=True, converter=_replace)

    def __str__(self) -> str:
        what = ", ".join(f"day {t.day} {t.describe()}" for t in self.touchpoints)
        return f"{'replace the rest with' if self.replace else 'insert'} {what}"


@attrs.frozen
class MoveTo:
    """End with ``MOVED`` and name the cadence the host should enrol the prospect in.

    ``after_business_days`` delays the new cadence: the enrollment records
    when the host should start it (``moved_at``), for instance a "maybe"
    that goes to a re-engagement cadence in two weeks.

    Example:
        >>> MoveTo("Re-engagement", after_business_days=10)
        MoveTo(cadence='Re-engagement', after_business_days=10)
    """

    cadence: str = attrs.field(converter=_cadence_name)
    after_business_days: int = attrs.field(
        default=0,
        kw_only=True,
        converter=_after_days,
    )

    def __str__(self) -> str:
        later = (
            f" after {self.after_business_days} business days" if self.after_business_days else ""
        )
        return f"move to {self.cadence!r}{later}"


Action: TypeAlias = End | Pause | Resume | JumpTo | Insert | MoveTo
"""Any of the actions a :class:`Rule` can take."""

_ACTIONS = (End, Pause, Resume, JumpTo, Insert, MoveTo)


def _match(value: object) -> Match:
    if isinstance(value, Match):
        return value
    raise InvalidFieldError("when", value, "expected a Match(...)")


def _action(value: object) -> Action:
    if isinstance(value, _ACTIONS):
        return value
    raise InvalidFieldError(
        "then", value, "expected one of End, Pause, Resume, JumpTo, Insert or MoveTo"
    )


@attrs.frozen
class Rule:
    """When an event matches ``when``, do ``then`` (and enter ``stage``, if given).

    ``stage`` lets a playbook run in steps: a rule that offers free material
    sets ``stage="offer"``, and a later rule with ``Match(..., stage="offer")``
    acts on the answer to that offer only.

    Example:
        >>> rule = Rule(Match("reply", response="maybe"), Pause(10), name="maybe: wait")
        >>> print(rule)
        maybe: wait: kind=reply response=maybe -> pause (10 business days, or until the event's end)
    """

    when: Match = attrs.field(converter=_match)
    then: Action = attrs.field(converter=_action)
    stage: str | None = attrs.field(default=None, kw_only=True, converter=_rule_stage)
    name: str | None = attrs.field(default=None, kw_only=True, converter=_rule_name)

    def __str__(self) -> str:
        stage = f" (stage -> {self.stage})" if self.stage else ""
        prefix = f"{self.name}: " if self.name else ""
        return f"{prefix}{self.when} -> {self.then}{stage}"


def first_match(
    rules: Sequence[Rule],
    event: Event,
    *,
    channel: Channel | str | None = None,
    stage: str | None = None,
) -> Rule | None:
    """The first rule of ``rules`` that matches ``event``, or None.

    Example:
        >>> first_match(default_rules(), Event.open("2026-11-24T09:00:00+00:00", 0)) is None
        True
    """
    for rule in rules:
        if rule.when.matches(event, channel, stage):
            return rule
    return None


# --- ready rule sets ----------------------------------------------------------------


def default_rules() -> tuple[Rule, ...]:
    """The design's defaults, first match wins.

    - a positive reply ends the enrollment (``POSITIVE_REPLY``);
    - a booked meeting ends it (``MEETING_BOOKED``);
    - a "no" ends it (``DECLINED``);
    - a referral ("not the right person, ask X") ends it (``REFERRED``):
      the host enrolls the person named;
    - a "maybe" pauses it 10 business days, then it resumes;
    - an out-of-office reply pauses it until the prospect is back (its
      ``until``), else 5 business days;
    - a bounce ends it (``BOUNCED``); an opt-out ends it (``OPTED_OUT``).

    Opens, clicks and other replies are recorded and change nothing.

    Example:
        >>> for rule in default_rules():
        ...     print(rule)
        positive reply: kind=reply response=positive -> end (positive_reply)
        meeting: kind=meeting -> end (meeting_booked)
        no: kind=reply response=no -> end (declined)
        referral: kind=reply response=referral -> end (referred)
        maybe: kind=reply response=maybe -> pause (10 business days, or until the event's end)
        out of office: kind=reply response=out_of_office -> pause (5 business days, or until the event's end)
        bounce: kind=bounce -> end (bounced)
        opt-out: kind=opt_out -> end (opted_out)
    """
    reply = EventKind.REPLY
    return (
        Rule(
            Match(reply, response=Response.POSITIVE),
            End(ExitReason.POSITIVE_REPLY),
            name="positive reply",
        ),
        Rule(Match(EventKind.MEETING), End(ExitReason.MEETING_BOOKED), name="meeting"),
        Rule(Match(reply, response=Response.NO), End(ExitReason.DECLINED), name="no"),
        Rule(Match(reply, response=Response.REFERRAL), End(ExitReason.REFERRED), name="referral"),
        Rule(Match(reply, response=Response.MAYBE), Pause(10), name="maybe"),
        Rule(Match(reply, response=Response.OUT_OF_OFFICE), Pause(5), name="out of office"),
        Rule(Match(EventKind.BOUNCE), End(ExitReason.BOUNCED), name="bounce"),
        Rule(Match(EventKind.OPT_OUT), End(ExitReason.OPTED_OUT), name="opt-out"),
    )


POSITIVE_FOLLOW_UP: str = "Positive reply follow-up"
"""The name of ``presets.positive_reply_follow_up()``, the target of the "move" playbook."""

RE_ENGAGEMENT: str = "Re-engagement"
"""The name of ``presets.re_engagement()``, where a "maybe" goes after its pause."""


def positive_reply_playbook(
    *, mode: str = "calls", call_days: Sequence[int] = (1, 3), cadence: str = POSITIVE_FOLLOW_UP
) -> tuple[Rule, ...]:
    """What to do with a positive reply to an email, then the defaults.

    - ``mode="calls"``: keep the remaining steps and add phone calls on
      ``call_days`` (Day 1 = the day of the reply) alongside them: strike
      while the prospect is warm, without dropping the plan;
    - ``mode="move"``: move the prospect to a separate follow-up cadence
      (``cadence``, by default ``presets.positive_reply_follow_up()``);
    - ``mode="end"``: end as ``POSITIVE_REPLY`` (the default rules alone).

    A positive answer on a call (or a second positive reply once the calls
    are in) ends the enrollment as the defaults do.

    Example:
        >>> rules = positive_reply_playbook()
        >>> print(rules[0])
        positive reply to an email: call: kind=reply response=positive channel=email stage=cadence -> insert day 1 Call — Call after a positive reply, day 3 Call — Call after a positive reply (stage -> warm)
    """
    if mode == "end":
        return default_rules()
    if mode == "move":
        move = Rule(
            Match(EventKind.REPLY, response=Response.POSITIVE),
            MoveTo(cadence),
            name="positive reply: move",
        )
        return (move, *default_rules())
    if mode != "calls":
        raise InvalidFieldError("mode", mode, "expected 'calls', 'move' or 'end'")
    days = sorted(call_days)
    calls = Insert(
        [Touchpoint(Channel.CALL, day, label="Call after a positive reply") for day in days]
    )
    first = Rule(
        Match(
            EventKind.REPLY, response=Response.POSITIVE, channel=Channel.EMAIL, stage=INITIAL_STAGE
        ),
        calls,
        stage="warm",
        name="positive reply to an email: call",
    )
    return (first, *default_rules())


def no_maybe_playbook(
    *,
    material: str = "a short industry report",
    pause_business_days: int = 10,
    re_engagement: str = RE_ENGAGEMENT,
) -> tuple[Rule, ...]:
    """The "no" and "maybe" playbook for cold calls, then the defaults.

    From cold-calling practice: a first "no" is rarely final.

    1. A "no" on a call (stage ``cadence``) replaces the rest of the
       cadence with a discovery-question call the next business day (stage
       ``discovery``): ask what they use today, what would have to change.
       Each call of the playbook is followed by a recap email two business
       days later, so the enrollment waits for the prospect's answer instead
       of completing the moment the call is logged.
    2. If the prospect engages (a positive answer in ``discovery``), offer
       an appointment (stage ``appointment``); a meeting then ends the
       enrollment as ``MEETING_BOOKED``.
    3. If it is still "no" in ``discovery``, offer free material (``material``:
       a report, a webinar, a video) with no strings (stage ``offer``).
    4. If they agree (a positive answer in ``offer``), send it in a
       plain-text email with no pitch (stage ``material``); when that is
       done the enrollment ends ``COMPLETED``. A "no" to the offer, or
       after the appointment offer, ends it ``DECLINED``.
    5. A "maybe" at any point pauses ``pause_business_days`` and moves the
       prospect to the ``re_engagement`` cadence (``MOVED``, with
       ``moved_at`` at the end of the pause).

    Example:
        >>> for rule in no_maybe_playbook()[:6]:
        ...     print(rule.name)
        maybe: re-engage later
        no on a call: ask a discovery question
        engaged after discovery: offer an appointment
        still no: offer free material
        yes to the material: send it, no pitch
        no after an offer: end
    """
    reply, call = EventKind.REPLY, Channel.CALL
    positive, no = Response.POSITIVE, Response.NO
    discovery = Touchpoint(
        call,
        2,
        label="Discovery question",
        body="Ask what they use today and what would have to change for this to matter.",
        cta="Would it be worth 15 minutes to compare notes?",
    )
    appointment = Touchpoint(
        call,
        1,
        label="Offer an appointment",
        cta="Would Tuesday or Thursday suit you for 20 minutes?",
    )
    recap = Touchpoint(
        Channel.EMAIL,
        4,
        label="Recap of the call",
        subject="Thanks for your time, {{ first_name | there }}",
        body="Thanks for the call. As promised, a short recap of what we discussed: {{ recap }}",
        cta="Is there anything I missed?",
    )
    offer = Touchpoint(
        call,
        1,
        label="Offer free material",
        body=f"No strings: may I send you {material}?",
        cta=f"Shall I send {material} over?",
    )
    send = Touchpoint(
        Channel.EMAIL,
        1,
        label="Send the material (plain text, no pitch)",
        subject="The {{ material | report }} you asked for",
        body="Hi {{ first_name | there }}, here it is, as promised: {{ link }}. No pitch.",
        cta="Reply if a question comes up.",
    )
    return (
        Rule(
            Match(reply, response=Response.MAYBE),
            MoveTo(re_engagement, after_business_days=pause_business_days),
            name="maybe: re-engage later",
        ),
        Rule(
            Match(reply, response=no, channel=call, stage=INITIAL_STAGE),
            Insert([discovery, recap], replace=True),
            stage="discovery",
            name="no on a call: ask a discovery question",
        ),
        Rule(
            Match(reply, response=positive, stage="discovery"),
            Insert([appointment, attrs.evolve(recap, day=3)], replace=True),
            stage="appointment",
            name="engaged after discovery: offer an appointment",
        ),
        Rule(
            Match(reply, response=no, stage="discovery"),
            Insert([offer, attrs.evolve(recap, day=3)], replace=True),
            stage="offer",
            name="still no: offer free material",
        ),
        Rule(
            Match(reply, response=positive, stage="offer"),
            Insert([send], replace=True),
            stage="material",
            name="yes to the material: send it, no pitch",
        ),
        Rule(
            Match(reply, response=no, stage={"offer", "appointment", "material"}),
            End(ExitReason.DECLINED),
            name="no after an offer: end",
        ),
        *default_rules(),
    )
