"""Rules across enrollments: who may be enrolled (again), and account-level replies.

An :class:`~cadencekit.Enrollment` is one prospect in one cadence; this room
holds the policy a team applies across many of them: :func:`can_enroll`
under an :class:`EnrollmentPolicy` (re-enrolment, one cadence at a time, a
cool-down, never again after an opt-out or a bounce),
:func:`account_replies` (pause, trim or stop everyone at an account once one
of its people replies), and the team's own work: :func:`pause_where` and
:func:`resume_where` (a rep's time off over their whole book, at once) and
:func:`assign_owners` (who takes each new prospect).

Example:
    >>> import cadencekit as ck
    >>> c = ck.Cadence("Intro", [ck.Touchpoint("email", 1)])
    >>> e = ck.Enrollment.start(c, "p1", "2026-11-23T09:00:00+00:00")
    >>> bool(ck.can_enroll([e], c, "2026-11-24T09:00:00+00:00"))
    False
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Final

import attrs

from ._convert import to_aware_datetime, to_flag, to_list
from ._text import text_repr
from .cadence import Cadence
from .deliverability import Suppression, kept_names, of_person, person_key, pseudonym
from .enrollment import Enrollment, Status
from .errors import DateRangeError, InvalidFieldError
from .events import Event, EventKind, Response
from .rules import End, ExitReason, Pause, Skip

__all__ = [
    "Eligibility",
    "EnrollmentPolicy",
    "account_replies",
    "assign_owners",
    "can_enroll",
    "forget",
    "honour_opt_outs",
    "pause_where",
    "prospect_key",
    "resume_where",
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
    suppress: Suppression | None = None,
) -> Eligibility:
    """Whether a prospect with ``history`` may be enrolled in ``cadence`` at ``at``.

    ``history`` is the prospect's enrollments, in any cadence; ``cadence``
    is a cadence or its name. With ``prospect``, ``history`` may hold
    everyone's enrollments: only those of that prospect count, compared by
    :func:`prospect_key` (``Ada@Acme.com`` is ``ada@acme.com``). The first
    reason to refuse is returned; an opt-out or a bounce in any of them,
    also one recorded after that enrollment ended, refuses for good.

    With ``suppress`` (a :class:`~cadencekit.Suppression`), a prospect
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
        ...               suppress=ck.Suppression(["ada@acme.com"])).reason
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
    if suppress is not None:
        if not isinstance(suppress, Suppression):
            raise InvalidFieldError("suppress", suppress, "expected a Suppression or None")
        if prospect is not None:
            why = suppress.reason(prospect)
            if why is not None:
                return Eligibility(False, why)
        for e in enrollments:
            why = suppress.reason(e.prospect, facts=e.facts)
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


def forget(
    enrollments: Iterable[Enrollment],
    prospect: str,
    *,
    salt: bytes | str,
    keep: Iterable[str] = (),
) -> list[Enrollment]:
    """Pseudonymise ``prospect`` in ``enrollments``: for an erasure request (GDPR Art. 17).

    Every enrollment of ``prospect`` (by its id, or by its ``email`` fact,
    compared as :func:`prospect_key` compares) becomes
    :meth:`Enrollment.forget <cadencekit.Enrollment.forget>`'s: its id the
    keyed hash :func:`~cadencekit.pseudonym` (HMAC-SHA256 under ``salt``),
    its facts but those named in ``keep`` left out, its events' ids and
    engagement texts dropped. The others come back as they are, in order.
    Every rate of a report of the result equals the report's before;
    :meth:`CadenceReport.forget <cadencekit.CadenceReport.forget>` does the
    same to a report already made. What this covers of an erasure request,
    and what the host must still do, is in "Erasure" in the deliverability
    guide.

    Args:
        enrollments: everyone's enrollments, or only the prospect's.
        prospect: whom to forget: an email (any case) or the host's id.
        salt: the secret key (at least 16 bytes), kept by the host; nothing
            is read from the environment.
        keep: names of facts that do not identify the person (``"tier"``).

    Raises:
        InvalidFieldError: a bad prospect, key or ``keep``.
        CadenceError: an enrollment whose rules read what forgetting leaves
            out, so that it would go otherwise (keep those facts).

    Example:
        >>> import cadencekit as ck
        >>> c = ck.Cadence("Intro", [ck.Touchpoint("email", 1)])
        >>> es = [ck.Enrollment.start(c, p, "2026-11-23T08:00:00+00:00", facts=f)
        ...       for p, f in [("ada@acme.com", None), ("crm-7", {"email": "Ada@Acme.com"}),
        ...                    ("jo@beta.io", None)]]
        >>> after = ck.forget(es, "ada@acme.com", salt=b"0123456789abcdef-kept-in-a-vault")
        >>> [e.prospect[:10] for e in after], dict(after[1].facts)
        (['forgotten:', 'forgotten:', 'jo@beta.io'], {})
    """
    items = to_list(enrollments, Enrollment, "enrollments")
    person = person_key(prospect)
    kept = kept_names(keep)
    pseudonym(prospect, salt=salt)  # the key is checked even when nobody matches
    return [
        e.forget(salt=salt, keep=kept) if of_person(person, e.prospect, e.facts) else e
        for e in items
    ]


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
    for found in replies.values():  # in time order: a colleague stopped by the first is done
        found.sort(key=lambda pair: (Event.sort_key(pair[0]), pair[1]))
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


