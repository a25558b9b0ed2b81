"""Sending like a careful mailbox: its limits and warm-up, and who must never be contacted.

A :class:`Mailbox` is one address a rep sends from, with the limits a mail
provider judges it by: sends a day (and a :class:`Ramp` while it warms up),
sends in any hour and in longer rolling windows, a least gap between two
sends, and a seeded jitter so sends do not land on the minute.
:func:`~cadencekit.plan` keeps them (``mailboxes=``). A
:class:`Suppression` is a do-not-contact list of emails, domains and
per-channel addresses; :func:`~cadencekit.can_enroll` and
:func:`~cadencekit.plan` honour it and say "suppressed".

Example:
    >>> from datetime import date, timedelta
    >>> box = Mailbox("ann@seller.io", per_day=200, per_hour=20,
    ...               ramp=Ramp(start=10, increase=5, cap=40, since=date(2026, 11, 23)))
    >>> [box.daily_limit(date(2026, 11, d)) for d in (22, 23, 24, 30)]
    [0, 10, 15, 40]
    >>> Suppression(emails=["Ada@Acme.com"]).reason("ada@acme.com")
    'suppressed: the email ada@acme.com is on the suppression list'
"""

from __future__ import annotations

import hashlib
import hmac
import re
import zlib
from collections.abc import Callable, Iterable, Mapping
from datetime import date, timedelta
from typing import Any, Final

import attrs

from ._convert import Reader, prospect_key, to_date, to_pairs
from ._text import capped
from .channels import Channel
from .errors import InvalidFieldError, SchemaError

__all__ = ["Mailbox", "Ramp", "Suppression", "pseudonym"]

_NO_TIME: Final = timedelta(0)
_MINUTE: Final = timedelta(minutes=1)
_PHONE_CHANNELS: Final = frozenset({Channel.CALL, Channel.VOICEMAIL, Channel.SMS})
_EMAIL: Final = re.compile(r"[^@\s<>]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")
_PHONE_NOISE: Final = re.compile(r"[\s().\-]")


def _count(value: object, field: str) -> int:
    if type(value) is not int or value < 0:
        raise InvalidFieldError(field, value, "expected a whole number of 0 or more (sends)")
    return value


def _per_day_value(value: object) -> int | None:
    return None if value is None else _count(value, "per_day")


def _per_hour_value(value: object) -> int | None:
    return None if value is None else _count(value, "per_hour")


def _cap_value(value: object) -> int:
    return _count(value, "cap")


def _increase_value(value: object) -> int:
    return _count(value, "increase")


def _start_value(value: object) -> int:
    return _count(value, "start")


def _gap_value(value: object) -> timedelta:
    return _span("gap", True)(value)


def _jitter_value(value: object) -> timedelta | None:
    return None if value is None else _span("jitter", True)(value)


def _since_value(value: object) -> date:
    return to_date(value, "since")


