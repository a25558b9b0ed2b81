"""Rules: what an enrollment does when something happens.

A :class:`Rule` pairs a :class:`Match` (which events it is about) or a
:class:`Silence` (nothing happened in time) with one action or several:
:class:`End`, :class:`Pause`, :class:`Resume`, :class:`JumpTo`,
:class:`Insert`, :class:`MoveTo`, :class:`Skip` or :class:`TalkTrack`. An
enrollment checks its rules in order for every event it applies; the first
rule that matches acts, the rest are not consulted (an opt-out always ends
the enrollment, whatever rule comes first). Rules are plain frozen values
that pickle and round-trip ``to_dict``/``from_dict``: a host can build its
own, mix them with :func:`default_rules` and the playbooks here, store them
with the enrollment, and test them without a mail server.

Example:
    >>> import cadencekit as ck
    >>> rules = ck.default_rules()
    >>> answer = ck.Event.reply("2026-11-24T14:12:00-05:00", "no", step=0)
    >>> ck.first_match(rules, answer).then
    End(reason=<ExitReason.DECLINED: 'declined'>)
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import Any, Final, TypeAlias, TypeVar

import attrs

from ._convert import (
    NO_FACTS,
    Reader,
    fact_missing,
    to_enum,
    to_facts,
    to_flag,
    to_optional_text,
)
from ._frozen import FrozenMap
from ._text import brief, capped
from .cadence import Touchpoint
from .channels import Channel
from .errors import CheckedEnum, InvalidFieldError, SchemaError
from .events import CallResult, Event, EventKind, Objection, Response

__all__ = [
    "INITIAL_STAGE",
    "Action",
    "Contains",
    "End",
    "Equals",
    "ExitReason",
    "Insert",
    "JumpTo",
    "Match",
    "Missing",
    "MoveTo",
    "OneOf",
    "Pause",
    "Resume",
    "Rule",
    "Silence",
    "Skip",
    "TalkTrack",
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


# --- Match and Silence: a rule's ``when`` ------------------------------------------


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


def _reasons(value: object) -> frozenset[Objection] | None:
    return _members(Objection, "reason", value)


def _call_results(value: object) -> frozenset[CallResult] | None:
    return _members(CallResult, "call_result", value)


def _channels(value: object) -> frozenset[Channel] | None:
    return _members(Channel, "channel", value)


def _skip_channels(value: object) -> frozenset[Channel] | None:
    return _members(Channel, "channels", value)


_UNLESS: Final = (
    "expected event kinds or Match filters, like ('reply', Match('engagement', what='webinar'))"
)


def _unless(value: object) -> frozenset[EventKind | Match]:
    items = [value] if isinstance(value, str | enum.Enum | Match) else value
    if isinstance(items, Iterable) and not isinstance(items, bytes | bytearray | Mapping):
        found: set[EventKind | Match] = set()
        for item in items:
            if isinstance(item, Match):
                if item.count != 1:
                    raise InvalidFieldError(
                        "unless", str(item), "a silence is broken by one such event: leave count 1"
                    )
                found.add(item)
            elif isinstance(item, str | enum.Enum):
                found.add(to_enum(EventKind, item, "unless"))
            else:
                raise InvalidFieldError("unless", item, _UNLESS)
        if found:
            return frozenset(found)
    raise InvalidFieldError("unless", value, _UNLESS)


def _step_set(value: object, field: str) -> frozenset[int] | None:
    if value is None:
        return None
    items = [value] if isinstance(value, int) else value
    if isinstance(items, Iterable) and not isinstance(items, str | bytes | bytearray | Mapping):
        listed = list(items)  # checked before hashing: [[0]] is refused, not a TypeError
        if listed and all(
            isinstance(s, int) and not isinstance(s, bool) and s >= 0 for s in listed
        ):
            return frozenset(listed)
    raise InvalidFieldError(
        field, value, "expected None (any), a 0-based step index or a set of them"
    )


def _steps(value: object) -> frozenset[int] | None:
    return _step_set(value, "step")


def _skip_steps(value: object) -> frozenset[int] | None:
    return _step_set(value, "steps")


def _rule_name(value: object) -> str | None:
    return to_optional_text(value, "name")


def _rule_stage(value: object) -> str | None:
    return to_optional_text(value, "stage")


def _playbook(value: object) -> str | None:
    return to_optional_text(value, "playbook")


def _cadence_name(value: object) -> str:
    if isinstance(value, str) and value.strip():
        return value
    raise InvalidFieldError("cadence", value, "expected the name of a cadence")


def _stages(value: object) -> frozenset[str] | None:
    if value is None:
        return None
    items = [value] if isinstance(value, str) else value
    if isinstance(items, Iterable) and not isinstance(items, bytes | bytearray | Mapping):
        listed = list(items)
        if listed and all(isinstance(s, str) and s.strip() for s in listed):
            return frozenset(listed)
    raise InvalidFieldError(
        "stage", value, f"expected None (any), a stage name like {INITIAL_STAGE!r} or a set of them"
    )


def _stage_of(value: object) -> FrozenMap[str, frozenset[str]] | None:
    if value is None:
        return None
    if isinstance(value, Mapping) and value:
        found: dict[str, frozenset[str]] = {}
        for playbook, stages in value.items():
            if not isinstance(playbook, str) or not playbook.strip():
                raise InvalidFieldError(
                    "stage_of", playbook, "expected each key a playbook's name, like 'no/maybe'"
                )
            try:
                allowed = None if stages is None else _stages(stages)
            except InvalidFieldError:
                allowed = None
            if allowed is None:
                raise InvalidFieldError(
                    f"stage_of[{playbook!r}]",
                    stages,
                    f"expected a stage name like {INITIAL_STAGE!r} or a set of them",
                )
            found[playbook] = allowed
        return FrozenMap(found)
    raise InvalidFieldError(
        "stage_of",
        value,
        "expected None (any) or a mapping of playbook name to its stage(s), "
        f"like {{'no/maybe': {INITIAL_STAGE!r}}}",
    )


def _whole(field: str, value: object, least: int) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value >= least:
        return value
    raise InvalidFieldError(field, value, f"expected a whole number, {least} or more")


def _match_count(value: object) -> int:
    return _whole("count", value, 1)


def _sorted(values: frozenset[E] | frozenset[int] | frozenset[str] | None) -> str:
    if values is None:
        return ""
    texts = sorted(v.value if isinstance(v, enum.Enum) else str(v) for v in values)
    return texts[0] if len(texts) == 1 else "{" + ", ".join(texts) + "}"


def _listed(values: frozenset[E] | frozenset[int] | frozenset[str] | None) -> list[object] | None:
    """A frozenset as a sorted JSON list (enums as their values)."""
    if values is None:
        return None
    items = [v.value if isinstance(v, enum.Enum) else v for v in values]
    return sorted(items, key=lambda item: (str(type(item)), item))


def _fact_text(value: object) -> str:
    if isinstance(value, str):
        return value
    raise InvalidFieldError("facts", value, "expected the text to compare a fact with")


@attrs.frozen
class Equals:
    """A fact that is exactly ``text`` (case and spaces count).

    A plain string in ``Match(facts=...)`` means this.

    Example:
        >>> Equals("A").test({"tier": "A"}, "tier"), Equals("A").test({}, "tier")
        (True, False)
    """

    text: str = attrs.field(converter=_fact_text, repr=brief)

    def test(self, facts: Mapping[str, str], name: str) -> bool:
        """Whether fact ``name`` of ``facts`` passes."""
        return self.accepts(facts.get(name))

    def accepts(self, value: str | None) -> bool:
        """Whether ``value`` (None: absent) passes."""
        return value == self.text

    def __str__(self) -> str:
        return capped(f"= {brief(self.text)}")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; ``Match(facts=...)`` reads it back."""
        return {"equals": self.text}


