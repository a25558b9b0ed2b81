"""Lint a cadence: the practices of good outreach, checked.

:func:`lint` reads a :class:`~cadencekit.Cadence` and returns a
:class:`Finding` for each practice it breaks: too short, too few touches,
too many touches a day, texts clustered together, gaps that shrink, one
channel only, no human step, follow-ups that only chase, nothing of value,
no next step (calls included), no merge field, no breakup at the end,
touches after the breakup; and the law of sending: an automated email with
no way to unsubscribe or no sender identity, a touch whose hours reach into
the prospect's night. Each finding has a stable code; a cadence silences the codes it
breaks on purpose with ``Cadence(..., allow={...})`` and a caller with
``lint(..., ignore=...)``.

Example:
    >>> from cadencekit import Cadence, Touchpoint, lint
    >>> two_emails = Cadence("Two emails", [Touchpoint("email", 1), Touchpoint("email", 2)])
    >>> findings = lint(two_emails)
    >>> print(findings[0])
    cadence [warning] too-short: ends on day 2; fewer than 5 days is not enough to reach a prospect, so spread the touches over at least 5 days
    >>> [(finding.step, finding.code) for finding in findings[1:]]
    [(None, 'too-few-touches'), (None, 'single-channel'), (None, 'over-automation'), (None, 'no-value-step'), (0, 'no-unsubscribe'), (0, 'no-sender-identity'), (0, 'missing-cta'), (0, 'not-personalized'), (1, 'no-unsubscribe'), (1, 'no-sender-identity'), (1, 'missing-cta'), (1, 'not-personalized'), (1, 'no-breakup')]
"""

from __future__ import annotations

import enum
import functools
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Final

import attrs

from ._convert import Reader, to_enum
from ._lintcodes import LINT_CODES, lint_codes
from ._text import capped, text_repr, time_text
from ._time import step_window
from .cadence import Cadence, Touchpoint
from .calendar import SendWindow, Window
from .channels import Channel
from .errors import CadenceError, CheckedEnum, InvalidFieldError
from .personalize import fields_in, malformed_fields

__all__ = ["Finding", "Severity", "lint"]


class Severity(CheckedEnum, enum.StrEnum):
    """How much a finding matters: ``error``, ``warning`` or ``info``.

    - ``error``: real harm to the prospect or the sender (contacting too
      often, a merge field the sending system does not have).
    - ``warning``: a practice that costs replies.
    - ``info``: worth a look.

    Members compare equal to their values.

    Example:
        >>> Severity.ERROR == "error", Severity("info").rank
        (True, 2)
    """

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """0 for error, 1 for warning, 2 for info: the order findings sort in."""
        return _RANKS[self]


_RANKS: Final = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
_ORDER: Final = {code: index for index, code in enumerate(LINT_CODES)}

SEVERITIES: Final[Mapping[str, Severity]] = {
    "too-short": Severity.WARNING,
    "too-few-touches": Severity.WARNING,
    "over-contacting": Severity.ERROR,
    "sms-cluster": Severity.WARNING,
    "shrinking-gaps": Severity.WARNING,
    "single-channel": Severity.WARNING,
    "over-automation": Severity.WARNING,
    "empty-follow-up": Severity.WARNING,
    "no-value-step": Severity.WARNING,
    "missing-cta": Severity.WARNING,
    "not-personalized": Severity.WARNING,
    "no-breakup": Severity.INFO,
    "after-breakup": Severity.WARNING,
    "unknown-field": Severity.ERROR,
    "malformed-field": Severity.ERROR,
    "pitch-in-plain-text": Severity.WARNING,
    "no-unsubscribe": Severity.ERROR,
    "no-sender-identity": Severity.ERROR,
    "night-send": Severity.ERROR,
    "message-not-connected": Severity.WARNING,
    "time-outside-window": Severity.WARNING,
}
"""The severity of each lint code."""


