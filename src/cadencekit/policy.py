"""Rules across enrollments: who may be enrolled (again), and account-level replies.

An :class:`~cadencekit.Enrollment` is one prospect in one cadence; this room
holds the policy a team applies across many of them: :func:`can_enroll`
under an :class:`EnrollmentPolicy` (re-enrolment, one cadence at a time, a
cool-down, never again after an opt-out or a bounce) and
:func:`account_replies` (pause or stop everyone at an account once one of
its people replies).

Example:
    >>> import cadencekit as ck
    >>> c = ck.Cadence("Intro", [ck.Touchpoint("email", 1)])
    >>> e = ck.Enrollment.start(c, "p1", "2026-11-23T09:00:00+00:00")
    >>> bool(ck.can_enroll([e], c, "2026-11-24T09:00:00+00:00"))
    False
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from typing import Final

import attrs

from ._convert import to_aware_datetime, to_flag, to_list
from ._text import text_repr
from .cadence import Cadence
from .deliverability import Suppression
from .enrollment import Enrollment, Status
from .errors import DateRangeError, InvalidFieldError
from .events import Event, EventKind, Response
from .rules import End, ExitReason, Pause, Skip

__all__ = [
    "Eligibility",
    "EnrollmentPolicy",
    "account_replies",
    "can_enroll",
    "honour_opt_outs",
    "prospect_key",
]

_NO_TIME: Final = timedelta(0)

_REENROLL: Final = ("once", "when_inactive", "any_time")


def _elapsed(later: datetime, earlier: datetime) -> timedelta:
    """The time between two instants, on their UTC offsets: exact, and never overflowing.

    Each is tagged with its own fixed offset, so the subtraction is of
    instants (two datetimes sharing an IANA zone subtract as wall clocks),
    and no datetime is moved to UTC (which leaves years 1-9999 at the ends).
    """
    a = later.replace(tzinfo=timezone(later.utcoffset() or _NO_TIME))
    b = earlier.replace(tzinfo=timezone(earlier.utcoffset() or _NO_TIME))
    return a - b


def prospect_key(prospect: str) -> str:
    """The identity a prospect is compared by across enrollments, exports and CRM files.

    Surrounding spaces never count. An email address (text with an ``@``)
    compares without case: ``Ada@Acme.com`` and ``ada@acme.com`` are one
    prospect (mail systems treat the local part without case in practice,
    and CRMs and exports disagree on capitals). Any other id (a CRM id
    like Salesforce's ``0035e00000AbCdE``, where case matters) is compared
    exactly as written, spaces aside.

    Example:
        >>> prospect_key(" Ada@Acme.COM "), prospect_key("0035e00000AbCdE")
        ('ada@acme.com', '0035e00000AbCdE')
    """
    if not isinstance(prospect, str) or not prospect.strip():
        raise InvalidFieldError("prospect", prospect, "expected a non-empty id or email address")
    text = prospect.strip()
    return text.casefold() if "@" in text else text


def _blocked(enrollment: Enrollment) -> tuple[str, datetime] | None:
    """How and when ``enrollment`` says its prospect must not be contacted: an opt-out or a bounce.

    Its exit (``opted_out``, ``bounced``) when it ended so; else the first
    opt-out or bounce event it recorded, also one after its end.
    """
    if enrollment.exit_reason in (ExitReason.OPTED_OUT, ExitReason.BOUNCED):
        assert enrollment.ended_at is not None
        return enrollment.exit_reason.value.replace("_", " "), enrollment.ended_at
    for event in enrollment.events:
        if event.kind is EventKind.OPT_OUT:
            return "opted out", event.at
        if event.kind is EventKind.BOUNCE:
            return "bounced", event.at
    return None


def _reenroll(value: object) -> str:
    if isinstance(value, str) and value in _REENROLL:
        return value
    raise InvalidFieldError("reenroll", value, f"expected one of {', '.join(map(repr, _REENROLL))}")


def _cooldown(value: object) -> timedelta:
    if isinstance(value, timedelta) and value >= _NO_TIME:
        return value
    raise InvalidFieldError("cooldown", value, "expected a timedelta of zero or more")


def _exclusive(value: object) -> bool:
    return to_flag(value, "exclusive")


@attrs.frozen
class EnrollmentPolicy:
    """When a prospect may be enrolled (again): the rules of :func:`can_enroll`.

    Args:
        reenroll: ``"once"`` (never the same cadence twice),
            ``"when_inactive"`` (again once the last one ended; the
            default) or ``"any_time"``.
        exclusive: refuse while the prospect is active in another cadence.
        cooldown: the quiet time needed since the prospect was last touched.

    Whatever the policy, a prospect who opted out or whose address bounced
    is never enrolled again.

    Example:
        >>> from datetime import timedelta
        >>> EnrollmentPolicy("once", cooldown=timedelta(days=30)).reenroll
        'once'
    """

    reenroll: str = attrs.field(default="when_inactive", converter=_reenroll)
    exclusive: bool = attrs.field(default=True, kw_only=True, converter=_exclusive)
    cooldown: timedelta = attrs.field(default=_NO_TIME, kw_only=True, converter=_cooldown)


@attrs.frozen
class Eligibility:
    """The answer of :func:`can_enroll`: truthy when allowed, else the reason.

    Example:
        >>> bool(Eligibility(False, "opted out"))
        False
    """

    allowed: bool
    reason: str | None = attrs.field(default=None, repr=text_repr)

    def __bool__(self) -> bool:
        return self.allowed


def can_enroll(
    history: Iterable[Enrollment],
    cadence: Cadence | str,
    at: datetime | str,
    *,
    policy: EnrollmentPolicy | None = None,
    prospect: str | None = None,
    suppression: Suppression | None = None,
) -> Eligibility:
    """Whether a prospect with ``history`` may be enrolled in ``cadence`` at ``at``.

    ``history`` is the prospect's enrollments, in any cadence; ``cadence``
    is a cadence or its name. With ``prospect``, ``history`` may hold
    everyone's enrollments: only those of that prospect count, compared by
    :func:`prospect_key` (``Ada@Acme.com`` is ``ada@acme.com``). The first
    reason to refuse is returned; an opt-out or a bounce in any of them,
    also one recorded after that enrollment ended, refuses for good.

    With ``suppression`` (a :class:`~cadencekit.Suppression`), a prospect
    whose email or domain is on it is refused first, with a reason that
    begins ``suppressed:``: ``prospect`` is checked, and every enrollment of
    ``history`` counted (their ids and ``email`` facts). Per-channel
    addresses do not refuse an enrollment: :func:`~cadencekit.plan` keeps
    those channels' touches off the agenda.

    Example:
        >>> import cadencekit as ck
        >>> c = ck.Cadence("Intro", [ck.Touchpoint("email", 1)])
        >>> e = ck.Enrollment.start(c, "p1", "2026-11-23T09:00:00+00:00")
        >>> ck.can_enroll([e], c, "2026-11-24T09:00:00+00:00")
        Eligibility(allowed=False, reason="active in 'Intro' since 2026-11-23T09:00:00+00:00")
        >>> bool(ck.can_enroll([e], c, "2026-11-24T09:00:00+00:00", policy=ck.EnrollmentPolicy("any_time")))
        True
        >>> out = e.apply(ck.Event.opt_out("2026-11-23T10:00:00+00:00"))
        >>> ck.can_enroll([out], "Other", "2026-12-01T09:00:00+00:00", prospect=" P1 ")
        Eligibility(allowed=True, reason=None)
        >>> ck.can_enroll([out], "Other", "2026-12-01T09:00:00+00:00", prospect="p1").reason
        "opted out in 'Intro' on 2026-11-23T10:00:00+00:00"
        >>> ck.can_enroll([], c, "2026-12-01T09:00:00+00:00", prospect="Ada@Acme.com",
        ...               suppression=ck.Suppression(["ada@acme.com"])).reason
        'suppressed: the email ada@acme.com is on the suppression list'
    """
    policy = EnrollmentPolicy() if policy is None else policy
    if not isinstance(policy, EnrollmentPolicy):
        raise InvalidFieldError("policy", policy, "expected an EnrollmentPolicy")
    if isinstance(cadence, Cadence):
        name = cadence.name
    elif isinstance(cadence, str) and cadence.strip():
        name = cadence
    else:
        raise InvalidFieldError("cadence", cadence, "expected a Cadence or its name")
    moment = to_aware_datetime(at, "at")
    enrollments = to_list(history, Enrollment, "history")
    if prospect is not None:
        key = prospect_key(prospect)
        enrollments = [e for e in enrollments if prospect_key(e.prospect) == key]
    if suppression is not None:
        if not isinstance(suppression, Suppression):
            raise InvalidFieldError("suppression", suppression, "expected a Suppression or None")
        if prospect is not None:
            why = suppression.reason(prospect)
            if why is not None:
                return Eligibility(False, why)
        for e in enrollments:
            why = suppression.reason(e.prospect, facts=e.facts)
            if why is not None:
                return Eligibility(False, why)
    for e in enrollments:
        blocked = _blocked(e)
        if blocked is not None:
            what, when = blocked
            return Eligibility(False, f"{what} in {e.cadence.name!r} on {when.isoformat()}")
    for e in enrollments:
        same = e.cadence.name == name
        active = e.status is not Status.ENDED
        if same and policy.reenroll == "once":
            return Eligibility(False, f"already enrolled in {name!r} on {e.started.isoformat()}")
        if same and active and policy.reenroll == "when_inactive":
            return Eligibility(False, f"active in {name!r} since {e.started.isoformat()}")
        if not same and active and policy.exclusive:
            return Eligibility(False, f"active in {e.cadence.name!r} since {e.started.isoformat()}")
    if policy.cooldown:
        touches = [ev.at for e in enrollments for ev in e.events if ev.kind is EventKind.TOUCH]
        if touches:
            last = max(touches)
            if _elapsed(moment, last) < policy.cooldown:
                try:
                    until = f"until {(last + policy.cooldown).isoformat()}"
                except OverflowError:  # a cool-down that ends past 9999-12-31
                    until = f"of {policy.cooldown} not over"
                return Eligibility(False, f"last touched {last.isoformat()}; cool-down {until}")
    return Eligibility(True)


_ACCOUNT_HOLD: Final = "account"  # the hold a colleague's reply puts on (a named hold)
_ACCOUNT_THEN: Final = (
    "expected Pause(business_days) (None: until resumed), Skip(channels=...) "
    "or End('manual') (a stop)"
)


def _account_action(business_days: object, then: object) -> Pause | Skip | End:
    """What a colleague's reply does, from ``then`` or the older ``business_days``."""
    if then is None:
        if business_days is None:
            return End(ExitReason.MANUAL)
        if (
            not isinstance(business_days, int)
            or isinstance(business_days, bool)
            or business_days < 0
        ):
            raise InvalidFieldError(
                "business_days", business_days, "expected None (stop) or 0 or more"
            )
        return Pause(business_days)
    if business_days != 10:
        raise InvalidFieldError(
            "business_days",
            business_days,
            "give then= or business_days=, not both (then=Pause(n) pauses n business days)",
        )
    if isinstance(then, Pause) and not then.until_classified:
        return then
    if isinstance(then, Skip) and then.channels is not None:
        if then.automated is None and then.steps is None:
            return then
        raise InvalidFieldError(
            "then",
            str(then),
            "a colleague's cadence has steps of its own: name channels only, "
            "like Skip(channels='email')",
        )
    if isinstance(then, End) and then.reason is ExitReason.MANUAL:
        return then
    raise InvalidFieldError(
        "then", str(then) if isinstance(then, Pause | Skip | End) else then, _ACCOUNT_THEN
    )


def account_replies(
    enrollments: Iterable[Enrollment],
    *,
    business_days: int | None = 10,
    then: Pause | Skip | End | None = None,
) -> list[Enrollment]:
    """Pause, trim or stop everyone else at an account once one of its prospects replies.

    For each reply (not an out-of-office) or booked meeting in an enrollment
    with an ``account``, every other enrollment of that account that was
    running at the time (started by then, and not ended by then) gets an
    event at the reply's moment, by ``then``:

    - ``Pause(n)`` (the default, ``Pause(10)``): a pause of the hold named
      ``"account"`` until ``n`` business days later in the colleague's own
      calendar (a named hold: it stacks with the rep's own pauses, and
      ``Event.resume(at, hold="account")`` lifts it alone); ``Pause()`` holds
      until a resume;
    - ``Skip(channels="email")``: a skip of those channels, so the
      colleague's emails still to come are dropped and the calls stay
      (Apollo's "mark as not sent"); when nothing is left it completes;
    - ``End("manual")``: a ``stop`` event, which ends it ``MANUAL``.

    ``business_days=n`` is ``then=Pause(n)`` and ``business_days=None`` is
    ``then=End("manual")``, as before ``then`` existed. A colleague whose
    enrollment ended at or before the reply is left alone: nothing is
    appended to a finished history. The events carry ids, so running this
    again changes nothing. Returns the enrollments in the order given.

    Example:
        >>> import cadencekit as ck
        >>> c = ck.Cadence("c", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 3)])
        >>> ada = ck.Enrollment.start(c, "ada", "2026-11-23T09:00:00+00:00", account="Acme")
        >>> bob = ck.Enrollment.start(c, "bob", "2026-11-23T09:00:00+00:00", account="Acme")
        >>> ada = ada.apply(ck.Event.reply("2026-11-23T11:00:00+00:00", "positive"))
        >>> ada, bob = ck.account_replies([ada, bob], business_days=None)
        >>> bob.exit_reason
        <ExitReason.MANUAL: 'manual'>
        >>> bob = ck.Enrollment.start(c, "bob", "2026-11-23T09:00:00+00:00", account="Acme")
        >>> ada, bob = ck.account_replies([ada, bob], then=ck.Skip(channels="email"))
        >>> bob.skipped, bob.next_touch.channel.value
        ((0,), 'call')
    """
    action = _account_action(business_days, then)
    items = to_list(enrollments, Enrollment, "enrollments")
    replies: dict[str, list[tuple[Event, str]]] = {}
    for e in items:
        if e.account is None:
            continue
        for event in e.events:
            replied = event.kind is EventKind.REPLY and event.response is not Response.OUT_OF_OFFICE
            if replied or event.kind is EventKind.MEETING:
                replies.setdefault(e.account, []).append((event, e.prospect))
    result = []
    for e in items:
        for event, prospect in replies.get(e.account or "", ()):
            if prospect == e.prospect or event.at < e.started:
                continue
            if e.ended_at is not None and e.ended_at <= event.at:
                continue  # it was over before the colleague replied: nothing to add
            ident = f"account-reply:{prospect}:{event.at.isoformat()}"
            if isinstance(action, End):
                e = e.apply(Event.stop(event.at, id=ident))
            elif isinstance(action, Skip):
                e = e.apply(Event.skip(event.at, channels=action.channels, id=ident))
            elif action.business_days is None:
                e = e.apply(Event.pause(event.at, hold=_ACCOUNT_HOLD, id=ident))
            else:
                try:
                    local = event.at.astimezone(e.zone).date()
                    until = e.calendar.add_business_days(local, action.business_days)
                except (OverflowError, DateRangeError) as error:
                    why = error.expected if isinstance(error, DateRangeError) else "years 1-9999"
                    raise DateRangeError(
                        "business_days",
                        action.business_days,
                        f"from {prospect}'s reply of {event.at.isoformat()} in {e.prospect}'s "
                        f"calendar: {why}",
                    ) from None
                if until > local:
                    e = e.apply(Event.pause(event.at, until=until, hold=_ACCOUNT_HOLD, id=ident))
        result.append(e)
    return result


def honour_opt_outs(enrollments: Iterable[Enrollment]) -> list[Enrollment]:
    """Stop every enrollment of a prospect who opted out or bounced in another one.

    Derived from the enrollments alone, never from a list kept by hand:
    for each prospect (by :func:`prospect_key`, so ``Ada@Acme.com`` in one
    sequence is ``ada@acme.com`` in the next), the first opt-out or bounce
    in any enrollment (its exit, or an opt-out or bounce event, also one
    recorded after it ended) gives every other enrollment of that prospect
    still running a ``stop`` event, at that moment or at its own start if
    it began later. The stop ends it ``manual`` (the prospect opted out
    once, in one sequence: reports count that opt-out once), and its id
    says why: ``opted out in 'Intro' on 2026-11-23T10:00:00+00:00``, so
    running this again changes nothing. Returns the enrollments in the
    order given. :func:`can_enroll` refuses new enrollments the same way
    (``prospect=`` picks the prospect's enrollments out of everyone's).

    Run it before :func:`~cadencekit.plan` and after applying a batch of
    events: a stopped enrollment has nothing due, so the agenda never holds
    a call to someone who asked to be left alone.

    Example:
        >>> import cadencekit as ck
        >>> intro = ck.Cadence("Intro", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 3)])
        >>> webinar = ck.Cadence("Webinar", [ck.Touchpoint("call", 1)])
        >>> a = ck.Enrollment.start(intro, "Ada@Acme.com", "2026-11-23T09:00:00+00:00")
        >>> b = ck.Enrollment.start(webinar, "ada@acme.com", "2026-11-24T09:00:00+00:00")
        >>> a = a.apply(ck.Event.opt_out("2026-11-23T10:00:00+00:00"))
        >>> a, b = ck.honour_opt_outs([a, b])
        >>> b.exit_reason.value, b.exit_event.id
        ('manual', "opted out in 'Intro' on 2026-11-23T10:00:00+00:00")
        >>> b.next_touch is None
        True
    """
    items = to_list(enrollments, Enrollment, "enrollments")
    first: dict[str, tuple[datetime, str, int]] = {}  # prospect -> (when, why, index)
    for index, e in enumerate(items):
        blocked = _blocked(e)
        if blocked is None:
            continue
        what, when = blocked
        key = prospect_key(e.prospect)
        known = first.get(key)
        if known is None or when < known[0]:
            first[key] = (when, f"{what} in {e.cadence.name!r} on {when.isoformat()}", index)
    result = []
    for index, e in enumerate(items):
        found = first.get(prospect_key(e.prospect))
        if found is not None and found[2] != index and e.status is not Status.ENDED:
            when, why, _ = found
            e = e.apply(Event.stop(max(when, e.started), id=why))
        result.append(e)
    return result