@attrs.frozen
class Contains:
    """A fact that contains ``text``, whatever the case ("VP" finds "SVP, Sales" and "vp").

    Example:
        >>> Contains("VP").test({"title": "Svp of Sales"}, "title")
        True
    """

    text: str = attrs.field(converter=_fact_text, repr=brief)

    @text.validator
    def _check(self, _: object, value: str) -> None:
        if not value.strip():
            raise InvalidFieldError("facts", value, "expected text to look for, not blank")

    def test(self, facts: Mapping[str, str], name: str) -> bool:
        """Whether fact ``name`` of ``facts`` passes."""
        return self.accepts(facts.get(name))

    def accepts(self, value: str | None) -> bool:
        """Whether ``value`` (None: absent) passes."""
        return value is not None and self.text.casefold() in value.casefold()

    def __str__(self) -> str:
        return capped(f"contains {brief(self.text)}")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; ``Match(facts=...)`` reads it back."""
        return {"contains": self.text}


def _fact_texts(value: object) -> frozenset[str]:
    items = [value] if isinstance(value, str) else value
    if isinstance(items, Iterable) and not isinstance(items, bytes | bytearray | Mapping):
        listed = list(items)
        if listed and all(isinstance(item, str) for item in listed):
            return frozenset(listed)
    raise InvalidFieldError("facts", value, "expected one or more texts, like {'US', 'CA'}")


@attrs.frozen
class OneOf:
    """A fact that is exactly one of ``texts``.

    Example:
        >>> OneOf({"US", "CA"}).test({"country": "CA"}, "country")
        True
    """

    texts: frozenset[str] = attrs.field(converter=_fact_texts, repr=brief)

    def test(self, facts: Mapping[str, str], name: str) -> bool:
        """Whether fact ``name`` of ``facts`` passes."""
        return self.accepts(facts.get(name))

    def accepts(self, value: str | None) -> bool:
        """Whether ``value`` (None: absent) passes."""
        return value in self.texts

    def __str__(self) -> str:
        return capped(f"one of {_sorted(self.texts)}")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; ``Match(facts=...)`` reads it back."""
        return {"one_of": sorted(self.texts)}


@attrs.frozen
class Missing:
    """A fact the prospect lacks: absent, or blank (an empty CRM cell).

    Example:
        >>> Missing().test({"phone": ""}, "phone"), Missing().test({"phone": "+1"}, "phone")
        (True, False)
    """

    def test(self, facts: Mapping[str, str], name: str) -> bool:
        """Whether fact ``name`` of ``facts`` passes."""
        return fact_missing(facts, name)

    def accepts(self, value: str | None) -> bool:
        """Whether ``value`` (None: absent) passes: absent or blank."""
        return value is None or fact_missing({"value": value}, "value")

    def __str__(self) -> str:
        return "missing"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; ``Match(facts=...)`` reads it back."""
        return {"missing": True}


FactTest: TypeAlias = Equals | Contains | OneOf | Missing
_FACT_TESTS: Final[Mapping[str, Callable[[Any], FactTest]]] = {
    "equals": Equals,
    "contains": Contains,
    "one_of": OneOf,
}


def _fact_test(name: str, value: object) -> FactTest:
    if isinstance(value, Equals | Contains | OneOf | Missing):
        return value
    if isinstance(value, str):
        return Equals(value)
    if isinstance(value, Mapping) and len(value) == 1:  # the dict form of to_dict
        ((key, given),) = value.items()
        if key == "missing" and given is True:
            return Missing()
        made = _FACT_TESTS.get(key)
        if made is not None:
            try:
                return made(given)
            except InvalidFieldError as error:
                raise InvalidFieldError(f"facts[{name!r}]", given, error.expected) from None
    raise InvalidFieldError(
        f"facts[{name!r}]",
        value,
        "expected text (equals), Contains('VP'), OneOf({'US', 'CA'}) or Missing()",
    )


def _what(value: object) -> FactTest | None:
    """An engagement's ``what`` test: text (equals), a set of texts (one of), or a test."""
    if value is None:
        return None
    if isinstance(value, Iterable) and not isinstance(value, str | bytes | bytearray | Mapping):
        try:
            return OneOf(value)
        except InvalidFieldError as error:
            raise InvalidFieldError("what", value, error.expected) from None
    try:
        return _fact_test("what", value)
    except InvalidFieldError as error:
        raise InvalidFieldError("what", value, error.expected) from None


def _fact_tests(value: object) -> FrozenMap[str, FactTest] | None:
    if value is None:
        return None
    if not isinstance(value, Mapping) or not value:
        raise InvalidFieldError(
            "facts", value, "expected None (any) or a mapping of fact name to test"
        )
    tests: dict[str, FactTest] = {}
    for name, test in value.items():
        if not isinstance(name, str) or not name.strip():
            raise InvalidFieldError("facts", name, "expected each name as non-blank text")
        tests[name] = _fact_test(name, test)
    return FrozenMap(tests)


