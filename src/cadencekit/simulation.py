"""Simulation: a seeded Monte-Carlo run of a cadence before anyone is contacted.

A :class:`ResponseModel` says how prospects answer: the chance an email is
opened, clicked, bounced or unsubscribed from, the chance a call connects,
the chance a touch on each channel draws a reply and how replies split into
positive, no, maybe, out-of-office and other, and how fast all that happens.
:func:`simulate` drives real :class:`~cadencekit.Enrollment` values through
their rules under that model: the rep carries out each step when it falls
due (sometimes a little late), the prospect's answers are drawn, and the
events are applied in time order, so a "maybe" pauses the enrollment and a
"no" ends it exactly as it would in production. The result is a list of
enrollments, ready for the same analysis as real ones.

Runs are reproducible: the same seed always gives equal enrollments, and
each prospect draws from its own generator (seeded with the seed and the
prospect's id), so a prospect's outcome does not depend on who else is in
the run: the first ten prospects of a run of 1,000 are the same as a run of
ten, and a run split into partitions (across processes or machines) gives
the same enrollments as one run.

Example:
    >>> import cadencekit as ck
    >>> cadence = ck.presets.eight_touch()
    >>> runs = ck.simulate(cadence, 3, model=ck.ResponseModel(), seed=7,
    ...                    start="2026-11-02T08:00:00-05:00", tz="America/New_York")
    >>> [e.prospect for e in runs]
    ['p0000', 'p0001', 'p0002']
    >>> runs == ck.simulate(cadence, 3, model=ck.ResponseModel(), seed=7,
    ...                     start="2026-11-02T08:00:00-05:00", tz="America/New_York")
    True
"""

from __future__ import annotations

import heapq
import math
import random
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any, Final

import attrs

from ._convert import Reader, field_names, to_enum, to_pairs, to_timedelta
from ._frozen import FrozenMap
from .cadence import Cadence
from .calendar import BusinessCalendar
from .channels import Channel
from .enrollment import Enrollment
from .errors import InvalidFieldError, SchemaError
from .events import CallResult, Event, Response
from .metrics import CadenceReport, report
from .rules import Rule, default_rules
from .stats import Comparison, compare

__all__ = ["CadenceComparison", "ResponseModel", "compare_cadences", "simulate"]

_DEFAULT_CALENDAR: Final = BusinessCalendar()
_BOUNCE_WITHIN: Final = timedelta(minutes=5)  # a hard bounce comes back within minutes
_AUTO_REPLY_WITHIN: Final = timedelta(minutes=5)  # so does an out-of-office auto-reply
_AWAY_DAYS: Final = (1, 10)  # an out-of-office says "back in 1 to 10 days"
# What a person reading an "other" reply records: a reply the rules act on.
_READ: Final = frozenset({Response.POSITIVE, Response.NO, Response.MAYBE, Response.REFERRAL})

_DEFAULT_REPLY: Final = {
    Channel.EMAIL: 0.06,
    Channel.CALL: 0.02,
    Channel.VOICEMAIL: 0.02,
    Channel.LINKEDIN: 0.05,
    Channel.SMS: 0.03,
    Channel.MEETING: 0.0,
    Channel.TASK: 0.0,
    Channel.LINKEDIN_CONNECT: 0.02,
    Channel.LINKEDIN_MESSAGE: 0.05,
    Channel.LINKEDIN_INMAIL: 0.03,
    Channel.LINKEDIN_VISIT: 0.0,
    Channel.WHATSAPP: 0.05,
}
_DEFAULT_RESPONSES: Final = {
    Response.POSITIVE: 0.30,
    Response.NO: 0.30,
    Response.MAYBE: 0.15,
    Response.OUT_OF_OFFICE: 0.15,
    Response.OTHER: 0.10,
}


# --- converters: canonical values from what users pass ------------------------

_LONGEST_DELAY: Final = timedelta(days=365)


def _chance(value: object, field: str = "chance") -> float:
    if isinstance(value, int | float) and not isinstance(value, bool) and -2 <= value <= 2:
        chance = float(value)  # bounded first: float(10**400) would overflow
        if math.isfinite(chance) and 0.0 <= chance <= 1.0:
            return chance
    raise InvalidFieldError(field, value, "expected a chance between 0 and 1 (0.4 is 40%)")