def _where(value: object) -> Callable[[Enrollment], object]:
    if callable(value):
        return value
    raise InvalidFieldError(
        "where", value, "expected a function of an enrollment, like lambda e: e.owner == 'kim'"
    )


def _hold_name(value: object) -> str:
    if isinstance(value, str) and value.strip():
        return value
    raise InvalidFieldError(
        "hold",
        value,
        "expected the hold's name, like 'pto': a bulk pause without one would replace each "
        "enrollment's own unnamed pause, and a bulk resume without one would lift every hold",
    )


def pause_where(
    enrollments: Iterable[Enrollment],
    where: Callable[[Enrollment], object],
    at: datetime | str,
    *,
    hold: str,
    until: datetime | date | str | None = None,
) -> list[Enrollment]:
    """Pause at ``at`` every running enrollment ``where`` picks, on the hold named ``hold``.

    A rep's time off, a paused campaign, an account on hold: each running
    enrollment (not ended) for which ``where(enrollment)`` is true gets an
    ``Event.pause(at, until=until, hold=hold)``; the others come back as
    they were. The hold is named (required): it stacks with each
    enrollment's own pauses (a prospect parked by hand stays parked when
    the time off ends) and :func:`resume_where` with the same name lifts it
    alone. Each event's id is ``pause_where 'pto' at <at>``, so running
    this again at the same moment changes nothing; to change the pause,
    pause again later (a pause of a name replaces that name's hold).
    Returns the enrollments in the order given.

    Example:
        >>> import cadencekit as ck
        >>> c = ck.Cadence("c", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 3)])
        >>> kim = ck.Enrollment.start(c, "ada", "2026-12-21T08:00:00+00:00", owner="kim")
        >>> lou = ck.Enrollment.start(c, "bob", "2026-12-21T08:00:00+00:00", owner="lou")
        >>> book = ck.pause_where([kim, lou], lambda e: e.owner == "kim",
        ...                       "2026-12-21T17:00:00+00:00", hold="pto", until="2027-01-04")
        >>> [e.status.value for e in book]
        ['paused', 'active']
        >>> ck.pause_where(book, lambda e: e.owner == "kim", "2026-12-21T17:00:00+00:00",
        ...                hold="pto", until="2027-01-04") == book
        True
    """
    pick = _where(where)
    name = _hold_name(hold)
    moment = to_aware_datetime(at, "at")
    pause = Event.pause(
        moment, until=until, hold=name, id=f"pause_where {name!r} at {moment.isoformat()}"
    )
    result = []
    for e in to_list(enrollments, Enrollment, "enrollments"):
        if e.status is not Status.ENDED and pick(e):
            e = e.apply(pause)
        result.append(e)
    return result


def resume_where(
    enrollments: Iterable[Enrollment],
    where: Callable[[Enrollment], object],
    at: datetime | str,
    *,
    hold: str,
) -> list[Enrollment]:
    """Release at ``at`` the hold named ``hold`` of every running enrollment ``where`` picks.

    Only enrollments that hold it (:meth:`Enrollment.held_by`) get an
    ``Event.resume(at, hold=hold)``; their other holds (an out-of-office, a
    prospect parked by hand) stay. The name is required: a resume without
    one lifts every hold. The ids make it idempotent, as for
    :func:`pause_where`. Returns the enrollments in the order given.

    Example:
        >>> import cadencekit as ck
        >>> c = ck.Cadence("c", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 3)])
        >>> kim = ck.Enrollment.start(c, "ada", "2026-12-21T08:00:00+00:00", owner="kim")
        >>> kim = kim.apply(ck.Event.pause("2026-12-21T10:00:00+00:00", hold="pto"))
        >>> [back] = ck.resume_where([kim], lambda e: e.owner == "kim",
        ...                          "2026-12-28T09:00:00+00:00", hold="pto")
        >>> back.status.value, back.held_by("pto")
        ('active', False)
    """
    pick = _where(where)
    name = _hold_name(hold)
    moment = to_aware_datetime(at, "at")
    resume = Event.resume(moment, hold=name, id=f"resume_where {name!r} at {moment.isoformat()}")
    result = []
    for e in to_list(enrollments, Enrollment, "enrollments"):
        if e.status is not Status.ENDED and e.held_by(name) and pick(e):
            e = e.apply(resume)
        result.append(e)
    return result