@attrs.frozen
class Match:
    """Which events a rule is about; ``None`` in a field matches anything.

    Each field takes one value or a set of values. ``channel`` is the
    channel the step used (the one a touch event named, for a step with
    alternatives; else the step's own): a "no" on a call is
    ``Match("reply", response="no", channel="call")``. ``stage`` is the
    stage an earlier rule of the same playbook put the enrollment in (see
    :class:`Rule`). ``count=n`` matches only the n-th matching event of the
    enrollment ("clicked twice": ``Match("click", count=2)``); the
    enrollment counts every event that matches, whichever rule acted on it.
    ``reason`` is why a "no" or "maybe" reply said so (its
    :class:`~cadencekit.Objection`): ``Match("reply", response="no",
    reason="has_solution")`` acts on a "we already use X" only; a reply
    that gives no reason matches only a rule with ``reason=None``.
    ``facts`` tests what the host knows of the prospect as it stands at the
    event (``Enrollment.start(facts=...)``, then each ``Event.update``):
    each name maps to a test, all must pass: text (equals), ``Contains``
    (case aside), ``OneOf`` or ``Missing()`` (absent or blank). A rule that
    reads facts is decided by the engine (an export's table has none).
    ``what`` tests an engagement's ``what`` (``Event.engagement(at, "LinkedIn
    invite accepted")``): text is equality, a set of texts is any of them,
    ``Contains("linkedin")`` ignores case; it matches engagements only
    (their ``what``; a ``kind`` without engagements is refused).
    ``stage_of`` reads the stages of other playbooks, by name: a rule that
    must leave a conversation of another playbook alone says
    ``stage_of={"no/maybe": "cadence"}`` (acts only while that playbook is
    in its initial stage); this is how the playbooks here compose in any
    order.

    Example:
        >>> no_on_a_call = Match("reply", response="no", channel="call")
        >>> no_on_a_call.matches(Event.reply("2026-11-24T14:12:00-05:00", "no", step=2), "call")
        True
        >>> no_on_a_call.matches(Event.reply("2026-11-24T14:12:00-05:00", "no", step=0), "email")
        False
        >>> budget = Match("reply", response={"no", "maybe"}, reason="budget")
        >>> budget.matches(Event.reply("2026-11-24T14:12:00-05:00", "maybe", reason="budget"))
        True
        >>> budget.matches(Event.reply("2026-11-24T14:12:00-05:00", "maybe"))
        False
        >>> Match("click", count=0)
        Traceback (most recent call last):
        ...
        cadencekit.errors.InvalidFieldError: count 0: expected a whole number, 1 or more
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
    count: int = attrs.field(default=1, kw_only=True, converter=_match_count)
    reason: frozenset[Objection] | None = attrs.field(
        default=None, kw_only=True, converter=_reasons
    )
    facts: FrozenMap[str, FactTest] | None = attrs.field(
        default=None, kw_only=True, converter=_fact_tests, repr=brief
    )
    stage_of: FrozenMap[str, frozenset[str]] | None = attrs.field(
        default=None, kw_only=True, converter=_stage_of, repr=brief
    )
    what: FactTest | None = attrs.field(default=None, kw_only=True, converter=_what, repr=brief)

    def __attrs_post_init__(self) -> None:
        if (
            self.what is not None
            and self.kind is not None
            and EventKind.ENGAGEMENT not in self.kind
        ):
            raise InvalidFieldError(
                "what",
                str(self.what),
                "only an engagement says what it was; "
                "match Match('engagement', what=...), or leave what None",
            )

    def matches(
        self,
        event: Event,
        channel: Channel | str | None = None,
        stage: str | None = None,
        facts: Mapping[str, str] = NO_FACTS,
        stages: Mapping[str, str] | None = None,
    ) -> bool:
        """Whether ``event`` (on a step of ``channel``, in ``stage``, given ``facts``) matches.

        Counts aside. ``stages`` are every playbook's stages, by name, for
        ``stage_of`` (None: each playbook is in ``stage``).

        Example:
            >>> Match("bounce").matches(Event.bounce("2026-11-24T09:00:00+00:00", 0))
            True
            >>> vp = Match("reply", facts={"title": Contains("VP")})
            >>> vp.matches(Event.reply("2026-11-24T09:00:00+00:00", "maybe"), facts={"title": "SVP"})
            True
        """
        return (
            (self.kind is None or event.kind in self.kind)
            and (self.response is None or event.response in self.response)
            and (self.call_result is None or event.call_result in self.call_result)
            and (self.channel is None or channel in self.channel)
            and (self.step is None or event.step in self.step)
            and (self.stage is None or (stage or INITIAL_STAGE) in self.stage)
            and (self.reason is None or event.reason in self.reason)
            and (
                self.what is None
                or (event.kind is EventKind.ENGAGEMENT and self.what.accepts(event.what))
            )
            and (
                self.facts is None
                or all(test.test(facts, name) for name, test in self.facts.items())
            )
            and (
                self.stage_of is None
                or all(
                    ((stage if stages is None else stages.get(playbook)) or INITIAL_STAGE)
                    in allowed
                    for playbook, allowed in self.stage_of.items()
                )
            )
        )

    def __str__(self) -> str:
        parts = [
            f"{name}={_sorted(getattr(self, name))}"
            for name in ("kind", "response", "reason", "call_result", "channel", "step")
            if getattr(self, name) is not None
        ]
        if self.stage is not None:
            parts.append(f"stage={_sorted(self.stage)}")
        if self.what is not None:
            parts.append(capped(f"what {self.what}"))
        if self.stage_of is not None:
            of = ", ".join(
                f"{name}: {_sorted(self.stage_of[name])}" for name in sorted(self.stage_of)
            )
            parts.append(capped(f"stage_of={{{of}}}"))
        if self.count != 1:
            parts.append(f"count={self.count}")
        if self.facts is not None:
            tests = ", ".join(f"{name} {test}" for name, test in sorted(self.facts.items()))
            parts.append(capped(f"facts={{{tests}}}"))
        return " ".join(parts) or "any event"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; :meth:`from_dict` reads it back.

        Example:
            >>> Match("click", count=2).to_dict()["count"]
            2
        """
        return {
            "type": "match",
            **{
                name: _listed(getattr(self, name))
                for name in (
                    "kind",
                    "response",
                    "call_result",
                    "channel",
                    "step",
                    "stage",
                    "reason",
                )
            },
            "count": self.count,
            **(
                {}
                if self.facts is None
                else {"facts": {name: test.to_dict() for name, test in self.facts.items()}}
            ),
            **(
                {}
                if self.stage_of is None
                else {"stage_of": {name: _listed(v) for name, v in self.stage_of.items()}}
            ),
            **({} if self.what is None else {"what": self.what.to_dict()}),
        }


_DEFAULT_UNLESS: Final = frozenset({EventKind.REPLY})


def _silence_days(value: object) -> int:
    return _whole("business_days", value, 1)


def _after_step(value: object) -> int:
    return _whole("after_step", value, 0)