@attrs.frozen
class Ramp:
    """A mailbox's warm-up: ``start`` sends on its first day, ``increase`` more each day, up to ``cap``.

    Args:
        start: the sends allowed on ``since``, the warm-up's first day.
        increase: how many more each calendar day after it (weekends count:
            a provider judges a mailbox by its age, not by the rep's week).
        cap: the most the ramp allows, however long it has run.
        since: the day the warm-up began (a date or ``"2026-11-23"``).
            Before it the mailbox sends nothing: it is not live yet.

    Example:
        >>> ramp = Ramp(start=10, increase=5, cap=30, since="2026-11-23")
        >>> [ramp.limit(date(2026, 11, 23) + timedelta(days=n)) for n in (-1, 0, 1, 3, 9)]
        [0, 10, 15, 25, 30]
    """

    start: int = attrs.field(converter=_start_value)
    increase: int = attrs.field(converter=_increase_value)
    cap: int = attrs.field(converter=_cap_value)
    since: date = attrs.field(converter=_since_value)

    def __attrs_post_init__(self) -> None:
        if self.cap < self.start:
            raise InvalidFieldError(
                "cap", self.cap, f"expected at least start ({self.start}): a ramp never goes down"
            )

    def limit(self, day: date) -> int:
        """The sends the ramp allows on ``day``: 0 before ``since``."""
        age = (day - self.since).days
        if age < 0:
            return 0
        return min(self.cap, self.start + self.increase * age)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; :meth:`from_dict` reads it back.

        Example:
            >>> Ramp(start=10, increase=5, cap=40, since="2026-11-23").to_dict()
            {'version': 1, 'start': 10, 'increase': 5, 'cap': 40, 'since': '2026-11-23'}
        """
        return {
            "version": 1,
            "start": self.start,
            "increase": self.increase,
            "cap": self.cap,
            "since": self.since.isoformat(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, path: str = "") -> Ramp:
        """Read what :meth:`to_dict` wrote; errors name the path inside ``data``.

        Example:
            >>> Ramp.from_dict({"start": 10, "increase": 5, "cap": 4, "since": "2026-11-23"})
            Traceback (most recent call last):
            ...
            cadencekit.errors.SchemaError: cap 4: expected at least start (10): a ramp never goes down
        """
        reader = Reader(data, path)
        reader.version()
        return reader.build(
            lambda: cls(
                start=reader.raw("start", "expected sends"),
                increase=reader.raw("increase", "expected sends"),
                cap=reader.raw("cap", "expected sends"),
                since=reader.raw("since", "expected a date like '2026-11-23'"),
            )
        )


def _name(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidFieldError("name", value, "expected the mailbox's address or name")
    return value.strip()


def _span(field: str, zero: bool) -> Callable[[object], timedelta]:
    def convert(value: object) -> timedelta:
        low = _NO_TIME if zero else timedelta(minutes=1)
        if isinstance(value, timedelta) and low <= value <= timedelta(days=31):
            return value
        least = "0" if zero else "1 minute"
        raise InvalidFieldError(field, value, f"expected a timedelta from {least} to 31 days")

    return convert


def _windows(value: object) -> tuple[tuple[timedelta, int], ...]:
    if isinstance(value, Mapping):
        value = list(value.items())
    if not isinstance(value, Iterable) or isinstance(value, str | bytes):
        raise InvalidFieldError(
            "windows", value, "expected (timedelta, sends) pairs, like {timedelta(days=7): 500}"
        )
    found: dict[timedelta, int] = {}
    for pair in value:
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise InvalidFieldError("windows", pair, "expected a (timedelta, sends) pair")
        span = _span("windows", False)(pair[0])
        found[span] = _count(pair[1], f"windows[{span}]")
    return tuple(sorted(found.items()))


def _ramp(value: object) -> Ramp | None:
    if value is None or isinstance(value, Ramp):
        return value
    raise InvalidFieldError("ramp", value, "expected a Ramp or None")


@attrs.frozen
class Mailbox:
    """One address a rep sends email from, and the limits :func:`~cadencekit.plan` keeps for it.

    Args:
        name: the mailbox's address (or any name the host knows it by).
        per_day: the most sends on one business day planned; None: no limit.
        per_hour: the most sends in any 60 minutes (a rolling hour, not a
            clock hour); None: no limit.
        windows: more rolling limits, ``{timedelta(hours=24): 300,
            timedelta(days=7): 1200}``: at most that many sends in any span
            of that length.
        gap: the least time between two sends of this mailbox.
        jitter: each send moves up to this much later, by a hash of
            :func:`~cadencekit.plan`'s ``seed``, the prospect and the step:
            the same input gives the same times, and sends do not all leave
            on the minute. None (the default): :func:`~cadencekit.plan`'s
            ``jitter=`` (none unless given); ``timedelta(0)``: none, whatever
            ``plan`` says.
        ramp: a warm-up (:class:`Ramp`): the day's limit is the smaller of
            ``per_day`` and the ramp's.

    Example:
        >>> box = Mailbox("ann@seller.io", per_day=40, per_hour=8, gap=timedelta(minutes=5),
        ...               windows={timedelta(days=7): 150})
        >>> box.rolling()
        ((datetime.timedelta(seconds=3600), 8), (datetime.timedelta(days=7), 150))
        >>> Mailbox("", per_day=3)
        Traceback (most recent call last):
        ...
        cadencekit.errors.InvalidFieldError: name '': expected the mailbox's address or name
    """

    name: str = attrs.field(converter=_name)
    per_day: int | None = attrs.field(
        default=None,
        kw_only=True,
        converter=_per_day_value,
    )
    per_hour: int | None = attrs.field(
        default=None,
        kw_only=True,
        converter=_per_hour_value,
    )
    windows: tuple[tuple[timedelta, int], ...] = attrs.field(
        default=(), kw_only=True, converter=_windows
    )
    gap: timedelta = attrs.field(
        default=_NO_TIME,
        kw_only=True,
        converter=_gap_value,
    )
    jitter: timedelta | None = attrs.field(
        default=None,
        kw_only=True,
        converter=_jitter_value,
    )
    ramp: Ramp | None = attrs.field(default=None, kw_only=True, converter=_ramp)

    def __repr__(self) -> str:
        """The mailbox and its limits on one line (a long name or many windows cut short).

        Example:
            >>> Mailbox("ann@seller.io", per_hour=8)
            Mailbox('ann@seller.io', per_day=None, per_hour=8, windows=(), gap=0:00:00, jitter=None, ramp=None)
        """
        windows = ", ".join(f"{span}: {most}" for span, most in self.windows)
        return capped(
            f"Mailbox({capped(repr(self.name), 200)}, per_day={self.per_day}, "
            f"per_hour={self.per_hour}, windows=({capped(windows, 300)}), gap={self.gap}, "
            f"jitter={self.jitter}, ramp={self.ramp!r})"
        )

    def daily_limit(self, day: date) -> int | None:
        """The most sends on ``day``: ``per_day`` and the ramp's, the smaller; None: no limit."""
        if self.ramp is None:
            return self.per_day
        ramped = self.ramp.limit(day)
        return ramped if self.per_day is None else min(ramped, self.per_day)

    def rolling(self) -> tuple[tuple[timedelta, int], ...]:
        """Every rolling limit, shortest first: ``per_hour`` as one hour, then ``windows``."""
        found = dict(self.windows)
        if self.per_hour is not None:
            hour = timedelta(hours=1)
            found[hour] = min(self.per_hour, found.get(hour, self.per_hour))
        return tuple(sorted(found.items()))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (spans in minutes); :meth:`from_dict` reads it back.

        Example:
            >>> Mailbox("ann@seller.io", per_day=40, gap=timedelta(minutes=5)).to_dict()
            {'version': 1, 'name': 'ann@seller.io', 'per_day': 40, 'per_hour': None, 'windows': [], 'gap_minutes': 5.0, 'jitter_minutes': None, 'ramp': None}
        """
        return {
            "version": 1,
            "name": self.name,
            "per_day": self.per_day,
            "per_hour": self.per_hour,
            "windows": [[span / _MINUTE, most] for span, most in self.windows],
            "gap_minutes": self.gap / _MINUTE,
            "jitter_minutes": None if self.jitter is None else self.jitter / _MINUTE,
            "ramp": None if self.ramp is None else self.ramp.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, path: str = "") -> Mailbox:
        """Read what :meth:`to_dict` wrote; errors name the path inside ``data``.

        Example:
            >>> Mailbox.from_dict({"name": "ann@seller.io", "per_hour": 8}).per_hour
            8
            >>> Mailbox.from_dict({"name": "ann@seller.io", "gap_minutes": "5"})
            Traceback (most recent call last):
            ...
            cadencekit.errors.SchemaError: gap_minutes '5': expected minutes as a number
        """
        reader = Reader(data, path)
        reader.version()

        def minutes(key: str, default: object) -> timedelta | None:
            value = reader.raw(key, "expected minutes", default)
            if value is None:
                return None
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise SchemaError(reader.at(key), value, "expected minutes as a number")
            return timedelta(minutes=value)

        windows = []
        for where, pair in reader.items("windows", []):
            if (
                not isinstance(pair, list | tuple)
                or len(pair) != 2
                or isinstance(pair[0], bool)
                or not isinstance(pair[0], int | float)
            ):
                raise SchemaError(where, pair, "expected [minutes, sends]")
            windows.append((timedelta(minutes=pair[0]), pair[1]))
        ramp = reader.child("ramp", None)
        gap = minutes("gap_minutes", 0)
        jitter = minutes("jitter_minutes", None)
        return reader.build(
            lambda: cls(
                reader.string("name"),
                per_day=reader.raw("per_day", "expected sends or null", None),
                per_hour=reader.raw("per_hour", "expected sends or null", None),
                windows=windows,
                gap=gap,
                jitter=jitter,
                ramp=None if ramp is None else Ramp.from_dict(ramp.data, path=ramp.path),
            )
        )


FORGOTTEN: Final = "forgotten:"
"""How every :func:`pseudonym` begins: a forgotten prospect is recognised by it."""

FORGOTTEN_REASON: Final = "suppressed: a forgotten prospect (pseudonymised on request)"
_LEAST_KEY: Final = 16


def _key(salt: object) -> bytes:
    """``salt=``: the secret key of the keyed hash, as bytes (never shown in a message)."""
    if isinstance(salt, str):
        salt = salt.encode()
    if not isinstance(salt, bytes | bytearray):
        raise InvalidFieldError(
            "salt", type(salt).__name__, "expected a secret key as bytes or text"
        )
    if len(salt) < _LEAST_KEY:
        raise InvalidFieldError(
            "salt",
            f"a key of {len(salt)} bytes",
            f"expected a secret key of at least {_LEAST_KEY} bytes, like "
            "secrets.token_bytes(32): a short key lets anyone who guesses it test emails "
            "against the pseudonyms",
        )
    return bytes(salt)


def pseudonym(prospect: str, *, salt: bytes | str) -> str:
    """The pseudonym :func:`~cadencekit.forget` gives ``prospect``: a keyed hash (HMAC-SHA256).

    Args:
        prospect: the prospect's id (an email compares without case, as
            :func:`~cadencekit.prospect_key` compares it).
        salt: the secret key, bytes or text of at least 16 bytes (say
            ``secrets.token_bytes(32)``), kept by the host outside the data
            it protects. Nothing is read from the environment: the same key
            gives the same pseudonym, so one person is one pseudonym across
            enrollments, reports and runs, and the host can find that
            person's other records by it; without the key nobody can tell
            whose it is, or test a guessed address against it.

    Returns:
        ``"forgotten:"`` and 32 hex digits (128 bits of the HMAC-SHA256); an
        id that is already a pseudonym comes back as it is.

    Example:
        >>> key = b"0123456789abcdef-kept-in-a-vault"
        >>> name = pseudonym("Ada@Acme.com", salt=key)
        >>> name == pseudonym("ada@acme.com", salt=key), name.startswith("forgotten:"), len(name)
        (True, True, 42)
        >>> pseudonym(name, salt=key) == name
        True
        >>> pseudonym("ada@acme.com", salt="short")
        Traceback (most recent call last):
        ...
        cadencekit.errors.InvalidFieldError: salt 'a key of 5 bytes': expected a secret key of at least 16 bytes, like secrets.token_bytes(32): a short key lets anyone who guesses it test emails against the pseudonyms
    """
    key = _key(salt)
    if not isinstance(prospect, str) or not prospect.strip():
        raise InvalidFieldError("prospect", prospect, "expected the prospect's id or email")
    if prospect.startswith(FORGOTTEN):
        return prospect
    digest = hmac.new(key, prospect_key(prospect).encode(), hashlib.sha256).hexdigest()
    return FORGOTTEN + digest[:32]


def forgotten(prospect: str) -> str | None:
    """Why ``prospect`` is never contacted when it is a :func:`pseudonym`, else None."""
    return FORGOTTEN_REASON if prospect.startswith(FORGOTTEN) else None


def of_person(person: str, prospect: str, facts: Mapping[str, object]) -> bool:
    """Whether an enrollment of ``prospect`` is ``person``'s (a prospect key): by its id or ``email`` fact."""
    if prospect_key(prospect) == person:
        return True
    email = facts.get("email")
    return isinstance(email, str) and prospect_key(email) == person