_METHODS: Final = ("round_robin", "least_loaded")
_EPOCH: Final = datetime(1, 1, 1, tzinfo=UTC)


def _started(e: Enrollment) -> tuple[timedelta, str]:
    """When ``e`` started, as an instant (never by wall clock), then its prospect: an order."""
    return _elapsed(e.started, _EPOCH), e.prospect


def _owners(value: object) -> tuple[str, ...]:
    if isinstance(value, Sequence) and not isinstance(value, str | bytes | bytearray):
        owners = tuple(value)
        if owners and all(isinstance(o, str) and o.strip() for o in owners):
            if len(set(owners)) == len(owners):
                return owners
            twice = next(o for o in owners if owners.count(o) > 1)
            raise InvalidFieldError("owners", twice, "each owner once: a rep named twice")
    raise InvalidFieldError(
        "owners", value, "expected a non-empty list of owners' names, like ['kim', 'lou']"
    )


def assign_owners(
    prospects: Iterable[str],
    owners: Sequence[str],
    *,
    method: str = "round_robin",
    enrollments: Iterable[Enrollment] = (),
) -> dict[str, str]:
    """Who takes each new prospect: a rep of ``owners``, by ``method``; deterministic.

    - ``"round_robin"`` (the default): the prospects, in the order given,
      go to the owners in turn. With ``enrollments``, the turn goes on from
      the owner of the latest enrollment started among them (ties: the
      later prospect id), so yesterday's rotation continues today.
    - ``"least_loaded"``: each prospect, in order, goes to the owner with
      the fewest running enrollments (not ended) among ``enrollments`` and
      the prospects given so far; ties go to the owner listed first.

    Either way a prospect who already has a running enrollment with one of
    ``owners`` stays with that rep, and a prospect listed twice (by
    :func:`prospect_key`: ``Ada@Acme.com`` is ``ada@acme.com``) is assigned
    once. Only ``owners`` receive prospects (a rep left off the list, on
    leave, gets none). The same arguments always give the same answer: no
    randomness, no clock. Returns ``{prospect: owner}`` in the order given
    (each prospect as first written); pass it to
    ``Enrollment.start(..., owner=...)`` or :func:`~cadencekit.start_many`.

    Example:
        >>> assign_owners(["ada", "bob", "cy", "dee"], ["kim", "lou"])
        {'ada': 'kim', 'bob': 'lou', 'cy': 'kim', 'dee': 'lou'}
        >>> import cadencekit as ck
        >>> c = ck.Cadence("c", [ck.Touchpoint("email", 1)])
        >>> busy = [ck.Enrollment.start(c, p, "2026-12-21T08:00:00+00:00", owner="kim")
        ...         for p in ("p1", "p2")]
        >>> assign_owners(["ada", "bob", "cy"], ["kim", "lou"], method="least_loaded",
        ...               enrollments=busy)
        {'ada': 'lou', 'bob': 'lou', 'cy': 'kim'}
    """
    reps = _owners(owners)
    if method not in _METHODS:
        raise InvalidFieldError("method", method, "expected 'round_robin' or 'least_loaded'")
    given = to_list(enrollments, Enrollment, "enrollments")
    running = [e for e in given if e.status is not Status.ENDED and e.owner in reps]
    load = dict.fromkeys(reps, 0)
    kept: dict[str, str] = {}  # a prospect in flight keeps its rep (the latest started)
    for e in sorted(running, key=_started):
        load[e.owner] += 1  # type: ignore[index]
        kept[prospect_key(e.prospect)] = e.owner  # type: ignore[assignment]
    turn = 0
    if given:
        owned = [e for e in given if e.owner in reps]
        if owned:
            latest = max(owned, key=_started)
            turn = reps.index(latest.owner) + 1
    result: dict[str, str] = {}
    chosen: dict[str, str] = {}
    for prospect in to_list(prospects, str, "prospects"):
        key = prospect_key(prospect)
        if key in chosen:
            continue
        owner = kept.get(key)
        if owner is None:
            if method == "round_robin":
                owner = reps[turn % len(reps)]
                turn += 1
            else:
                owner = min(reps, key=lambda rep: (load[rep], reps.index(rep)))
            load[owner] += 1
        chosen[key] = owner
        result[prospect] = owner
    return result