@attrs.frozen
class Silence:
    """A rule's ``when`` for silence: n business days with none of ``unless`` after a step.

    ``business_days`` pass after step ``after_step`` was carried out with
    none of the ``unless`` events (a reply, by default).

    The deadline is the moment step ``after_step`` was done, moved
    ``business_days`` business days on in the prospect's calendar, at the
    same local time. No clock is read: the timer fires when an event at or
    after the deadline is applied, or when :meth:`Enrollment.advance` is
    called with a ``now`` past it; either way the enrollment records an
    ``EventKind.TIMEOUT`` event naming the rule, so a replay reproduces it.
    An ``unless`` event about any step, at or after the touch and before
    the deadline, disarms the timer. It fires at most once. ``unless``
    takes event kinds and :class:`Match` filters alike, so "no LinkedIn
    invite accepted in 5 days" is ``unless=(Match("engagement",
    what="LinkedIn invite accepted"),)``: a filter's ``stage`` reads the
    rule's playbook, and its ``count`` must stay 1.

    Example:
        >>> quiet = Silence(3, after_step=0, unless=("open", "click", "reply"))
        >>> print(quiet)
        no click, open or reply within 3 business days after step index 0
        >>> Silence(0, after_step=0)
        Traceback (most recent call last):
        ...
        cadencekit.errors.InvalidFieldError: business_days 0: expected a whole number, 1 or more
    """

    business_days: int = attrs.field(converter=_silence_days)
    after_step: int = attrs.field(converter=_after_step)
    unless: frozenset[EventKind | Match] = attrs.field(
        default=_DEFAULT_UNLESS, kw_only=True, converter=_unless
    )

    def broken_by(
        self,
        event: Event,
        channel: Channel | None = None,
        stage: str | None = None,
        facts: Mapping[str, str] = NO_FACTS,
        stages: Mapping[str, str] | None = None,
    ) -> bool:
        """Whether ``event`` is one of ``unless`` (a kind, or a filter it matches).

        Example:
            >>> accepted = Match("engagement", what="LinkedIn invite accepted")
            >>> quiet = Silence(5, after_step=1, unless=("reply", accepted))
            >>> quiet.broken_by(Event.engagement("2026-11-24T09:00:00Z", "LinkedIn invite accepted"))
            True
            >>> quiet.broken_by(Event.engagement("2026-11-24T09:00:00Z", "downloaded the white paper"))
            False
        """
        kind = event.kind
        for item in self.unless:
            if item is kind or (
                isinstance(item, Match) and item.matches(event, channel, stage, facts, stages)
            ):
                return True
        return False

    def __str__(self) -> str:
        kinds = sorted(item.value for item in self.unless if isinstance(item, EventKind))
        kinds += sorted(f"[{item}]" for item in self.unless if isinstance(item, Match))
        names = kinds[0] if len(kinds) == 1 else ", ".join(kinds[:-1]) + " or " + kinds[-1]
        # a rule names steps by index (it knows no cadence): "step N" is a number in the texts
        return (
            f"no {names} within {self.business_days} business days "
            f"after step index {self.after_step}"
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; :meth:`Rule.from_dict` reads it back.

        Example:
            >>> Silence(3, 0).to_dict()
            {'type': 'silence', 'business_days': 3, 'after_step': 0, 'unless': ['reply']}
        """
        kinds = sorted(item.value for item in self.unless if isinstance(item, EventKind))
        filters = sorted(
            (item.to_dict() for item in self.unless if isinstance(item, Match)), key=repr
        )
        return {
            "type": "silence",
            "business_days": self.business_days,
            "after_step": self.after_step,
            "unless": [*kinds, *filters],
        }


# --- actions ------------------------------------------------------------------------


def _until_classified(value: object) -> bool:
    return to_flag(value, "until_classified")


def _once(value: object) -> bool:
    return to_flag(value, "once")


def _pause_days(value: object) -> int | None:
    return None if value is None else _whole("business_days", value, 0)


def _after_days(value: object) -> int:
    return _whole("after_business_days", value, 0)


def _jump_step(value: object) -> int:
    return _whole("step", value, 0)


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

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict.

        Example:
            >>> End("declined").to_dict()
            {'action': 'end', 'reason': 'declined'}
        """
        return {"action": "end", "reason": self.reason.value}


@attrs.frozen
class Pause:
    """Pause the enrollment: until the event's ``until``, else ``business_days``.

    An out-of-office reply that says when the prospect is back pauses until
    then; otherwise the pause lasts ``business_days`` business days from
    the event (``None``: until a ``resume`` event). With
    ``until_classified=True`` the pause also ends when a classified reply
    arrives (any response but ``other`` and ``out_of_office``): "a reply
    needs reading".

    A rule's pause is one hold among others (the rep's own pause, an
    out-of-office): it may hold the enrollment longer but never shortens or
    lifts another hold. While any hold lasts nothing falls due; afterwards
    the next step is due at the first open slot and the rest follow it with
    their usual gaps. A ``resume`` event releases every hold.

    Example:
        >>> Pause(10)
        Pause(business_days=10, until_classified=False)
    """

    business_days: int | None = attrs.field(default=None, converter=_pause_days)
    until_classified: bool = attrs.field(default=False, kw_only=True, converter=_until_classified)

    def __str__(self) -> str:
        if self.until_classified:
            return "pause (until a classified reply, a resume or the event's end)"
        days = (
            "until resumed" if self.business_days is None else f"{self.business_days} business days"
        )
        return f"pause ({days}, or until the event's end)"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict.

        Example:
            >>> Pause(10).to_dict()
            {'action': 'pause', 'business_days': 10, 'until_classified': False}
        """
        return {
            "action": "pause",
            "business_days": self.business_days,
            "until_classified": self.until_classified,
        }


@attrs.frozen
class Resume:
    """Resume a paused enrollment now: every hold is released.

    Example:
        >>> str(Resume())
        'resume'
    """

    def __str__(self) -> str:
        return "resume"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict.

        Example:
            >>> Resume().to_dict()
            {'action': 'resume'}
        """
        return {"action": "resume"}


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
        return f"jump to step index {self.step}"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict.

        Example:
            >>> JumpTo(4).to_dict()
            {'action': 'jump_to', 'step': 4}
        """
        return {"action": "jump_to", "step": self.step}


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
    for index, item in enumerate(items):
        if item.anchor is not None:
            raise InvalidFieldError(
                f"touchpoints[{index}].anchor",
                str(item.anchor),
                "an inserted step counts its days from the event; anchor steps in the cadence",
            )
    return items


def _replace(value: object) -> bool:
    return to_flag(value, "replace")


@attrs.frozen
class Insert:
    """Add touchpoints, their days counted from the event (Day 1 = the event's day).

    Day 1 is the event's own local date (rolled forward to a business day
    when it is closed), whatever the hour: a "no" logged at 17:00 on a
    Monday puts a Day 2 step on Tuesday, as at 16:59. A Day 1 step whose
    window has closed that day goes at the next open slot.

    With ``replace=False`` (the default) they run alongside the steps still
    to do ("call them as well as sending the remaining emails"); with
    ``replace=True`` they take the place of every step not yet done.
    Inserted steps are numbered after the cadence's own, in the order added.

    Example:
        >>> calls = Insert([Touchpoint("call", 1), Touchpoint("call", 3)])
        >>> len(calls.touchpoints), calls.replace
        (2, False)
    """

    touchpoints: tuple[Touchpoint, ...] = attrs.field(converter=_touchpoints, repr=brief)
    replace: bool = attrs.field(default=False, kw_only=True, converter=_replace)

    def __str__(self) -> str:
        what = ", ".join(f"day {t.day} {t.describe()}" for t in self.touchpoints[:5])
        if len(self.touchpoints) > 5:
            what += f", … {len(self.touchpoints) - 5} more"
        return capped(f"{'replace the rest with' if self.replace else 'insert'} {what}")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict.

        Example:
            >>> Insert([Touchpoint("call", 1)]).to_dict()["touchpoints"][0]["channel"]
            'call'
        """
        return {
            "action": "insert",
            "touchpoints": [touch.to_dict() for touch in self.touchpoints],
            "replace": self.replace,
        }


@attrs.frozen
class MoveTo:
    """Move the prospect to another cadence: the enrollment ends ``MOVED``, naming it.

    With ``after_business_days`` the move waits: the enrollment stays
    paused until then (``moved_to`` and ``moved_at`` say where and when)
    and ends ``MOVED`` at ``moved_at``, when a later event or
    :meth:`Enrollment.advance` reaches it (recorded as a ``timeout`` event
    naming the rule). A rule that ends the enrollment during the wait (a
    positive reply, a meeting, an opt-out) wins over the move.

    Example:
        >>> MoveTo("Re-engagement", after_business_days=10)
        MoveTo(cadence='Re-engagement', after_business_days=10)
    """

    cadence: str = attrs.field(converter=_cadence_name, repr=brief)
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

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict.

        Example:
            >>> MoveTo("Nurture").to_dict()
            {'action': 'move_to', 'cadence': 'Nurture', 'after_business_days': 0}
        """
        return {
            "action": "move_to",
            "cadence": self.cadence,
            "after_business_days": self.after_business_days,
        }


def _automated_or_none(value: object) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise InvalidFieldError("automated", value, "expected True, False or None (either)")


@attrs.frozen
class Skip:
    """Drop the remaining steps that match every field given: "bad number -> no more calls".

    ``channels`` (one or a set), ``automated`` (True: the steps the host
    sends by itself; False: the rep's manual steps) and ``steps`` (0-based
    indexes, inserted steps included) narrow which pending steps are
    dropped; at least one must be given. A step with alternatives is
    dropped only when every channel it could use is named. Dropped steps
    are recorded in ``skipped`` and the decision says which; the rest keep
    their days, counted from the last step done. Steps inserted later are
    not affected.

    Example:
        >>> print(Skip(channels={"call", "voicemail"}))
        skip the remaining call and voicemail steps
        >>> Skip()
        Traceback (most recent call last):
        ...
        cadencekit.errors.InvalidFieldError: channels None: a Skip names channels, automated or steps (or several); to drop every step, use End
    """

    channels: frozenset[Channel] | None = attrs.field(default=None, converter=_skip_channels)
    automated: bool | None = attrs.field(default=None, kw_only=True, converter=_automated_or_none)
    steps: frozenset[int] | None = attrs.field(
        default=None, kw_only=True, converter=_skip_steps, repr=brief
    )

    def __attrs_post_init__(self) -> None:
        if self.channels is None and self.automated is None and self.steps is None:
            raise InvalidFieldError(
                "channels",
                None,
                "a Skip names channels, automated or steps (or several); to drop every step, use End",
            )

    def drops(self, step: int, touchpoint: Touchpoint) -> bool:
        """Whether this action drops ``step`` (whose touchpoint is ``touchpoint``).

        Example:
            >>> Skip(automated=True).drops(0, Touchpoint("email", 1))
            True
        """
        return (
            (self.steps is None or step in self.steps)
            and (self.automated is None or touchpoint.automated is self.automated)
            and (
                self.channels is None
                or all(channel in self.channels for channel in touchpoint.channel_options)
            )
        )

    def __str__(self) -> str:
        what = []
        if self.automated is not None:
            what.append("automated" if self.automated else "manual")
        if self.channels is not None:
            names = sorted(channel.value for channel in self.channels)
            what.append(
                names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
            )
        where = f" among steps {_sorted(self.steps)}" if self.steps is not None else ""
        return f"skip the remaining {' '.join(what) or 'matching'} steps{where}"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict.

        Example:
            >>> Skip(channels="email").to_dict()
            {'action': 'skip', 'channels': ['email'], 'automated': None, 'steps': None}
        """
        return {
            "action": "skip",
            "channels": _listed(self.channels),
            "automated": self.automated,
            "steps": _listed(self.steps),
        }


def _lines(value: object) -> tuple[str, ...]:
    items = (value,) if isinstance(value, str) else value
    if isinstance(items, Iterable):
        lines = tuple(items)
        if lines and all(isinstance(line, str) and line.strip() for line in lines):
            return lines
    raise InvalidFieldError("lines", value, "expected one or more non-empty lines of text")


@attrs.frozen
class TalkTrack:
    """Lines for the rep to say on the call, now: carried by the decision, not scheduled.

    The decision that applies this action (``enrollment.decisions[-1]``)
    holds the lines in ``talk_track``, so the host shows them to the rep
    while the prospect is still on the line; nothing is added to the plan.

    Example:
        >>> track = TalkTrack(["Ask what they use today.", "Offer 20 minutes on Tuesday."])
        >>> print(track)
        talk track: Ask what they use today. / Offer 20 minutes on Tuesday.
    """

    lines: tuple[str, ...] = attrs.field(converter=_lines, repr=brief)

    def __str__(self) -> str:
        return capped("talk track: " + " / ".join(self.lines))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict.

        Example:
            >>> TalkTrack("Ask a question.").to_dict()
            {'action': 'talk_track', 'lines': ['Ask a question.']}
        """
        return {"action": "talk_track", "lines": list(self.lines)}


Action: TypeAlias = End | Pause | Resume | JumpTo | Insert | MoveTo | Skip | TalkTrack
"""Any of the actions a :class:`Rule` can take."""

_ACTIONS = (End, Pause, Resume, JumpTo, Insert, MoveTo, Skip, TalkTrack)
_ACTION_NAMES = "End, Pause, Resume, JumpTo, Insert, MoveTo, Skip or TalkTrack"


def _when(value: object) -> Match | Silence:
    if isinstance(value, Match | Silence):
        return value
    raise InvalidFieldError("when", value, "expected a Match(...) or a Silence(...)")


def _then(value: object) -> Action | tuple[Action, ...]:
    if isinstance(value, _ACTIONS):
        return value
    if isinstance(value, tuple | list):
        actions: list[Action] = []
        for index, action in enumerate(value):
            if not isinstance(action, _ACTIONS):
                raise InvalidFieldError(
                    f"then[{index}]", action, f"expected one of {_ACTION_NAMES}"
                )
            actions.append(action)
        if len(actions) == 1:
            return actions[0]
        if actions:
            return tuple(actions)
    raise InvalidFieldError(
        "then", value, f"expected one of {_ACTION_NAMES}, or a non-empty tuple of them"
    )


@attrs.frozen
class Rule:
    """When ``when`` happens, do ``then`` (and enter ``stage``, if given).

    ``when`` is a :class:`Match` (an event) or a :class:`Silence` (nothing
    happened in time). ``then`` is one action or a tuple of actions, done
    in order: ``then=(Skip(channels="email"), Insert([...]))``. A
    one-action tuple is kept as the action itself.

    ``stage`` lets a playbook run in steps: a rule that offers free material
    sets ``stage="offer"``, and a later rule with ``Match(..., stage="offer")``
    acts on the answer to that offer only. Each ``playbook`` keeps its own
    stage, so playbooks compose: a rule of playbook ``"no/maybe"`` reads and
    sets only that playbook's stage (rules with no playbook share one).
    ``once=True`` fires the rule at most once per enrollment; afterwards
    the events it would match go on to the next rules.

    Example:
        >>> rule = Rule(Match("reply", response="maybe"), Pause(10), name="maybe: wait")
        >>> print(rule)
        maybe: wait: kind=reply response=maybe -> pause (10 business days, or until the event's end)
        >>> Rule.from_dict(rule.to_dict()) == rule
        True
    """

    when: Match | Silence = attrs.field(converter=_when)
    then: Action | tuple[Action, ...] = attrs.field(converter=_then)
    stage: str | None = attrs.field(default=None, kw_only=True, converter=_rule_stage)
    name: str | None = attrs.field(default=None, kw_only=True, converter=_rule_name)
    once: bool = attrs.field(default=False, kw_only=True, converter=_once)
    playbook: str | None = attrs.field(default=None, kw_only=True, converter=_playbook)

    @property
    def actions(self) -> tuple[Action, ...]:
        """``then`` as a tuple, one action or several.

        Example:
            >>> Rule(Match("bounce"), End("bounced")).actions
            (End(reason=<ExitReason.BOUNCED: 'bounced'>),)
        """
        then = self.then
        return then if isinstance(then, tuple) else (then,)

    def __str__(self) -> str:
        stage = f" (stage -> {self.stage})" if self.stage else ""
        prefix = f"{self.name}: " if self.name else ""
        once = " (once)" if self.once else ""
        what = "; ".join(str(action) for action in self.actions)
        return f"{prefix}{self.when} -> {what}{stage}{once}"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; :meth:`from_dict` reads it back to an equal rule.

        Example:
            >>> Rule(Match("click", count=2), Skip(channels="email"), once=True).to_dict()["then"]
            [{'action': 'skip', 'channels': ['email'], 'automated': None, 'steps': None}]
        """
        return {
            "version": 1,
            "when": self.when.to_dict(),
            "then": [action.to_dict() for action in self.actions],
            "stage": self.stage,
            "name": self.name,
            "once": self.once,
            "playbook": self.playbook,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, path: str = "") -> Rule:
        """Read a rule written by :meth:`to_dict`; errors name the path.

        Example:
            >>> Rule.from_dict({"when": {"type": "match", "kind": ["bounce"]},
            ...                 "then": [{"action": "stop"}]}, path="rules[2]")
            Traceback (most recent call last):
            ...
            cadencekit.errors.SchemaError: rules[2].then[0].action 'stop': expected one of 'end', 'pause', 'resume', 'jump_to', 'insert', 'move_to', 'skip', 'talk_track'
        """
        reader = Reader(data, path)
        reader.version()
        when_reader = reader.child("when")
        assert when_reader is not None
        when = _read_when(when_reader)
        actions = tuple(_read_action(item) for item in reader.readers("then"))
        return reader.build(
            lambda: cls(
                when,
                actions,
                stage=reader.optional_str("stage"),
                name=reader.optional_str("name"),
                once=reader.boolean("once", False),
                playbook=reader.optional_str("playbook"),
            )
        )


def _read_when(reader: Reader) -> Match | Silence:
    kind = reader.raw("type", "expected 'match' or 'silence'", "match")
    if kind == "silence":
        unless = reader.raw("unless", "expected event kinds", ["reply"])
        if isinstance(unless, list):  # a filter is written as a Match's dict
            unless = [
                _read_when(Reader(item, reader.at(f"unless[{index}]")))
                if isinstance(item, Mapping)
                else item
                for index, item in enumerate(unless)
            ]
        return reader.build(
            lambda: Silence(
                reader.raw("business_days", "expected a whole number"),
                reader.raw("after_step", "expected a step index"),
                unless=unless,
            )
        )
    if kind != "match":
        raise SchemaError(reader.at("type"), kind, "expected 'match' or 'silence'")
    return reader.build(
        lambda: Match(
            reader.raw("kind", "", None),
            response=reader.raw("response", "", None),
            call_result=reader.raw("call_result", "", None),
            channel=reader.raw("channel", "", None),
            step=reader.raw("step", "", None),
            stage=reader.raw("stage", "", None),
            count=reader.raw("count", "", 1),
            reason=reader.raw("reason", "", None),
            facts=reader.raw("facts", "", None),
            stage_of=reader.raw("stage_of", "", None),
            what=reader.raw("what", "", None),
        )
    )


_ACTION_KEYS: Final = (
    "end",
    "pause",
    "resume",
    "jump_to",
    "insert",
    "move_to",
    "skip",
    "talk_track",
)


def _read_action(reader: Reader) -> Action:
    name = reader.raw("action", "expected the name of an action")
    if name not in _ACTION_KEYS:
        accepted = ", ".join(repr(key) for key in _ACTION_KEYS)
        raise SchemaError(reader.at("action"), name, f"expected one of {accepted}")

    def make() -> Action:
        if name == "end":
            return End(reader.raw("reason", "expected an exit reason"))
        if name == "pause":
            return Pause(
                reader.raw("business_days", "", None),
                until_classified=reader.boolean("until_classified", False),
            )
        if name == "resume":
            return Resume()
        if name == "jump_to":
            return JumpTo(reader.raw("step", "expected a step index"))
        if name == "insert":
            touchpoints = [
                Touchpoint.from_dict(item.data, path=item.path)
                for item in reader.readers("touchpoints")
            ]
            return Insert(touchpoints, replace=reader.boolean("replace", False))
        if name == "move_to":
            return MoveTo(
                reader.raw("cadence", "expected a cadence name"),
                after_business_days=reader.raw("after_business_days", "", 0),
            )
        if name == "skip":
            return Skip(
                reader.raw("channels", "", None),
                automated=reader.raw("automated", "", None),
                steps=reader.raw("steps", "", None),
            )
        return TalkTrack(reader.raw("lines", "expected lines of text"))

    return reader.build(make)


def first_match(
    rules: Sequence[Rule],
    event: Event,
    *,
    channel: Channel | str | None = None,
    stage: str | None = None,
    facts: Mapping[str, str] | None = None,
) -> Rule | None:
    """The rule of ``rules`` that acts on ``event`` seen alone, or None.

    The first :class:`Match` that matches wins, as in an enrollment, and
    an opt-out is acted on only by a rule that ends the enrollment as opted
    out: compliance cannot be shadowed, so None here means the opt-out ends
    it by itself. This looks at one event alone: an enrollment also keeps
    counts (``Match(count=n)``), ``once`` and each playbook's stage (here
    ``stage`` for every rule); silences never match here. ``facts`` are the
    prospect's, for rules that read them (None: no facts).

    Example:
        >>> first_match(default_rules(), Event.open("2026-11-24T09:00:00+00:00", 0)) is None
        True
        >>> vp = Rule(Match("reply", facts={"title": Contains("VP")}), End("declined"))
        >>> maybe = Event.reply("2026-11-24T09:00:00+00:00", "maybe")
        >>> first_match([vp], maybe, facts={"title": "VP Sales"}) is vp
        True
        >>> parked = Rule(Match(), Pause(), name="park anything")
        >>> opt_out = Event.opt_out("2026-11-24T09:00:00+00:00")
        >>> first_match([parked], opt_out) is None  # a pause cannot keep an opt-out open
        True
    """
    if not isinstance(event, Event):
        raise InvalidFieldError("event", event, "expected an Event")
    if isinstance(rules, str | bytes) or not isinstance(rules, Iterable):
        raise InvalidFieldError("rules", rules, "expected a sequence of Rule values")
    rules = tuple(rules)
    for index, rule in enumerate(rules):
        if not isinstance(rule, Rule):
            raise InvalidFieldError(f"rules[{index}]", rule, "expected a Rule")
    known = to_facts(facts, "facts")  # None: no facts
    found = acting_rule(rules, range(len(rules)), event, channel, stage=stage, facts=known)
    return None if found < 0 else rules[found]


def acting_rule(
    rules: Sequence[Rule],
    indexes: Iterable[int],
    event: Event,
    channel: Channel | str | None,
    *,
    stages: Mapping[str, str] | None = None,
    stage: str | None = None,
    fired: Collection[int] = (),
    counts: Mapping[int, int] | None = None,
    facts: Mapping[str, str] = NO_FACTS,
) -> int:
    """The index of the rule that acts on ``event``, or -1: the one statement of "first match wins".

    ``indexes`` are the rules to try, in order (an enrollment passes those
    whose kind can match). A silence never acts here; a ``once`` rule in
    ``fired`` steps aside; with ``counts``, a ``Match(count=n)`` acts only on
    its n-th matching event (without, counts are set aside); each rule reads
    its playbook's stage in ``stages`` (else ``stage``, else the initial
    stage). An opt-out is acted on only by a rule that ends the enrollment
    as opted out. The engine, ``first_match`` and the table path's program
    all ask this function.

    Example:
        >>> rules = default_rules()
        >>> no = Event.reply("2026-11-24T09:00:00+00:00", "no")
        >>> print(rules[acting_rule(rules, range(len(rules)), no, None)].name)
        no
    """
    opt_out = event.kind is EventKind.OPT_OUT
    for index in indexes:
        rule = rules[index]
        when = rule.when
        if not isinstance(when, Match):
            continue
        if rule.once and index in fired:
            continue
        here = stage if stages is None else stages.get(rule.playbook or "", stage)
        if not when.matches(event, channel, here, facts, stages):
            continue
        if counts is not None and when.count != 1 and counts.get(index, 0) != when.count:
            continue
        if opt_out and End(ExitReason.OPTED_OUT) not in rule.actions:
            continue  # compliance cannot be shadowed: the opt-out ends regardless
        return index
    return -1


# --- ready rule sets ----------------------------------------------------------------


def default_rules() -> tuple[Rule, ...]:
    """The design's defaults, first match wins.

    - a positive reply ends the enrollment (``POSITIVE_REPLY``);
    - a booked meeting ends it (``MEETING_BOOKED``);
    - a "no" ends it (``DECLINED``);
    - a referral ("not the right person, ask X") ends it (``REFERRED``):
      the host enrolls the person named;
    - a "maybe" pauses it until the day the reply says to try again (its
      ``until``, "ping me in Q3"), else 10 business days, then it resumes;
    - an out-of-office reply pauses it until the prospect is back (its
      ``until``), else 5 business days;
    - any other reply (a question, something a person must read) pauses it
      until a classified reply or a resume (or the date it gives, its
      ``until``, if sooner): "a reply needs reading"; the
      classified reply then acts as above;
    - a bounce ends it (``BOUNCED``); an opt-out ends it (``OPTED_OUT``,
      whatever rule comes first).

    Opens and clicks are recorded and change nothing.

    Example:
        >>> for rule in default_rules():
        ...     print(rule)
        positive reply: kind=reply response=positive -> end (positive_reply)
        meeting: kind=meeting -> end (meeting_booked)
        no: kind=reply response=no -> end (declined)
        referral: kind=reply response=referral -> end (referred)
        maybe: kind=reply response=maybe -> pause (10 business days, or until the event's end)
        out of office: kind=reply response=out_of_office -> pause (5 business days, or until the event's end)
        a reply needs reading: kind=reply response=other -> pause (until a classified reply, a resume or the event's end)
        bounce: kind=bounce -> end (bounced)
        opt-out: kind=opt_out -> end (opted_out)
    """
    return _built_defaults()


@functools.cache
def _built_defaults() -> tuple[Rule, ...]:
    """The default rules, built once: rules are frozen values, safe to share."""
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
        Rule(
            Match(reply, response=Response.OTHER),
            Pause(until_classified=True),
            name="a reply needs reading",
        ),
        Rule(Match(EventKind.BOUNCE), End(ExitReason.BOUNCED), name="bounce"),
        Rule(Match(EventKind.OPT_OUT), End(ExitReason.OPTED_OUT), name="opt-out"),
    )


POSITIVE_FOLLOW_UP: str = "Positive reply follow-up"
"""The name of ``presets.positive_reply_follow_up()``, the target of the "move" playbook."""

RE_ENGAGEMENT: str = "Re-engagement"
"""The name of ``presets.re_engagement()``, where a "maybe" goes after its pause."""

POSITIVE_PLAYBOOK: Final = "positive reply"
"""The ``playbook`` of :func:`positive_reply_playbook`'s rules: their stage is their own."""

NO_MAYBE_PLAYBOOK: Final = "no/maybe"
"""The ``playbook`` of :func:`no_maybe_playbook`'s rules: their stage is their own."""


def positive_reply_playbook(
    *,
    mode: str = "calls",
    call_days: Sequence[int] = (1, 3),
    cadence: str = POSITIVE_FOLLOW_UP,
    defaults: bool = True,
) -> tuple[Rule, ...]:
    """What to do with a positive reply, then the defaults.

    - ``mode="calls"``: stop the automated emails still to come (a
      prospect who said yes gets no more sequence emails, and no breakup),
      keep the rep's manual steps, and add phone calls on ``call_days``
      (Day 1 = the day of the reply): strike while the prospect is warm;
    - ``mode="move"``: move the prospect to a separate follow-up cadence
      (``cadence``, by default ``presets.positive_reply_follow_up()``);
    - ``mode="end"``: end as ``POSITIVE_REPLY`` (the default rules alone).

    A positive reply counts wherever it comes from: an answer to an email,
    a "yes" on a call or after a voicemail, or a reply that names no step
    (say, one that arrives after a call). A second positive reply once the
    calls are in ends the enrollment as the defaults do. The rules belong to
    playbook ``"positive reply"``: their stage is their own, so they compose
    with other playbooks. They leave :func:`no_maybe_playbook`'s
    conversation alone (``Match(stage_of={"no/maybe": "cadence"})``): after
    a "no" on a call, a "yes" is the answer to the rep's offer, whichever
    playbook comes first in the list. ``defaults=False`` leaves out
    :func:`default_rules`, to put several playbooks before one copy of them.

    Example:
        >>> rules = positive_reply_playbook()
        >>> print(rules[0])
        positive reply: call: kind=reply response=positive stage=cadence stage_of={no/maybe: cadence} -> skip the remaining automated steps; insert day 1 Call — Call after a positive reply, day 3 Call — Call after a positive reply (stage -> warm)
    """
    tail = default_rules() if to_flag(defaults, "defaults") else ()
    if mode == "end":
        return tail
    # What the cold-call playbook's conversation is not in the middle of (its own stage).
    apart = {NO_MAYBE_PLAYBOOK: INITIAL_STAGE}
    if mode == "move":
        move = Rule(
            Match(EventKind.REPLY, response=Response.POSITIVE, stage_of=apart),
            MoveTo(cadence),
            name="positive reply: move",
            playbook=POSITIVE_PLAYBOOK,
        )
        return (move, *tail)
    if mode != "calls":
        raise InvalidFieldError("mode", mode, "expected 'calls', 'move' or 'end'")
    days = sorted(call_days)
    calls = Insert(
        [Touchpoint(Channel.CALL, day, label="Call after a positive reply") for day in days]
    )
    first = Rule(
        Match(EventKind.REPLY, response=Response.POSITIVE, stage=INITIAL_STAGE, stage_of=apart),
        (Skip(automated=True), calls),
        stage="warm",
        name="positive reply: call",
        playbook=POSITIVE_PLAYBOOK,
    )
    return (first, *tail)


def no_maybe_playbook(
    *,
    material: str = "a short industry report",
    pause_business_days: int = 10,
    re_engagement: str = RE_ENGAGEMENT,
    defaults: bool = True,
) -> tuple[Rule, ...]:
    """The cold-call playbook for a "no" or a "maybe", then the defaults.

    From cold-calling practice: a first "no" is rarely final, and it is
    handled on the same call, not with new calls on later days.

    1. A "no" on a call (stage ``cadence``) returns a talk track with the
       decision (``enrollment.decisions[-1].talk_track``), for the rep to
       use while the prospect is still on the line: ask a discovery
       question instead of hanging up, then offer an appointment, then
       offer free material (``material``). The enrollment waits, paused,
       for what the prospect accepted (stage ``talk track``).
    2. What they accepted is recorded as events: a meeting
       (``Event.meeting``) ends it ``MEETING_BOOKED``; a positive reply on
       the call means they accepted the material: one plain-text email
       (``format="plain"``, no pitch) shares it the same day (stage
       ``material``), and once it is sent the enrollment ends
       ``COMPLETED``.
    3. A "no" to everything (a second "no") ends it ``DECLINED``.
    4. A "maybe" at any point pauses ``pause_business_days`` business days
       and then moves the prospect to the ``re_engagement`` cadence
       (paused with ``moved_to`` set, then ``MOVED`` at ``moved_at``).

    The rules belong to playbook ``"no/maybe"`` (their stage is their
    own); ``defaults=False`` leaves out :func:`default_rules`.

    Example:
        >>> for rule in no_maybe_playbook()[:4]:
        ...     print(rule.name)
        maybe: pause, then re-engage
        no on a call: talk track
        yes to the material: send it, plain text
        no to everything: end
    """
    reply, call = EventKind.REPLY, Channel.CALL
    positive, no = Response.POSITIVE, Response.NO
    track = TalkTrack(
        (
            "Discovery: what do you use today, and what would have to change for this to matter?",
            "Appointment: would Tuesday or Thursday suit you for 20 minutes to compare notes?",
            f"Free material, no strings: may I send you {material}?",
        )
    )
    send = Touchpoint(
        Channel.EMAIL,
        1,
        label="Send the material (plain text, no pitch)",
        subject="The {{ material | report }} you asked for",
        body="Hi {{ first_name | there }}, here it is, as promised: {{ link }}",
        cta="Reply if a question comes up.",
        format="plain",
    )
    book = NO_MAYBE_PLAYBOOK
    rules = (
        Rule(
            Match(reply, response=Response.MAYBE),
            MoveTo(re_engagement, after_business_days=pause_business_days),
            name="maybe: pause, then re-engage",
            playbook=book,
        ),
        Rule(
            Match(reply, response=no, channel=call, stage=INITIAL_STAGE),
            (track, Pause(until_classified=True)),
            stage="talk track",
            name="no on a call: talk track",
            playbook=book,
        ),
        Rule(
            Match(reply, response=positive, stage="talk track"),
            Insert([send], replace=True),
            stage="material",
            name="yes to the material: send it, plain text",
            playbook=book,
        ),
        Rule(
            Match(reply, response=no, stage={"talk track", "material"}),
            End(ExitReason.DECLINED),
            name="no to everything: end",
            playbook=book,
        ),
    )
    return (*rules, *(default_rules() if to_flag(defaults, "defaults") else ()))