def _delay(value: object, field: str = "delay") -> timedelta:
    return to_timedelta(value, field, _LONGEST_DELAY)


def _per_channel(value: object) -> tuple[tuple[Channel, float], ...]:
    """Every channel with its reply chance; a number means every channel alike."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        chance = _chance(value, field="reply")
        return tuple((channel, chance) for channel in Channel)
    pairs = to_pairs(value, Channel, "reply", "{'email': 0.06}, or one chance for every channel")
    given = {channel: _chance(chance, f"reply[{channel.value!r}]") for channel, chance in pairs}
    custom = sorted((channel for channel in given if channel.is_custom), key=lambda c: c.order)
    return tuple((channel, given.get(channel, 0.0)) for channel in (*Channel, *custom))


def _split(value: object) -> tuple[tuple[Response, float], ...]:
    """Every response kind with its share of replies; the shares sum to 1."""
    pairs = to_pairs(value, Response, "responses", "{'positive': 0.3, 'no': 0.3, ...}")
    given = {kind: _chance(share, f"responses[{kind.value!r}]") for kind, share in pairs}
    total = sum(given.values())
    if not math.isclose(total, 1.0, abs_tol=1e-9):
        raise InvalidFieldError(
            "responses",
            {r.value: s for r, s in given.items()},
            f"the shares must sum to 1, not {total:g}; a missing response counts as 0",
        )
    return tuple((response, given.get(response, 0.0)) for response in Response)


def _minutes(value: timedelta) -> int | float:
    minutes, rest = divmod(value, timedelta(minutes=1))
    return int(minutes) if not rest else value.total_seconds() / 60


# --- the model -----------------------------------------------------------------


@attrs.frozen(field_transformer=field_names(_chance, _delay))
class ResponseModel:
    """How prospects answer a cadence: the chances and delays :func:`simulate` draws.

    Every argument is keyword-only. The defaults are *illustrative*, in the
    range public cold-outreach benchmarks report (vendors' reports vary
    widely by list, market and year; measure your own and pass them):

    Args:
        open: the chance a delivered email is opened (0.40).
        click: the chance an opened email is clicked (0.10).
        bounce: the chance an email bounces (0.03, a cold list).
        opt_out: the chance a delivered email makes the prospect opt out
            (0.005).
        connect: the chance a call connects (0.07); a call that does not
            is recorded as ``no_answer``.
        reply: the chance a touch draws a reply, per channel: a mapping of
            :class:`~cadencekit.Channel` (or its value) to a chance, a
            channel left out having none; or one chance for every channel.
            By default email 0.06, LinkedIn and a LinkedIn message 0.05,
            WhatsApp 0.05, InMail 0.03, SMS 0.03, a connection request's
            note, call and voicemail 0.02 (the prospect calls or writes
            back), a profile visit, meeting and task 0. A bounced email
            draws no reply. A team's own channel (``custom:...``) draws
            replies only when named in the mapping.
        decay: how a reply gets less likely with each touch already made:
            the chance on a touch is ``reply[channel] * decay ** n`` where
            ``n`` counts the touches carried out before it (0.8: the fourth
            touch draws about half the replies of the first).
        responses: how replies split into :class:`~cadencekit.Response`
            kinds, shares summing to 1 (positive 0.30, no 0.30, maybe 0.15,
            out-of-office 0.15, other 0.10).
        meeting: the chance a positive reply books a meeting (0.5).
        open_within: opens arrive uniformly within this long after the
            email is sent (24 hours); a click within ``click_within`` after
            its open (30 minutes).
        reply_within: replies, opt-outs and meetings arrive uniformly
            within this long (48 hours) after what prompted them. A bounce
            and an out-of-office auto-reply come back within 5 minutes; the
            out-of-office says the prospect is back in 1 to 10 days.
        read_within: a reply the rules cannot place (``other``) holds the
            enrollment until a person reads it: within this long (24
            hours), uniformly, they record what it was, drawn by the shares
            of ``responses`` among positive, no, maybe and referral (a
            positive one may book a meeting). When those shares are all 0
            there is nothing to record: they resume the enrollment.
        late: the chance the rep carries out a touch late rather than at
            its due time (0.25), by up to ``lateness`` (2 hours), uniformly.

    Durations take a ``timedelta`` or a whole number of minutes. Opens and
    replies are drawn independently: a reply without a tracked open is
    common (tracking pixels are blocked), so the open rate stays the model's.

    Example:
        >>> model = ResponseModel(open=0.5, reply={"email": 0.08, "call": 0.03}, decay=0.7)
        >>> model.reply_chance("email", touches_before=2)
        0.0392
        >>> ResponseModel(bounce=1.5)
        Traceback (most recent call last):
        ...
        cadencekit.errors.InvalidFieldError: bounce 1.5: expected a chance between 0 and 1 (0.4 is 40%)
    """

    open: float = attrs.field(default=0.40, kw_only=True, converter=_chance)
    click: float = attrs.field(default=0.10, kw_only=True, converter=_chance)
    bounce: float = attrs.field(default=0.03, kw_only=True, converter=_chance)
    opt_out: float = attrs.field(default=0.005, kw_only=True, converter=_chance)
    connect: float = attrs.field(default=0.07, kw_only=True, converter=_chance)
    reply: tuple[tuple[Channel, float], ...] = attrs.field(
        default=_DEFAULT_REPLY, kw_only=True, converter=_per_channel
    )
    decay: float = attrs.field(default=0.8, kw_only=True, converter=_chance)
    responses: tuple[tuple[Response, float], ...] = attrs.field(
        default=_DEFAULT_RESPONSES, kw_only=True, converter=_split
    )
    meeting: float = attrs.field(default=0.5, kw_only=True, converter=_chance)
    open_within: timedelta = attrs.field(
        default=timedelta(hours=24), kw_only=True, converter=_delay
    )
    click_within: timedelta = attrs.field(
        default=timedelta(minutes=30), kw_only=True, converter=_delay
    )
    reply_within: timedelta = attrs.field(
        default=timedelta(hours=48), kw_only=True, converter=_delay
    )
    read_within: timedelta = attrs.field(
        default=timedelta(hours=24), kw_only=True, converter=_delay
    )
    late: float = attrs.field(default=0.25, kw_only=True, converter=_chance)
    lateness: timedelta = attrs.field(default=timedelta(hours=2), kw_only=True, converter=_delay)

    def reply_chance(self, channel: Channel | str, *, touches_before: int = 0) -> float:
        """The chance a touch on ``channel`` draws a reply after ``touches_before`` touches.

        Example:
            >>> ResponseModel().reply_chance("email")
            0.06
            >>> round(ResponseModel().reply_chance("email", touches_before=3), 4)
            0.0307
        """
        wanted = to_enum(Channel, channel, "channel")
        if isinstance(touches_before, bool) or not isinstance(touches_before, int):
            raise InvalidFieldError("touches_before", touches_before, "expected a whole number")
        if touches_before < 0:
            raise InvalidFieldError("touches_before", touches_before, "expected 0 or more")
        base = next((chance for c, chance in self.reply if c == wanted), 0.0)
        return round(base * self.decay**touches_before, 12)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; :meth:`from_dict` reads it back. Durations in minutes.

        Example:
            >>> data = ResponseModel().to_dict()
            >>> data["open"], data["reply"]["email"], data["reply_within"]
            (0.4, 0.06, 2880)
            >>> ResponseModel.from_dict(data) == ResponseModel()
            True
        """
        return {
            "version": 1,
            "open": self.open,
            "click": self.click,
            "bounce": self.bounce,
            "opt_out": self.opt_out,
            "connect": self.connect,
            "reply": {channel.value: chance for channel, chance in self.reply},
            "decay": self.decay,
            "responses": {response.value: share for response, share in self.responses},
            "meeting": self.meeting,
            "open_within": _minutes(self.open_within),
            "click_within": _minutes(self.click_within),
            "reply_within": _minutes(self.reply_within),
            "read_within": _minutes(self.read_within),
            "late": self.late,
            "lateness": _minutes(self.lateness),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, path: str = "") -> ResponseModel:
        """Read a model written by :meth:`to_dict`; absent keys take the defaults.

        Example:
            >>> ResponseModel.from_dict({"open": 0.3, "reply": {"fax": 0.1}}, path="model")
            Traceback (most recent call last):
            ...
            cadencekit.errors.SchemaError: model.reply 'fax': expected one of 'email', 'call', 'voicemail', 'linkedin', 'sms', 'meeting', 'task', 'linkedin_connect', 'linkedin_message', 'linkedin_inmail', 'linkedin_visit', 'whatsapp', or 'custom:<name>' for a team's own channel
        """
        reader = Reader(data, path)
        reader.version()
        options: dict[str, Any] = {}
        for field in attrs.fields(cls):
            if not reader.has(field.name):
                continue
            value = reader.raw(field.name, "")
            duration = field.name.endswith(("_within", "lateness"))
            if duration and isinstance(value, float) and value >= 0:
                value = timedelta(minutes=value)
            options[field.name] = value
        try:
            reader.done()
            return cls(**options)
        except InvalidFieldError as error:
            field = error.field.split("[", 1)[0]
            raise SchemaError(reader.at(field), error.value, error.expected) from None


