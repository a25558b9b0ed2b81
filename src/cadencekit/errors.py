"""Errors raised by cadencekit.

Every error cadencekit raises on bad input is a :class:`CadenceError`, itself
a :class:`ValueError`, so ``except ValueError`` keeps working in code that
does not know cadencekit. Messages name the field, quote the value and say
what would be accepted.

Example:
    >>> import cadencekit as ck
    >>> try:
    ...     ck.BusinessCalendar(weekmask="Mon Tue Xyz")
    ... except ck.CadenceError as error:
    ...     print(error)
    weekmask 'Mon Tue Xyz': 'Xyz' is not a day; use Mon..Sun, or 7 digits like '1111100'
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

__all__ = [
    "CadenceError",
    "DateRangeError",
    "InvalidFieldError",
    "MissingFieldError",
    "SchemaError",
    "SendWindowError",
    "UnknownRegionError",
    "WeekmaskError",
]


class CadenceError(ValueError):
    """Base class of every error cadencekit raises on bad input.

    Example:
        >>> import cadencekit as ck
        >>> issubclass(ck.WeekmaskError, ck.CadenceError)
        True
        >>> issubclass(ck.CadenceError, ValueError)
        True
    """


class InvalidFieldError(CadenceError):
    """A field (an argument or attribute) got a value it cannot take.

    The message reads ``<field> <value>: <problem>``; the parts are kept on
    the error as ``field``, ``value`` and ``expected``.

    Example:
        >>> import cadencekit as ck
        >>> from datetime import date
        >>> try:
        ...     ck.BusinessCalendar().add_business_days(date(2026, 1, 5), 1.5)
        ... except ck.InvalidFieldError as error:
        ...     print(error.field, error.value)
        n 1.5
    """

    def __init__(self, field: str, value: object, expected: str) -> None:
        self.field = field
        self.value = value
        self.expected = expected
        # What a person reads stays short: the value is shown cut, the whole capped.
        where = capped(field, _SHOWN_LIMIT)
        super().__init__(capped(f"{where} {shown(value)}: {expected}", _MESSAGE_LIMIT - 100))


_SHOWN_LIMIT = 200
_MESSAGE_LIMIT = 2000  # a message (and a value's repr) for people: whatever the input's size
_CONTAINERS = (dict, list, tuple, set, frozenset)
_SHOWN_ITEMS = 12
_SHOWN_DEPTH = 4


def _bounded(value: object, depth: int) -> str:
    """``repr`` of a container, in its own order, at most a few levels and items deep."""
    if not isinstance(value, _CONTAINERS):
        text = repr(value)
        return text if len(text) <= _SHOWN_LIMIT else text[:_SHOWN_LIMIT] + "..."
    if depth >= _SHOWN_DEPTH:
        return "{...}" if isinstance(value, dict) else "[...]"
    parts: list[str]
    if isinstance(value, dict):
        pairs = list(itertools.islice(value.items(), _SHOWN_ITEMS + 1))
        more = len(pairs) > _SHOWN_ITEMS
        parts = [
            f"{_bounded(k, depth + 1)}: {_bounded(v, depth + 1)}"
            for k, v in pairs[: -1 if more else None]
        ]
        brackets = ("{", "}")
    else:
        elements = list(itertools.islice(value, _SHOWN_ITEMS + 1))
        more = len(elements) > _SHOWN_ITEMS
        parts = [_bounded(item, depth + 1) for item in elements[: -1 if more else None]]
        if isinstance(value, list):
            brackets = ("[", "]")
        elif isinstance(value, tuple):
            brackets = ("(", ",)" if len(parts) == 1 and not more else ")")
        elif not elements:
            return f"{type(value).__name__}()"
        elif isinstance(value, frozenset):
            brackets = ("frozenset({", "})")
        else:
            brackets = ("{", "}")
    if more:
        parts.append("...")
    return brackets[0] + ", ".join(parts) + brackets[1]


def shown(value: object) -> str:
    """``repr(value)`` for a message: a long one cut in the middle, never an error.

    Example:
        >>> from cadencekit.errors import shown
        >>> shown("x" * 1000)[:12], len(shown("x" * 1000)) < 250
        ("'xxxxxxxxxxx", True)
        >>> shown(10**5000)
        '<an integer of about 5001 digits>'
    """
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**_SHOWN_LIMIT:
        digits = len(str(abs(value))) if abs(value).bit_length() < 13_000 else None
        if digits is None:  # past the limit on converting ints to text
            return f"<an integer of about {int(abs(value).bit_length() * 0.30103) + 1} digits>"
        return f"<an integer of {digits} digits>"
    try:
        # Containers through reprlib: a deep or shared document (a dict that
        # holds itself three times at every level) must not cost 3**depth.
        text = _bounded(value, 0) if isinstance(value, _CONTAINERS) else repr(value)
    except Exception:
        text = f"<{type(value).__name__} object>"
    if len(text) > _SHOWN_LIMIT:
        text = f"{text[: _SHOWN_LIMIT - 40]}...{text[-20:]} ({len(text):,} characters)"
    return text


def capped(text: str, limit: int = _MESSAGE_LIMIT) -> str:
    """``text``, or its start and its length when longer than ``limit``.

    Example:
        >>> capped("abcdef" * 10, 30)
        'abcdefabcdefa… (60 characters)'
    """
    if len(text) <= limit:
        return text
    tail = f"… ({len(text):,} characters)"
    return text[: max(limit - len(tail), 0)] + tail


class WeekmaskError(InvalidFieldError):
    """A weekmask that is not seven days, names an unknown day or opens none.

    Example:
        >>> import cadencekit as ck
        >>> try:
        ...     ck.BusinessCalendar(weekmask="0000000")
        ... except ck.WeekmaskError as error:
        ...     print(error)
        weekmask '0000000': no day of the week is open; open at least one day
    """


class UnknownRegionError(InvalidFieldError):
    """A country, subdivision or holiday category the ``holidays`` package lacks.

    Example:
        >>> import cadencekit as ck
        >>> try:
        ...     ck.BusinessCalendar(country="US", subdiv="ZZ")
        ... except ck.UnknownRegionError as error:
        ...     print(error.field)
        subdiv
    """


class SendWindowError(InvalidFieldError):
    """A send window whose start is not before its end, or a bad time.

    Example:
        >>> import cadencekit as ck
        >>> from datetime import time
        >>> try:
        ...     ck.SendWindow(time(17), time(9))
        ... except ck.SendWindowError as error:
        ...     print(error)
        end datetime.time(9, 0): must be after start 17:00; a window opens and closes on the same day
    """


class DateRangeError(InvalidFieldError):
    """Date arithmetic that would leave the years Python can represent (1-9999).

    Example:
        >>> import cadencekit as ck
        >>> from datetime import date
        >>> try:
        ...     ck.BusinessCalendar().add_business_days(date(9999, 12, 1), 100)
        ... except ck.DateRangeError as error:
        ...     print(error.field)
        n
    """


class SchemaError(InvalidFieldError):
    """A ``from_dict`` input with a wrong type, a missing key or a bad value.

    ``field`` is the path inside the input, like ``touchpoints[1].day``.

    Example:
        >>> import cadencekit as ck
        >>> try:
        ...     ck.SendWindow.from_dict({"version": 1, "start": "09:00"})
        ... except ck.SchemaError as error:
        ...     print(error)
        end <missing>: required key is missing; expected a time like '17:00'
    """


class CheckedEnum:
    """Mixin for cadencekit's enums: an unknown value raises :class:`InvalidFieldError`.

    ``Channel("fax")`` then says which values there are, and is still a
    ``ValueError`` as the standard enum's error is. The field is the enum's
    name in snake case (``event_kind``).

    Example:
        >>> import cadencekit as ck
        >>> try:
        ...     ck.Channel("fax")
        ... except ck.InvalidFieldError as error:
        ...     print(error)
        channel 'fax': expected one of 'email', 'call', 'voicemail', 'linkedin', 'sms', 'meeting', 'task', 'linkedin_connect', 'linkedin_message', 'linkedin_inmail', 'linkedin_visit', 'whatsapp', or 'custom:<name>' for a team's own channel
    """

    @classmethod
    def _missing_(cls, value: object) -> object:
        field = "".join(f"_{c.lower()}" if c.isupper() else c for c in cls.__name__).lstrip("_")
        accepted = ", ".join(repr(member.value) for member in cls)  # type: ignore[attr-defined]
        raise InvalidFieldError(field, value, f"expected one of {accepted}")


class MissingFieldError(CadenceError):
    """A template uses merge fields that were not given, all named at once.

    A field counts as not given when it is absent, None or blank text.

    Example:
        >>> import cadencekit as ck
        >>> error = ck.MissingFieldError(["company", "first_name"])
        >>> error.fields
        ('company', 'first_name')
    """

    def __init__(self, fields: Iterable[str]) -> None:
        names = tuple(sorted(set(fields)))
        self.fields = names
        listed = ", ".join(names)
        noun = "field" if len(names) == 1 else "fields"
        super().__init__(
            f"{noun} {capped(listed, _MESSAGE_LIMIT - 200)}: no value given (absent, None or "
            "blank); pass them, give a fallback like {{ company | your team }}, or render with "
            "strict=False"
        )