def person_key(prospect: object) -> str:
    """``prospect=`` of a forgetting: whom it is of, as :func:`~cadencekit.prospect_key` compares."""
    if not isinstance(prospect, str) or not prospect.strip():
        raise InvalidFieldError("prospect", prospect, "expected the prospect's id or email")
    return prospect_key(prospect)


def kept_names(keep: object) -> frozenset[str]:
    """``keep=``: the names of the facts a forgetting keeps (they do not identify the person)."""
    if isinstance(keep, str) or not isinstance(keep, Iterable):
        raise InvalidFieldError(
            "keep", keep, "expected a list of fact names that do not identify the person"
        )
    names = set()
    for name in keep:
        if not isinstance(name, str) or not name.strip():
            raise InvalidFieldError("keep", name, "expected each fact name as non-blank text")
        names.add(name)
    return frozenset(names)


HASH_SPAN: Final = 2**32
""":func:`stable_hash` gives a whole number from 0 to ``HASH_SPAN - 1``."""


def stable_hash(*parts: object) -> int:
    """A 32-bit hash (CRC-32) of ``parts``' text, the same in every process (unlike ``hash``).

    Example:
        >>> stable_hash(7, "ada@acme.com", 2) == stable_hash(7, "ada@acme.com", 2)
        True
    """
    return zlib.crc32("\x1f".join([str(part) for part in parts]).encode())