# --- the run -------------------------------------------------------------------


_MOST_PROSPECTS: Final = 1_000_000  # a run's prospects: more would not fit in memory safely


def _prospects(value: object) -> list[str]:
    if isinstance(value, int) and not isinstance(value, bool):
        if not 0 <= value <= _MOST_PROSPECTS:
            raise InvalidFieldError(
                "prospects",
                value,
                f"expected a count from 0 to {_MOST_PROSPECTS:,}; simulate more in batches, "
                "each with its own seed",
            )
        return [f"p{index:04d}" for index in range(value)]
    if isinstance(value, Iterable) and not isinstance(value, str | bytes | Mapping):
        ids = list(value)
        seen: set[str] = set()
        for index, item in enumerate(ids):
            if not isinstance(item, str) or not item.strip():
                raise InvalidFieldError(f"prospects[{index}]", item, "expected a prospect id")
            if item in seen:
                raise InvalidFieldError(
                    f"prospects[{index}]", item, "appears twice; give each prospect once"
                )
            seen.add(item)
        return ids
    raise InvalidFieldError(
        "prospects", value, "expected a count, or a sequence of prospect ids like ['ada', 'bob']"
    )


def _starts(value: object, count: int) -> Sequence[datetime | date | str]:
    if isinstance(value, datetime | date | str):
        return [value] * count
    if isinstance(value, Sequence):
        if len(value) != count:
            raise InvalidFieldError(
                "start", f"<{len(value)} starts>", f"expected one start per prospect ({count})"
            )
        return list(value)
    raise InvalidFieldError(
        "start", value, "expected a datetime, or a sequence of them, one per prospect"
    )