def _code(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", value):
        raise InvalidFieldError("code", value, "expected a lint code like 'missing-cta'")


def _severity(value: object) -> Severity:
    return to_enum(Severity, value, "severity")


def _step(instance: object, attribute: attrs.Attribute[int | None], value: object) -> None:
    if value is not None and (type(value) is not int or value < 0):
        raise InvalidFieldError(
            "step", value, "expected a step index of 0 or more, or None for the whole cadence"
        )


def _message(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str):
        raise InvalidFieldError("message", value, "expected text")


@attrs.frozen
class Finding:
    """A practice a cadence breaks: its code, severity, step and a message saying what to do.

    Args:
        code: the stable slug of the practice (``"missing-cta"``).
        severity: a :class:`Severity` or its value.
        step: the 0-based index of the touchpoint, or None for the whole
            cadence.
        message: what is wrong and what to do instead.
        number: the step's number as a person reads it
            (:meth:`Cadence.step_number <cadencekit.Cadence.step_number>`),
            which :func:`lint` fills in; not compared, not in ``to_dict``.

    ``str()`` gives one readable line, naming the step by its number
    (``step index 3`` for a finding made without one); findings sort as
    :func:`lint` returns them with :attr:`sort_key`.

    Example:
        >>> finding = Finding("empty-follow-up", "warning", 3, "only chases", number=4)
        >>> print(finding)
        step 4 [warning] empty-follow-up: only chases
        >>> finding.to_dict()
        {'version': 1, 'code': 'empty-follow-up', 'severity': 'warning', 'step': 3, 'message': 'only chases'}
    """

    code: str = attrs.field(validator=_code)
    severity: Severity = attrs.field(converter=_severity)
    step: int | None = attrs.field(validator=_step)
    message: str = attrs.field(validator=_message, repr=text_repr)
    number: int | None = attrs.field(default=None, kw_only=True, eq=False, repr=False)

    def __str__(self) -> str:
        if self.step is None:
            where = "cadence"
        else:
            where = f"step index {self.step}" if self.number is None else f"step {self.number}"
        return capped(f"{where} [{self.severity.value}] {self.code}: {self.message}")

    @property
    def sort_key(self) -> tuple[int, int, int, str, str]:
        """Cadence-wide findings first, then by step, severity (error first), code and message.

        Codes sort in the order the docs list them (``too-short`` first);
        codes cadencekit does not know come after, alphabetically.

        Example:
            >>> sorted([Finding("a", "info", 0, ""), Finding("b", "error", None, "")], key=lambda f: f.sort_key)[0].code
            'b'
        """
        step = -1 if self.step is None else self.step
        order = _ORDER.get(self.code, len(_ORDER))
        return (step, self.severity.rank, order, self.code, self.message)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; :meth:`from_dict` reads it back.

        Example:
            >>> Finding("no-breakup", "info", None, "m").to_dict()["step"] is None
            True
        """
        return {
            "version": 1,
            "code": self.code,
            "severity": self.severity.value,
            "step": self.step,
            "message": self.message,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, path: str = "") -> Finding:
        """Read a finding written by :meth:`to_dict`; errors give the path.

        Example:
            >>> Finding.from_dict({"code": "too-short", "severity": "warning", "step": None, "message": "m"})
            Finding(code='too-short', severity=<Severity.WARNING: 'warning'>, step=None, message='m')
        """
        reader = Reader(data, path)
        reader.version()
        step = reader.integer("step") if reader.has("step") else None
        return reader.build(
            lambda: cls(
                reader.string("code"),
                reader.member("severity", Severity),
                step,
                reader.string("message"),
            ),
        )


# --- word lists: the heuristics behind the content checks ----------------------------
#
# Matched case-insensitively on whole words; curly apostrophes read as straight
# ones. Presets and docs are written to pass them; keep them in step.

CHASE_PHRASES: Final = (
    r"did you (get|see|receive|read) my (last |previous |earlier )?(e-?mail|message|note|voicemail|inmail)",
    r"(just )?checking in",
    r"(just )?following up",
    r"follow(ing)?[- ]up on my (last |previous |earlier )?(e-?mail|message|note)",
    r"bump(ing)? (this|my (last |previous )?(e-?mail|message|note))",
    r"circling back",
    r"touch(ing)? base",
    r"(haven't|have not) heard back",
    r"resurfacing (this|my)",
    r"floating this (back )?(up|to the top)",
    r"wanted to make sure you (saw|got|received)",
    r"in case you missed (it|my)",
)
"""What a follow-up says when it only chases (``empty-follow-up``)."""

VALUE_WORDS: Final = (
    r"value",
    r"resources?",
    r"case stud(y|ies)",
    r"(customer|success) stor(y|ies)",
    r"reports?",
    r"insights?",
    r"guides?",
    r"webinars?",
    r"benchmarks?",
    r"videos?",
    r"white ?papers?",
    r"e-?books?",
    r"articles?",
    r"checklists?",
    r"templates?",
    r"playbooks?",
    r"research",
    r"stud(y|ies)",
    r"survey",
    r"stats|statistics",
    r"tips?",
    r"ideas?",
    r"best practices?",
)
"""What a touch offers (``no-value-step``; and a follow-up that offers one does not only chase)."""

ASK_PHRASES: Final = (
    r"\?",
    r"let me know",
    r"reply",
    r"respond",
    r"book",
    r"schedule",
    r"grab (some |a )?time",
    r"calendar",
    r"calendly",
    r"call me( back)?",
    r"call back",
    r"callback",
    r"give me a (call|ring)",
    r"reach me",
    r"my (number|direct line|cell|mobile) is",
    r"text me",
    r"(are|would) you be open",
    r"worth a (chat|call|conversation)",
    r"request",
    r"register",
    r"sign up",
    r"download",
    r"connect",
    r"accept",
)
"""What a clear next step says (``missing-cta``), besides a ``cta`` on the touchpoint."""

BREAKUP_PHRASES: Final = (
    r"clos(e|ing) (the|this) loop",
    r"close (out )?your file",
    r"should i close",
    r"permission to close",
    r"not a (top |current |real )?priority",
    r"break-? ?up",
    r"(this is|this will be|this'll be|here's|here is|one) (my )?(last|final) (note|e-?mail|message|attempt|try|time)",
    r"^(last|final) (note|e-?mail|message|attempt|try)",
    r"final (note|e-?mail|message|attempt)",
    r"one last (note|e-?mail|message|time|try)",
    r"last time (i'll|i will) (reach out|write|e-?mail|call|bother you)",
    r"(i'll|i will) stop (reaching out|e-?mailing|writing|following up|calling)",
    r"(won't|will not) (reach out|e-?mail|write|bother you|follow up) again",
    r"no longer (reach out|contact|e-?mail|follow up)",
    r"(i'll|i will) assume",
)
"""What a last touch says when it closes the loop (``no-breakup``)."""

PITCH_PHRASES: Final = (
    r"demos?",
    r"pric(e|es|ed|ing)",
    r"buy(ing)?",
    r"purchas(e|ing)",
    r"quotes?",
    r"discounts?",
    r"(free )?trials?",
    r"costs?",
    r"meetings?",
    r"(book|schedule|set up|grab|find) (a |some )?(quick )?(call|meeting|time|demo|slot)",
    r"\d+[- ]min(ute)?s?",
    r"(hop|jump) on a (quick )?call",
    r"calendly",
    r"(are|would) you be open to",
    r"worth a (chat|call|conversation)",
)
"""What a pitch says: a meeting ask, pricing, "buy", "demo" (``pitch-in-plain-text``)."""


UNSUBSCRIBE_PHRASES: Final = (
    r"unsubscribe",
    r"opt[- ]?out",
    r"(reply|respond|text|write)( back)?( with)? ['\"]?(stop|remove|unsubscribe|no)['\"]?",
    r"(don't|do not) want to hear from (me|us)",
    r"(rather|prefer) not (to )?hear from (me|us)",
    r"no longer (wish|want) to (receive|hear|get)",
    r"remove (you|yourself) from (my|our|this) (list|mailing list|emails?)",
    r"manage (your )?(e-?mail |subscription )?preferences",
    r"abmelden",
    r"d[ée]sabonner|d[ée]sinscri(re|ption)",
    r"dar(se|te) de baja",
    r"afmelden|uitschrijven",
    r"descadastr(ar|e)",
    r"disiscri(viti|versi|zione)",
    r"avregistrera|avsluta prenumerationen",
)
"""What an email says to let the prospect stop the emails (``no-unsubscribe``)."""

UNSUBSCRIBE_FIELDS: Final = re.compile(r"unsub|opt_?out|preferences|subscription", re.IGNORECASE)
"""Merge-field names that carry an unsubscribe link (``{{ unsubscribe_link }}``)."""

SENDER_FIELDS: Final = re.compile(
    r"^(sender|signature|from|rep|my)(_|$)|(postal|physical|mailing|office|business|"
    r"company|sender)_address|^footer$",
    re.IGNORECASE,
)
"""Merge-field names that carry who sends and from where (``{{ signature }}``, ``{{ sender_address }}``)."""

ADDRESS_PHRASES: Final = (
    r"\d+[a-z]?,? [\w .'-]{1,40} (street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|"
    r"dr|way|place|pl|square|sq|court|ct|suite)\.?",
    r"[\w'-]+(stra(ss|ß)e|str\.|weg|platz|gasse|laan|straat|gatan|vägen) \d+",
    r"\d+,? (rue|avenue|boulevard|place|calle|avenida|via|viale|piazza) [\w' -]{2,40}",
    r"p\.? ?o\.? box \d+",
)
"""A postal address written out (``1 Main Street``, ``Hauptstraße 5``): a sender identity."""


def _words(phrases: Iterable[str]) -> re.Pattern[str]:
    return re.compile(
        "|".join(rf"(?<![\w-])(?:{p})(?![\w-])" if p != r"\?" else p for p in phrases),
        re.IGNORECASE | re.MULTILINE,
    )


@functools.cache
def _pitch() -> re.Pattern[str]:
    return _words(PITCH_PHRASES)


@functools.cache
def _compliance() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The unsubscribe and postal-address patterns, compiled on first use."""
    return _words(UNSUBSCRIBE_PHRASES), _words(ADDRESS_PHRASES)


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The chase, value, ask and breakup patterns, compiled on first use (not at import)."""
    return (
        _words(CHASE_PHRASES),
        _words(VALUE_WORDS),
        _words(ASK_PHRASES),
        _words(BREAKUP_PHRASES),
    )


# Channels whose touch is the meeting itself, the rep's own work or a touch with no
# message (a profile visit; a connection request, whose note should not pitch): no call
# to action is expected of them, nor of a team's own channels (a gift, direct mail). A
# call is not one of them: every call has a goal.
_NO_CTA_NEEDED: Final = frozenset(
    {Channel.MEETING, Channel.TASK, Channel.LINKEDIN_VISIT, Channel.LINKEDIN_CONNECT}
)


def _text(*parts: str | None) -> str:
    return "\n".join(part for part in parts if part).replace("\u2019", "'")


def _message_text(touch: Touchpoint) -> str:
    """What the prospect gets: subject, body and call to action."""
    return _text(touch.subject, touch.body, touch.cta)


def _all_text(touch: Touchpoint) -> str:
    """The message and the rep's label for the step."""
    return _text(touch.label, touch.subject, touch.body, touch.cta)


def _templates(touch: Touchpoint) -> Iterator[str]:
    return (part for part in (touch.subject, touch.body, touch.cta) if part is not None)


def _plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {words or word + 's'}"


# --- the checks --------------------------------------------------------------------


@attrs.frozen
class _Context:
    cadence: Cadence
    fields: frozenset[str] | None
    min_days: int
    min_touches: int
    max_per_day: int
    max_email_run: int
    min_channels: int
    gap_tolerance: int
    footer: str | None
    daytime: SendWindow


_Hit = tuple[str, int | None, str]
_Check = Callable[[_Context], Iterator[_Hit]]


def _timed(cadence: Cadence) -> Iterator[tuple[int, Touchpoint]]:
    """The steps whose day is a cadence day: all but those anchored to a prospect's date.

    An anchored step's ``day`` only places it in the outline, so the checks of
    days, gaps and runs leave it out.
    """
    return ((step, touch) for step, touch in enumerate(cadence) if touch.anchor is None)


def _too_short(ctx: _Context) -> Iterator[_Hit]:
    last = max((touch.day for _, touch in _timed(ctx.cadence)), default=None)
    if last is not None and last < ctx.min_days:
        yield (
            "too-short",
            None,
            f"ends on day {last}; fewer than {ctx.min_days} days is "
            f"not enough to reach a prospect, so spread the touches over at least "
            f"{ctx.min_days} days",
        )


def _too_few_touches(ctx: _Context) -> Iterator[_Hit]:
    count = ctx.cadence.touch_count  # a call and its fallback voicemail are one touch
    if count < ctx.min_touches:
        yield (
            "too-few-touches",
            None,
            f"{_plural(count, 'touch', 'touches')}; plan at least {ctx.min_touches} "
            "before giving up on a prospect",
        )


def _attempts(cadence: Cadence) -> dict[int, list[int]]:
    """The steps of each day that count as touches, as :attr:`Cadence.touch_count` counts them.

    A fallback (``skip_if_connected``: a voicemail left only if the call is
    not answered) belongs to its call; a touch with alternatives is one.
    """
    by_day: dict[int, list[int]] = {}
    for step, touch in _timed(cadence):
        if not touch.skip_if_connected:
            by_day.setdefault(touch.day, []).append(step)
    return by_day


def _over_contacting(ctx: _Context) -> Iterator[_Hit]:
    cadence = ctx.cadence
    for day, steps in _attempts(cadence).items():
        if len(steps) > ctx.max_per_day:
            names = ", ".join(cadence[step].channel.label for step in steps)
            yield (
                "over-contacting",
                steps[ctx.max_per_day],
                f"day {day} has {len(steps)} touches ({names}); keep to {ctx.max_per_day} a day "
                "(a voicemail left only if the call is not answered counts with the call)",
            )
    emails = [
        (step, touch.day) for step, touch in _timed(cadence) if touch.channel is Channel.EMAIL
    ]
    run: list[tuple[int, int]] = []
    reported = False
    for step, day in emails:
        if run and day - run[-1][1] > 1:
            run, reported = [], False
        run.append((step, day))
        if len(run) > ctx.max_email_run and run[0][1] != day and not reported:
            reported = True
            yield (
                "over-contacting",
                step,
                f"{len(run)} emails on consecutive days {run[0][1]}-{day}; send at most "
                f"{ctx.max_email_run} before a day without email",
            )


def _sms_cluster(ctx: _Context) -> Iterator[_Hit]:
    texts = [
        (step, touch.day) for step, touch in _timed(ctx.cadence) if touch.channel is Channel.SMS
    ]
    for (_, before), (step, day) in itertools.pairwise(texts):
        if day - before <= 1:
            when = "the same day" if day == before else f"consecutive days {before}-{day}"
            yield (
                "sms-cluster",
                step,
                f"two text messages on {when}; texts reach a personal phone, so leave at "
                "least one day without a text between them",
            )


def _over_automation(ctx: _Context) -> Iterator[_Hit]:
    if all(touch.automated for touch in ctx.cadence):
        yield (
            "over-automation",
            None,
            "every touch is automated; add at least one manual step a rep carries out "
            "(a call, a LinkedIn message, a personal email with automated=False)",
        )


def _shrinking_gaps(ctx: _Context) -> Iterator[_Hit]:
    cadence = ctx.cadence
    first_step: dict[int, int] = {}
    for step, touch in _timed(cadence):
        first_step.setdefault(touch.day, step)
    days = list(first_step)
    widest = 0
    for before, day in itertools.pairwise(days):
        gap = day - before
        if gap < widest - ctx.gap_tolerance:
            yield (
                "shrinking-gaps",
                first_step[day],
                f"day {day} comes {_plural(gap, 'day')} after day {before}, after a gap of "
                f"{widest} days earlier; start close together and widen the gaps as the cadence goes on",
            )
        widest = max(widest, gap)


def _single_channel(ctx: _Context) -> Iterator[_Hit]:
    # LinkedIn's actions are one channel to the prospect: a connect and a message is LinkedIn
    channels = tuple(dict.fromkeys(channel.family for channel in ctx.cadence.channels))
    if len(channels) < ctx.min_channels:
        used = ", ".join(_channel_name(channel) for channel in channels)
        said = f"every touch is {used}" if len(channels) == 1 else f"only {used}"
        yield (
            "single-channel",
            None,
            f"{said}; mix at least {ctx.min_channels} channels (email, call, LinkedIn) "
            "to reach prospects where they answer",
        )


def _empty_follow_up(ctx: _Context) -> Iterator[_Hit]:
    for step, touch in enumerate(ctx.cadence):
        message = _message_text(touch)
        chase_pattern, value, _, breakup = _patterns()
        chase = chase_pattern.search(message)
        if chase and not value.search(_all_text(touch)) and not breakup.search(_all_text(touch)):
            yield (
                "empty-follow-up",
                step,
                f"{_channel_name(touch.channel)} only chases ({chase.group(0)!r}); bring something new: an insight, a case study, a question",
            )


def _no_value_step(ctx: _Context) -> Iterator[_Hit]:
    value = _patterns()[1]
    if not any(value.search(_all_text(touch)) for touch in ctx.cadence):
        yield (
            "no-value-step",
            None,
            "no touch offers anything (a case study, report, insight, guide...); "
            "give the prospect a reason to reply",
        )


def _missing_cta(ctx: _Context) -> Iterator[_Hit]:
    for step, touch in enumerate(ctx.cadence):
        if (
            touch.channel in _NO_CTA_NEEDED
            or touch.channel.is_custom
            or (touch.cta and touch.cta.strip())
        ):
            continue
        if _patterns()[2].search(_all_text(touch)):
            continue
        if touch.channel is Channel.CALL:
            yield (
                "missing-cta",
                step,
                "call has no goal; give its script a clear ask (a cta like "
                "'Book a 10-minute call next week')",
            )
        else:
            yield (
                "missing-cta",
                step,
                f"{_channel_name(touch.channel)} has no clear next step; ask for one (a question, "
                "or a cta like 'Would you be open to a 10-minute call?')",
            )


def _about_the_prospect(field: str) -> bool:
    """Whether a merge field speaks to the prospect: not the sender's signature or an unsubscribe link."""
    return not (SENDER_FIELDS.search(field) or UNSUBSCRIBE_FIELDS.search(field))


def _not_personalized(ctx: _Context) -> Iterator[_Hit]:
    for step, touch in enumerate(ctx.cadence):
        if touch.channel is Channel.EMAIL and not any(
            _about_the_prospect(name) for t in _templates(touch) for name in fields_in(t)
        ):
            yield (
                "not-personalized",
                step,
                "email has no merge field; add one like {{ first_name }} or {{ company }}",
            )


def _no_breakup(ctx: _Context) -> Iterator[_Hit]:
    cadence = ctx.cadence
    last_day = cadence.duration_days
    breakup = _patterns()[3]
    if not any(breakup.search(_all_text(touch)) for touch in cadence if touch.day == last_day):
        yield (
            "no-breakup",
            len(cadence) - 1,
            "the last touch does not close the loop; end with a breakup note "
            "('Should I close your file?')",
        )


def _after_breakup(ctx: _Context) -> Iterator[_Hit]:
    breakup = _patterns()[3]
    cadence = ctx.cadence
    first = next(
        (step for step, touch in enumerate(cadence) if breakup.search(_all_text(touch))), None
    )
    if first is None or first == len(cadence) - 1:
        return
    later = len(cadence) - 1 - first
    yield (
        "after-breakup",
        first + 1,
        f"{_plural(later, 'touch', 'touches')} after the breakup at {cadence.step_name(first)}, which "
        "tells the prospect you will stop; end the cadence with the breakup, or rewrite "
        "it as a check-in",
    )


def _unknown_field(ctx: _Context) -> Iterator[_Hit]:
    if ctx.fields is None:
        return
    for step, touch in enumerate(ctx.cadence):
        used: set[str] = set()
        for template in _templates(touch):
            used |= fields_in(template)
        unknown = sorted(used - ctx.fields)
        if unknown:
            yield (
                "unknown-field",
                step,
                f"uses {'field' if len(unknown) == 1 else 'fields'} {', '.join(unknown)} "
                "that the sending system does not declare; rename "
                f"{'it' if len(unknown) == 1 else 'them'} or declare "
                f"{'it' if len(unknown) == 1 else 'them'} in fields=",
            )


def _malformed_field(ctx: _Context) -> Iterator[_Hit]:
    for step, touch in enumerate(ctx.cadence):
        bad = [tag for template in _templates(touch) for tag in malformed_fields(template)]
        if bad:
            yield (
                "malformed-field",
                step,
                f"{bad[0]!r} is not a merge field and would go out as raw braces; write "
                "{{ name }} or {{ name | fallback }} with letters, digits and _",
            )


def _pitch_in_plain_text(ctx: _Context) -> Iterator[_Hit]:
    pitch = _pitch()
    for step, touch in enumerate(ctx.cadence):
        if touch.format != "plain":
            continue
        found = pitch.search(_message_text(touch))
        if found:
            yield (
                "pitch-in-plain-text",
                step,
                f"a plain-text touch shares something with no pitch, but it says "
                f"{found.group(0)!r}; keep meeting asks, prices and demos for another touch",
            )


def _automated_emails(ctx: _Context) -> Iterator[tuple[int, str, set[str]]]:
    """Each automated email: its step, its text with the footer, and its merge fields."""
    for step, touch in enumerate(ctx.cadence):
        if touch.channel is not Channel.EMAIL or not touch.automated:
            continue
        parts = [*_templates(touch), *([] if ctx.footer is None else [ctx.footer])]
        used: set[str] = set()
        for part in parts:
            used |= fields_in(part)
        yield step, _text(*parts), used


def _no_unsubscribe(ctx: _Context) -> Iterator[_Hit]:
    unsubscribe = _compliance()[0]
    for step, text, used in _automated_emails(ctx):
        if unsubscribe.search(text) or any(UNSUBSCRIBE_FIELDS.search(name) for name in used):
            continue
        yield (
            "no-unsubscribe",
            step,
            "automated email with no way to unsubscribe (CAN-SPAM, PECR, GDPR); add "
            '{{ unsubscribe_link }} or a line like \'Reply "unsubscribe" to stop these '
            "emails', or pass the footer your sending system appends: lint(footer=...)",
        )


def _no_sender_identity(ctx: _Context) -> Iterator[_Hit]:
    address = _compliance()[1]
    for step, text, used in _automated_emails(ctx):
        if address.search(text) or any(SENDER_FIELDS.search(name) for name in used):
            continue
        yield (
            "no-sender-identity",
            step,
            "automated email that does not say who sends it and from where (CAN-SPAM asks "
            "for a postal address, PECR for the sender); add {{ signature }} with the "
            "company's address, or pass the footer your sending system appends: lint(footer=...)",
        )


def _blocks(window: Window) -> list[SendWindow]:
    if isinstance(window, SendWindow):
        return [window]
    return sorted(set(itertools.chain.from_iterable(window.week)), key=lambda w: (w.start, w.end))


def _night(window: Window, daytime: SendWindow) -> SendWindow | None:
    """The first block of ``window`` that reaches outside ``daytime``, or None."""
    for block in _blocks(window):
        if block.start < daytime.start or block.end > daytime.end:
            return block
    return None


def _night_send(ctx: _Context) -> Iterator[_Hit]:
    cadence, daytime = ctx.cadence, ctx.daytime
    sends = [(step, t) for step, t in enumerate(cadence) if t.channel not in _NO_CTA_NEEDED]
    shared = _night(cadence.window, daytime)
    if shared is not None and any(t.window is None for _, t in sends):
        yield (
            "night-send",
            None,
            f"the cadence's hours {shared} reach outside {daytime} in the prospect's zone; "
            "a call, a text or an email at night wakes a prospect (the TCPA allows calls "
            "and texts from 08:00 to 21:00 their time): keep the window inside the day",
        )
    for step, touch in sends:
        if touch.window is None:
            continue
        block = _night(touch.window, daytime)
        if block is not None:
            yield (
                "night-send",
                step,
                f"{_channel_name(touch.channel)} may go out at {block}, outside {daytime} in "
                "the prospect's zone; keep its window inside the day",
            )


def _message_not_connected(ctx: _Context) -> Iterator[_Hit]:
    connected = False
    for step, touch in enumerate(ctx.cadence):
        options = touch.channel_options
        if (
            Channel.LINKEDIN_MESSAGE in options
            and not connected
            and Channel.LINKEDIN_INMAIL not in options
        ):
            yield (
                "message-not-connected",
                step,
                "a LinkedIn message reaches only a first-degree connection, and no "
                "connection request comes before it; send a LinkedIn connect a few days "
                "earlier, or use InMail",
            )
        if Channel.LINKEDIN_CONNECT in options:
            connected = True


def _time_outside_window(ctx: _Context) -> Iterator[_Hit]:
    for step, touch in enumerate(ctx.cadence):
        wanted = touch.at_time
        if wanted is None:
            continue
        window = ctx.cadence.window_for(step)
        if isinstance(window, SendWindow):
            if wanted in window:
                continue
            goes = step_window(window, wanted)
            assert isinstance(goes, SendWindow)
            then = f"it goes out at {time_text(goes.start)}, " + (
                "the window's last minute" if wanted >= window.end else "when the window opens"
            )
        else:
            if any(window.is_open(day, wanted) for day in range(7)):
                continue
            then = "it goes out at the next opening after it, else at the day's last minute"
        yield (
            "time-outside-window",
            step,
            f"preferred time {time_text(wanted)} is outside the window {window}; {then}",
        )


def _channel_name(channel: Channel) -> str:
    """``email``, ``call``, ``LinkedIn``, ``SMS``, ``LinkedIn InMail``: the name mid-sentence."""
    return channel.value if channel.label.lower() == channel.value else channel.label


CHECKS: Final[Mapping[str, _Check]] = {
    "too-short": _too_short,
    "too-few-touches": _too_few_touches,
    "over-contacting": _over_contacting,
    "sms-cluster": _sms_cluster,
    "shrinking-gaps": _shrinking_gaps,
    "single-channel": _single_channel,
    "over-automation": _over_automation,
    "empty-follow-up": _empty_follow_up,
    "no-value-step": _no_value_step,
    "missing-cta": _missing_cta,
    "not-personalized": _not_personalized,
    "no-breakup": _no_breakup,
    "after-breakup": _after_breakup,
    "unknown-field": _unknown_field,
    "malformed-field": _malformed_field,
    "pitch-in-plain-text": _pitch_in_plain_text,
    "no-unsubscribe": _no_unsubscribe,
    "no-sender-identity": _no_sender_identity,
    "night-send": _night_send,
    "message-not-connected": _message_not_connected,
    "time-outside-window": _time_outside_window,
}
assert tuple(CHECKS) == LINT_CODES == tuple(SEVERITIES)


# --- lint --------------------------------------------------------------------------


def _threshold(value: object, field: str, minimum: int) -> int:
    if type(value) is not int or value < minimum:
        raise InvalidFieldError(field, value, f"expected a whole number of {minimum} or more")
    return value


def _footer(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise InvalidFieldError(
        "footer", value, "expected the text your sending system appends to automated emails"
    )


def _daytime(value: object) -> SendWindow:
    if isinstance(value, SendWindow):
        return value
    if isinstance(value, tuple) and len(value) == 2:
        try:
            return SendWindow(*value)
        except CadenceError as error:
            raise InvalidFieldError(
                "daytime", value, f"expected the hours a prospect may be contacted: {error}"
            ) from None
    raise InvalidFieldError(
        "daytime", value, "expected a SendWindow or (start, end), like ('08:00', '21:00')"
    )


def _declared(value: object) -> frozenset[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return frozenset((value,))
    items = tuple(value) if isinstance(value, Iterable) and not isinstance(value, bytes) else None
    if items is None or not all(isinstance(item, str) for item in items):
        raise InvalidFieldError(
            "fields",
            value,
            "expected the merge-field names you declare, like ['first_name', 'company']",
        )
    return frozenset(items)


def lint(
    cadence: Cadence,
    *,
    ignore: Iterable[str] = (),
    fields: Iterable[str] | None = None,
    min_days: int = 5,
    min_touches: int = 5,
    max_per_day: int = 2,
    max_email_run: int = 2,
    min_channels: int = 2,
    gap_tolerance: int = 1,
    footer: str | None = None,
    daytime: SendWindow | tuple[str, str] = ("08:00", "21:00"),
) -> list[Finding]:
    """Check a cadence against the practices of good outreach.

    Args:
        cadence: the cadence to check.
        ignore: lint codes not to report (on top of ``cadence.allow``).
        fields: the merge fields the sending system knows; when given,
            every other field a touch uses is an ``unknown-field`` error.
            A mapping gives its keys (a sample prospect record works).
        min_days: ``too-short`` below this cadence day (day numbers in the
            cadence's own day basis).
        min_touches: ``too-few-touches`` below this many touches, counted
            as :attr:`~cadencekit.Cadence.touch_count` counts them (a call
            and its fallback voicemail are one; so is a touch with
            alternatives); ``over-contacting`` counts touches a day the
            same way.
        max_per_day: ``over-contacting`` above this many touches on a day.
        max_email_run: ``over-contacting`` above this many emails on
            consecutive days.
        min_channels: ``single-channel`` below this many channels.
        gap_tolerance: ``shrinking-gaps`` when a gap between touch days is
            more than this many days shorter than an earlier one.
        footer: what the sending system appends to every automated email
            (its signature, postal address and unsubscribe link), as a
            template: ``no-unsubscribe`` and ``no-sender-identity`` read it
            with each email.
        daytime: the hours a prospect may be contacted, in their zone
            (a :class:`~cadencekit.SendWindow` or ``("08:00", "21:00")``,
            the TCPA's hours for calls and texts): ``night-send`` when a
            window reaches outside them.

    Returns:
        The findings, cadence-wide ones first, then by step, severity
        (error, warning, info) and code. See ``docs/lint.md`` for each code,
        its practice and severity.

    Example:
        >>> from cadencekit import Cadence, Touchpoint
        >>> steps = [Touchpoint("email", 1, subject="Hi {{ first_name }}?")]
        >>> [finding.code for finding in lint(Cadence("c", steps), ignore=["too-short", "too-few-touches"])]
        ['single-channel', 'over-automation', 'no-value-step', 'no-unsubscribe', 'no-sender-identity', 'no-breakup']
        >>> footer = "{{ signature }}, {{ unsubscribe_link }}"  # what the sending system appends
        >>> [finding.code for finding in lint(Cadence("c", steps), footer=footer)][-2:]
        ['no-value-step', 'no-breakup']
        >>> print(lint(Cadence("c", steps), fields=["name"])[5])
        step 1 [error] unknown-field: uses field first_name that the sending system does not declare; rename it or declare it in fields=
    """
    if not isinstance(cadence, Cadence):
        raise InvalidFieldError("cadence", cadence, "expected a Cadence")
    silenced = lint_codes(ignore, "ignore") | cadence.allow
    context = _Context(
        cadence,
        _declared(fields),
        _threshold(min_days, "min_days", 1),
        _threshold(min_touches, "min_touches", 1),
        _threshold(max_per_day, "max_per_day", 1),
        _threshold(max_email_run, "max_email_run", 1),
        _threshold(min_channels, "min_channels", 1),
        _threshold(gap_tolerance, "gap_tolerance", 0),
        _footer(footer),
        _daytime(daytime),
    )
    findings = [
        Finding(
            code,
            SEVERITIES[code],
            step,
            message,
            number=None if step is None else cadence.step_number(step),
        )
        for name, check in CHECKS.items()
        if name not in silenced
        for code, step, message in check(context)
    ]
    return sorted(findings, key=lambda finding: finding.sort_key)