def _addresses(value: object) -> tuple[tuple[Channel, frozenset[str]], ...]:
    if value is None:
        return ()
    pairs = to_pairs(value, Channel, "channels", "{'sms': ['+1 555 0100']}")
    found: dict[Channel, frozenset[str]] = {}
    for channel, listed in pairs:
        if channel is Channel.EMAIL:
            raise InvalidFieldError(
                "channels", "email", "expected other channels: list emails in emails="
            )
        if isinstance(listed, str) or not isinstance(listed, Iterable):
            raise InvalidFieldError(
                f"channels[{channel.value!r}]", listed, "expected a list of addresses"
            )
        found[channel] = frozenset(
            _address(item, f"channels[{channel.value!r}]") for item in listed
        )
    return tuple(sorted(found.items(), key=lambda pair: pair[0].order))


def _address(value: object, field: str) -> str:
    """An address as compared: spaces, dashes, dots and brackets of a phone number left out."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidFieldError(field, value, "expected a non-empty address")
    return _PHONE_NOISE.sub("", value).casefold()


def _emails(value: object) -> frozenset[str]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise InvalidFieldError("emails", value, "expected a list of email addresses")
    found = set()
    for item in value:
        if not isinstance(item, str) or not _EMAIL.fullmatch(item.strip()):
            raise InvalidFieldError("emails", item, "expected an email address like ada@acme.com")
        found.add(prospect_key(item.strip()))
    return frozenset(found)


def _domains(value: object) -> frozenset[str]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise InvalidFieldError("domains", value, "expected a list of domains like acme.com")
    found = set()
    for item in value:
        text = item.strip().removeprefix("@").lower() if isinstance(item, str) else ""
        if "." not in text or "@" in text or " " in text:
            raise InvalidFieldError("domains", item, "expected a domain like acme.com")
        found.add(text)
    return frozenset(found)


@attrs.frozen
class Suppression:
    """A do-not-contact list: emails, domains and per-channel addresses never to be contacted.

    Args:
        emails: addresses compared without case (:func:`~cadencekit.prospect_key`).
        domains: ``acme.com`` (or ``@acme.com``): everyone at it, not its
            subdomains.
        channels: per channel, addresses of that channel only:
            ``{"sms": ["+1 555 0100"], "call": [...]}``; spaces, dashes, dots
            and brackets do not count.

    Whom it covers: a suppressed email or domain is the person: every touch
    of that prospect on every channel is suppressed (a do-not-contact
    request is not only about email). A per-channel address suppresses
    that channel only: a number listed for ``call`` (a do-not-call list)
    stops the calls and voicemails to it (a voicemail is a call), not the
    texts or the emails; list it for ``sms`` too to stop texts. The prospect's email is
    their id when it is an address, else their ``email`` fact; a channel's
    address is the fact named after the channel (``sms``, ``call``,
    ``linkedin``) or, for calls, voicemails and texts, the ``phone`` fact.

    Example:
        >>> block = Suppression(domains=["rival.com"], channels={"sms": ["+1 (555) 010-0"]})
        >>> block.reason("jo@Rival.com")
        'suppressed: the domain rival.com is on the suppression list'
        >>> block.reason("p7", channel="sms", facts={"phone": "+15550100"})
        'suppressed: the sms address +15550100 is on the suppression list'
        >>> block.reason("p7", channel="email", facts={"phone": "+15550100"}) is None
        True
    """

    emails: frozenset[str] = attrs.field(default=frozenset(), converter=_emails)
    domains: frozenset[str] = attrs.field(default=frozenset(), kw_only=True, converter=_domains)
    channels: tuple[tuple[Channel, frozenset[str]], ...] = attrs.field(
        default=(), kw_only=True, converter=_addresses
    )

    def __bool__(self) -> bool:
        return bool(self.emails or self.domains or self.channels)

    def __repr__(self) -> str:
        """How much the list holds, on one line (the entries are in the fields).

        Example:
            >>> Suppression(["a@b.co", "c@d.co"], domains=["rival.com"], channels={"sms": ["+1555"]})
            Suppression(2 emails, 1 domain, sms: 1 address)
        """

        def counted(count: int, noun: str) -> str:
            return f"{count:,} {noun}{'' if count == 1 else 'es' if noun.endswith('s') else 's'}"

        parts = [counted(len(self.emails), "email"), counted(len(self.domains), "domain")]
        parts.extend(
            f"{channel.value}: {counted(len(listed), 'address')}"
            for channel, listed in self.channels
        )
        return f"Suppression({', '.join(parts)})"

    def reason(
        self,
        prospect: str,
        *,
        channel: Channel | str | None = None,
        facts: Mapping[str, str] | None = None,
    ) -> str | None:
        """Why ``prospect`` must not be contacted (on ``channel``), or None when they may be.

        ``channel`` None asks about the person (emails and domains only);
        ``facts`` are the enrollment's (for the ``email``, ``phone`` and
        per-channel addresses).
        """
        facts = {} if facts is None else facts
        for address in (prospect, facts.get("email")):
            if address is None:
                continue
            found = _EMAIL.fullmatch(address.strip())
            if found is None:
                continue
            key = prospect_key(address)
            if key in self.emails:
                return f"suppressed: the email {key} is on the suppression list"
            domain = found.group(1).lower()
            if domain in self.domains:
                return f"suppressed: the domain {domain} is on the suppression list"
        if channel is None or not self.channels:
            return None
        wanted = channel if isinstance(channel, Channel) else Channel(channel)
        covering = {wanted, Channel.CALL} if wanted is Channel.VOICEMAIL else {wanted}
        for listed_channel, listed in self.channels:
            if listed_channel not in covering:
                continue
            names = [wanted.value, "phone"] if wanted in _PHONE_CHANNELS else [wanted.value]
            for name in names:
                value = facts.get(name)
                if value is not None and value.strip() and _address(value, name) in listed:
                    return (
                        f"suppressed: the {wanted.value} address {_address(value, name)} "
                        "is on the suppression list"
                    )
        return None