def _seed(value: object) -> str:
    if isinstance(value, int | str) and not isinstance(value, bool):
        text = str(value)
        try:
            text.encode("utf-8")  # random.Random hashes the text's UTF-8 bytes
        except UnicodeEncodeError:
            raise InvalidFieldError(
                "seed", value, "expected text that can be written as UTF-8 (no lone surrogates)"
            ) from None
        return text
    raise InvalidFieldError("seed", value, "expected a whole number or a string")


def simulate(
    cadence: Cadence,
    prospects: int | Sequence[str],
    *,
    model: ResponseModel,
    seed: int | str,
    start: datetime | date | str | Sequence[datetime | date | str],
    calendar: BusinessCalendar | str = _DEFAULT_CALENDAR,
    tz: str | tzinfo = "UTC",
    rules: Iterable[Rule] | None = None,
    max_touches: int = 100,
) -> list[Enrollment]:
    """Run ``cadence`` for ``prospects`` under ``model``: one enrollment each, seeded.

    Args:
        cadence: the cadence to run.
        prospects: how many (ids ``"p0000"``, ``"p0001"``, ...; at most
            1,000,000 a run) or the ids.
        model: the :class:`ResponseModel` answers are drawn from.
        seed: a whole number or a string; the same seed gives equal
            enrollments. Prospect ``i`` draws from its own generator, seeded
            with ``f"{seed}:{i}"``, so it gets the same story whatever the
            number of prospects.
        start: when prospects are enrolled: one moment for all, or one per
            prospect (read as :meth:`Enrollment.start` reads ``at``).
        calendar: the prospects' business days (a calendar or a country
            code like ``"US"``).
        tz: the prospects' zone (IANA name or tzinfo).
        rules: what events do (:func:`~cadencekit.default_rules`).
        max_touches: a safety cap on touches per prospect, for rules that
            jump back or insert steps without end.

    How a prospect's run goes: the rep carries out the next step at its due
    time (late by up to ``model.lateness`` with chance ``model.late``),
    then the outcomes of that touch are drawn: for an email a bounce, else
    maybe an open (and a click), an opt-out and a reply; for a call its
    result and maybe a reply; for other channels maybe a reply. A positive
    reply may book a meeting. Events are applied in time order: anything
    that happens before the next step is applied first, so a "no" ends the
    enrollment before its next touch and a "maybe" pauses it. A reply the
    rules cannot place (``other``) is read by a person within
    ``model.read_within``, who records what it was (see
    :class:`ResponseModel`): the enrollment never waits for a reader who
    never comes. The run ends when the enrollment ends and every drawn
    event has arrived (events after the end are recorded, as in real life),
    or when nothing more is due (a pause that waits for a resume, from
    rules of your own).

    Returns:
        The enrollments, in the order of ``prospects``.

    Example:
        >>> import cadencekit as ck
        >>> c = ck.Cadence("Two emails", [ck.Touchpoint("email", 1), ck.Touchpoint("email", 3)])
        >>> sure = ck.ResponseModel(open=1, bounce=0, opt_out=0, reply=0, late=0)
        >>> (e,) = ck.simulate(c, ["ada"], model=sure, seed=1, start="2026-11-23T08:00:00+00:00")
        >>> [(ev.kind.value, ev.step) for ev in e.events]
        [('touch', 0), ('open', 0), ('touch', 1), ('open', 1)]
        >>> e.exit_reason
        <ExitReason.COMPLETED: 'completed'>
    """
    if not isinstance(cadence, Cadence):
        raise InvalidFieldError("cadence", cadence, "expected a Cadence")
    if not isinstance(model, ResponseModel):
        raise InvalidFieldError("model", model, "expected a ResponseModel")
    if isinstance(max_touches, bool) or not isinstance(max_touches, int) or max_touches < 0:
        raise InvalidFieldError("max_touches", max_touches, "expected a whole number, 0 or more")
    ids = _prospects(prospects)
    starts = _starts(start, len(ids))
    key = _seed(seed)
    if rules is not None and (isinstance(rules, str | bytes) or not isinstance(rules, Iterable)):
        raise InvalidFieldError("rules", rules, "expected Rule values, or None for the defaults")
    rule_list = default_rules() if rules is None else tuple(rules)
    for index, rule in enumerate(rule_list):
        if not isinstance(rule, Rule):
            raise InvalidFieldError(f"rules[{index}]", rule, "expected a Rule")
    fresh: dict[object, Enrollment] = {}  # one start per moment, then renamed: starting costs
    runs = []
    for prospect, at in zip(ids, starts, strict=True):
        cacheable = isinstance(at, datetime | date | str)
        enrollment = fresh.get(at) if cacheable else None
        if enrollment is None:
            enrollment = Enrollment.start(
                cadence, prospect, at, calendar=calendar, tz=tz, rules=rule_list
            )
            if cacheable:
                fresh[at] = enrollment
        else:
            enrollment = enrollment._with(prospect=prospect)
        rng = random.Random(f"{key}:{prospect}")
        runs.append(_Run(enrollment, model, rng, max_touches).play())
    return runs


class _Run:
    """One prospect's run: the enrollment, the events drawn and not yet arrived."""

    def __init__(
        self, enrollment: Enrollment, model: ResponseModel, rng: random.Random, cap: int
    ) -> None:
        self.enrollment = enrollment
        self.model = model
        self.rng = rng
        self.cap = cap
        zone = enrollment.started.tzinfo
        assert zone is not None
        self.zone = zone
        self.pending: list[tuple[tuple[object, ...], int, Event]] = []
        self.drawn = 0
        self.touches = 0
        self.late: dict[int, timedelta] = {}
        self.reply_chance = dict(model.reply)
        self.shares = [(response, share) for response, share in model.responses if share]
        self.read_as = [(response, share) for response, share in self.shares if response in _READ]
        self.read_total = math.fsum(share for _, share in self.read_as)

    def play(self) -> Enrollment:
        while True:
            e = self.enrollment
            following = e.next_touch if self.touches < self.cap else None
            if following is not None:
                step = following.step
                if step not in self.late:
                    self.late[step] = self.lateness()
                at = self.after(following.due, self.late[step])
                if e.events and at <= e.events[-1].at:  # a rule replanned into the past
                    at = self.after(e.events[-1].at, timedelta(seconds=1))
                # a touch goes before anything at the same instant (Event.sort_key)
                if not self.pending or (at, 0, step) < self.pending[0][0][:3]:
                    self.carry_out(step, following.channel, at)
                    continue
            if not self.pending:
                return e
            _, _, event = heapq.heappop(self.pending)
            self.enrollment = e.apply(event)

    # -- drawing -------------------------------------------------------------------
    def after(self, moment: datetime, delay: timedelta) -> datetime:
        """``delay`` after ``moment`` in elapsed time, in the prospect's zone."""
        return (moment.astimezone(UTC) + delay).astimezone(self.zone)

    def within(self, span: timedelta) -> timedelta:
        """A whole number of seconds drawn uniformly in ``[0, span]``."""
        return timedelta(seconds=round(self.rng.random() * span.total_seconds()))

    def lateness(self) -> timedelta:
        if self.rng.random() < self.model.late:
            return self.within(self.model.lateness)
        return timedelta(0)

    def push(self, event: Event) -> None:
        self.drawn += 1
        heapq.heappush(self.pending, (event.sort_key(), self.drawn, event))

    def carry_out(self, step: int, channel: Channel, at: datetime) -> None:
        model, rng = self.model, self.rng
        result = None
        if channel is Channel.CALL:
            result = CallResult.CONNECTED if rng.random() < model.connect else CallResult.NO_ANSWER
        self.enrollment = self.enrollment.apply(Event.touch(at, step, call_result=result))
        before, self.touches = self.touches, self.touches + 1
        if channel is Channel.EMAIL:
            if rng.random() < model.bounce:
                self.push(Event.bounce(self.after(at, self.within(_BOUNCE_WITHIN)), step))
                return
            if rng.random() < model.open:
                opened = self.after(at, self.within(model.open_within))
                self.push(Event.open(opened, step))
                if rng.random() < model.click:
                    self.push(
                        Event.click(self.after(opened, self.within(model.click_within)), step)
                    )
            if rng.random() < model.opt_out:
                self.push(Event.opt_out(self.after(at, self.within(model.reply_within)), step=step))
        if rng.random() < self.reply_chance.get(channel, 0.0) * model.decay**before:
            self.reply(step, at)

    def draw(self, shares: list[tuple[Response, float]], total: float = 1.0) -> Response:
        """A response drawn by ``shares``, which sum to ``total``."""
        draw, response = self.rng.random() * total, shares[-1][0]
        for kind, share in shares:
            if draw < share:
                return kind
            draw -= share
        return response

    def reply(self, step: int, at: datetime) -> None:
        model, rng = self.model, self.rng
        response = self.draw(self.shares)
        if response is Response.OUT_OF_OFFICE:
            when = self.after(at, self.within(_AUTO_REPLY_WITHIN))
            back = when.date() + timedelta(days=rng.randint(*_AWAY_DAYS))
            self.push(Event.out_of_office(when, until=back, step=step))
            return
        when = self.after(at, self.within(model.reply_within))
        self.push(Event.reply(when, response, step=step))
        if response is Response.OTHER:
            self.read(step, when)
        elif response is Response.POSITIVE and rng.random() < model.meeting:
            self.push(Event.meeting(self.after(when, self.within(model.reply_within)), step=step))

    def read(self, step: int, replied: datetime) -> None:
        """A person reads a reply the rules could not place, and records what it was."""
        model, rng = self.model, self.rng
        when = self.after(replied, self.within(model.read_within))
        if not self.read_as:  # nothing it could be: the person resumes the enrollment
            self.push(Event.resume(when))
            return
        response = self.draw(self.read_as, self.read_total)
        self.push(Event.reply(when, response, step=step))
        if response is Response.POSITIVE and rng.random() < model.meeting:
            self.push(Event.meeting(self.after(when, self.within(model.reply_within)), step=step))


def _frozen_differences(value: Mapping[str, Comparison]) -> FrozenMap[str, Comparison]:
    return FrozenMap(value)


@attrs.frozen
class CadenceComparison:
    """Two cadences run on the same simulated prospects: both reports and their differences.

    ``names`` are the two cadences' names; ``differences`` maps each rate
    name (``"reply_rate"``, ...) to a
    :class:`~cadencekit.Comparison` of ``a``'s rate against ``b``'s, for
    the rates both reports can compare (a denominator above 0 on each side).

    Example:
        >>> import cadencekit as ck
        >>> result = ck.compare_cadences(
        ...     ck.presets.eight_touch(), ck.presets.five_day_classic(), 60, model=ck.ResponseModel(),
        ...     seed=1, start="2026-11-02T08:00:00-05:00",
        ... )
        >>> result.names, "reply_rate" in result.differences
        (('Eight touch', 'Five-day classic'), True)
    """

    names: tuple[str, str]
    a: CadenceReport
    b: CadenceReport
    differences: Mapping[str, Comparison] = attrs.field(converter=_frozen_differences)

    def __str__(self) -> str:
        lines = [f"{self.names[0]} (a) vs {self.names[1]} (b)"]
        lines += [f"{name}: {comparison}" for name, comparison in self.differences.items()]
        return "\n".join(lines)

    def to_records(self) -> list[dict[str, object]]:
        """One plain dict per rate compared, ready for ``pandas.DataFrame``.

        Example:
            >>> import cadencekit as ck
            >>> c = ck.presets.eight_touch()
            >>> result = ck.compare_cadences(c, c, 20, model=ck.ResponseModel(), seed=1, start="2026-11-02")
            >>> sorted(result.to_records()[0])
            ['a', 'b', 'difference', 'high', 'low', 'p_value', 'rate', 'test']
        """
        return [
            {
                "rate": name,
                "a": comparison.a.value,
                "b": comparison.b.value,
                "difference": comparison.difference,
                "low": comparison.interval[0],
                "high": comparison.interval[1],
                "p_value": comparison.p_value,
                "test": comparison.test,
            }
            for name, comparison in self.differences.items()
        ]


def compare_cadences(
    a: Cadence,
    b: Cadence,
    prospects: int | Sequence[str],
    *,
    model: ResponseModel,
    seed: int | str,
    start: datetime | date | str | Sequence[datetime | date | str],
    calendar: BusinessCalendar | str = _DEFAULT_CALENDAR,
    tz: str | tzinfo = "UTC",
    rules: Iterable[Rule] | None = None,
    confidence: float = 0.95,
) -> CadenceComparison:
    """Simulate ``a`` and ``b`` on the same prospects and seed, then compare every rate.

    Both runs use the same prospect ids, starts and seed, so each prospect
    draws from the same generator in both: what differs is the cadence.
    Rates with a zero denominator on either side are left out.

    Example:
        >>> import cadencekit as ck
        >>> result = ck.compare_cadences(
        ...     ck.presets.cold_outreach(), ck.presets.five_day_classic(), 200, model=ck.ResponseModel(),
        ...     seed=3, start="2026-11-02T08:00:00-05:00",
        ... )
        >>> comparison = result.differences["reply_rate"]
        >>> comparison.test in ("z", "fisher"), 0.0 <= comparison.p_value <= 1.0
        (True, True)
    """
    runs = [
        simulate(
            cadence,
            prospects,
            model=model,
            seed=seed,
            start=start,
            calendar=calendar,
            tz=tz,
            rules=rules,
        )
        for cadence in (a, b)
    ]
    first, second = (report(run) for run in runs)
    rates_a, rates_b = first.rates(), second.rates()
    differences = {
        name: compare(rate, rates_b[name], confidence=confidence)
        for name, rate in rates_a.items()
        if rate.denominator and rates_b[name].denominator
    }
    return CadenceComparison((a.name, b.name), first, second, differences)
