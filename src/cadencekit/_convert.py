"""Path-aware parsing behind every ``from_dict`` and every argument converter.

Values are parsed once, at the edge, into canonical types; every failure is a
:class:`~cadencekit.errors.CadenceError` naming the field (for dicts, the
path inside the input, like ``touchpoints[1].day``), the value and what
would be accepted.
"""

from __future__ import annotations

import enum
import functools
import itertools
import operator
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, Final, TypeAlias, TypeVar

from ._frozen import FrozenMap
from .errors import InvalidFieldError, SchemaError

if TYPE_CHECKING:
    import attrs

E = TypeVar("E", bound=enum.Enum)
T = TypeVar("T")

SCHEMA_VERSION: Final = 1


class _Missing:
    """The value shown in messages for a key that is not there."""

    def __repr__(self) -> str:
        return "<missing>"


MISSING: Final = _Missing()


# --- argument converters: canonical types from what users pass -------------


def to_date(value: object, field: str) -> date:
    """A ``date`` from a date or an ISO 8601 string; datetimes are refused.

    A datetime is refused rather than truncated: its date depends on the zone
    it is read in, which only the caller knows.
    """
    if type(value) is date:
        return value
    if isinstance(value, datetime):
        raise InvalidFieldError(
            field,
            value,
            "expected a date, got a datetime; pass .date() in the zone you mean",
        )
    if isinstance(value, date):  # a date subclass
        return date(value.year, value.month, value.day)
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise InvalidFieldError(field, value, "expected a date or an ISO date like '2026-11-27'")


def to_time(value: object, field: str) -> time:
    """A naive wall-clock ``time`` from a time or a string like ``'09:30'``."""
    parsed: time | None = None
    if isinstance(value, time):
        parsed = value
    elif isinstance(value, str):
        try:
            parsed = time.fromisoformat(value.strip())
        except ValueError:
            parsed = None
    if parsed is None:
        raise InvalidFieldError(field, value, "expected a time like '09:00' or datetime.time(9)")
    if parsed.tzinfo is not None:
        raise InvalidFieldError(
            field, value, "expected a wall-clock time without a zone; the zone is the prospect's"
        )
    return parsed


def to_aware_datetime(value: object, field: str) -> datetime:
    """A tz-aware ``datetime`` from a datetime or an ISO 8601 string with an offset."""
    parsed: datetime | None = None
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str):
        try:  # what isoformat() writes, offsets with seconds included
            parsed = datetime.fromisoformat(value)
        except ValueError:
            try:  # the rest of ISO 8601 (week dates, basic format)
                from dateutil.parser import isoparse  # on first use: 10 ms to import

                parsed = isoparse(value)
            except (ValueError, OverflowError):
                parsed = None
    if parsed is None:
        raise InvalidFieldError(
            field,
            value,
            "expected a datetime or an ISO 8601 string like '2026-11-27T09:00:00-05:00'",
        )
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise InvalidFieldError(
            field, value, "expected a tz-aware datetime; attach the zone it happened in"
        )
    return parsed


def to_timedelta(value: object, field: str, longest: timedelta = timedelta(days=1)) -> timedelta:
    """A ``timedelta`` from zero to ``longest``, from a timedelta or a number of minutes."""
    limit = f"{longest.days} day{'s' if longest.days != 1 else ''}"
    if isinstance(value, timedelta):
        result = value
    elif isinstance(value, int) and not isinstance(value, bool):
        if not 0 <= value <= longest / timedelta(minutes=1):
            raise InvalidFieldError(field, value, f"expected zero to {limit} in minutes")
        result = timedelta(minutes=value)
    else:
        raise InvalidFieldError(field, value, "expected a timedelta or a whole number of minutes")
    if result < timedelta(0):
        raise InvalidFieldError(field, value, "expected zero or more")
    if result > longest:
        raise InvalidFieldError(field, value, f"expected at most {limit}")
    return result


def to_flag(value: object, field: str) -> bool:
    """``True`` or ``False`` only: ``"no"``, ``0`` or ``None`` are refused, not read as truth.

    numpy booleans count as booleans.
    """
    if isinstance(value, bool):
        return value
    kind = type(value)
    if kind.__module__ == "numpy" and kind.__name__ in ("bool_", "bool"):  # numpy 1 and 2
        item = getattr(value, "item", lambda: None)()
        if isinstance(item, bool):
            return item
    raise InvalidFieldError(field, value, "expected True or False")


def to_whole(value: object, field: str, expected: str = "expected a whole number") -> int:
    """An ``int`` from an int, a numpy integer or a whole float like ``3.0``.

    pandas turns an integer column with a gap into floats, so ``3.0`` is read
    as 3; ``3.5``, booleans and text are refused with ``expected``.
    """
    if type(value) is int:
        return value
    if not isinstance(value, bool):
        try:
            return operator.index(value)  # type: ignore[arg-type]  # numpy integers
        except TypeError:
            pass
        if isinstance(value, float) or type(value).__module__ == "numpy":
            try:
                number = float(value)  # type: ignore[arg-type]
            except (TypeError, ValueError):
                number = 0.5
            if number.is_integer():
                return int(number)
    raise InvalidFieldError(field, value, expected)


def to_text(value: object, field: str) -> str:
    """A non-blank string, kept as given."""
    if isinstance(value, str) and value.strip():
        return value
    raise InvalidFieldError(field, value, "expected a non-empty string")


def to_optional_text(value: object, field: str) -> str | None:
    """None, or a non-blank string kept as given."""
    if value is None:
        return None
    if isinstance(value, str) and value.strip():
        return value
    raise InvalidFieldError(field, value, "expected None or a non-empty string")


NO_FACTS: Final[FrozenMap[str, str]] = FrozenMap()


# What a table of rows may be, for read_events and start_many alike.
ROWS_ACCEPTED: Final = (
    "expected rows: a csv.DictReader, a list of dicts, a pandas DataFrame,"
    " CSV text (a str, header first) or a text stream (an open file, io.StringIO)"
)
ROWS_NOT_BYTES: Final = 'expected text, not bytes: decode it first, e.g. data.decode("utf-8-sig")'


def is_frame(rows: object) -> bool:
    """Whether ``rows`` is a pandas DataFrame, known without importing pandas.

    Example:
        >>> is_frame([{"prospect": "ada"}])
        False
    """
    kind = type(rows)
    return kind.__module__.startswith("pandas") and kind.__name__ == "DataFrame"


def missing_cell(value: object) -> bool:
    """Whether a table's cell is empty: None, blank text, or pandas' NaN, NaT or NA.

    The one statement of an empty cell, for ``read_events`` and ``start_many``.

    Example:
        >>> missing_cell(" "), missing_cell(float("nan")), missing_cell("ada")
        (True, True, False)
    """
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    try:
        return bool(value != value)  # NaN and NaT are not equal to themselves
    except (TypeError, ValueError):  # pandas.NA refuses to be a bool
        return True


def fact_missing(facts: Mapping[str, str], name: str) -> bool:
    """Whether the prospect lacks fact ``name``: absent, or blank text (an empty CRM cell).

    The one statement of "missing", for ``Missing()`` in a rule and a step's
    ``requires``.

    Example:
        >>> fact_missing({"phone": "  "}, "phone"), fact_missing({"phone": "+1"}, "phone")
        (True, False)
    """
    value = facts.get(name)
    return value is None or not value.strip()


def to_facts(value: object, field: str) -> FrozenMap[str, str]:
    """A prospect's facts: a read-only mapping of non-blank names to text.

    None is no facts. A name is text that is not blank; a value is text
    (a blank one is kept: an empty cell is a fact too, "no phone").

    Example:
        >>> dict(to_facts({"company": "Acme"}, "facts"))
        {'company': 'Acme'}
        >>> to_facts({"employees": 250}, "facts")
        Traceback (most recent call last):
        ...
        cadencekit.errors.InvalidFieldError: facts['employees'] 250: expected text; write numbers and dates as text ('250')
    """
    if value is None:
        return NO_FACTS
    kind = type(value)
    if kind is dict or kind is FrozenMap:  # the common case, checked without the ABCs
        pairs = list(value.items())  # type: ignore[attr-defined]
        if all(type(k) is str and type(v) is str and k.strip() for k, v in pairs):
            if not pairs:
                return NO_FACTS
            return value if kind is FrozenMap else FrozenMap(dict(pairs))  # type: ignore[return-value]
    if not isinstance(value, Mapping):
        raise InvalidFieldError(
            field, value, "expected a mapping of name to text, like {'company': 'Acme'}"
        )
    for key, item in value.items():
        if not isinstance(key, str) or not key.strip():
            raise InvalidFieldError(field, key, "expected each name as non-blank text")
        if not isinstance(item, str):
            raise InvalidFieldError(
                f"{field}[{key!r}]",
                item,
                f"expected text; write numbers and dates as text ({str(item)!r})",
            )
    if not value:
        return NO_FACTS
    return FrozenMap({str(k): str(v) for k, v in value.items()})


def to_members(enum_type: type[E], value: object, field: str) -> frozenset[E] | None:
    """None (every member), or a set of members from one value or an iterable of them.

    Example:
        >>> from cadencekit import Channel
        >>> sorted(to_members(Channel, ["call", "linkedin"], "channels"))
        [<Channel.CALL: 'call'>, <Channel.LINKEDIN: 'linkedin'>]
        >>> to_members(Channel, "call", "channels")
        frozenset({<Channel.CALL: 'call'>})
    """
    if value is None:
        return None
    if isinstance(value, str | enum.Enum) or not isinstance(value, Iterable):
        return frozenset({to_enum(enum_type, value, field)})
    if isinstance(value, Mapping):
        raise InvalidFieldError(field, value, f"expected a {enum_type.__name__} or a list of them")
    return frozenset(
        to_enum(enum_type, item, f"{field}[{index}]") for index, item in enumerate(value)
    )


def prospect_key(prospect: str) -> str:
    """What two prospect ids share when they are one person: an email in any case.

    An id holding an ``@`` is an email address, compared case-insensitively
    (a CRM writes ``Ada@Acme.com``, an export ``ada@acme.com``); any other
    id (a CRM's record id) is compared as it is written.

    Example:
        >>> prospect_key("Ada@Acme.COM") == prospect_key("ada@acme.com")
        True
        >>> prospect_key("CRM-0012") == prospect_key("crm-0012")
        False
    """
    return prospect.strip().casefold() if "@" in prospect else prospect


def to_list(value: object, item_type: type[T], field: str) -> list[T]:
    """A list of ``item_type`` values from any iterable but a string or mapping.

    A wrong item is named by its index (``events[3]``).

    Example:
        >>> to_list((1, "2"), int, "days")
        Traceback (most recent call last):
        ...
        cadencekit.errors.InvalidFieldError: days[1] '2': expected an int
    """
    name = item_type.__name__
    kind = type(value)
    if (
        kind is list
        or kind is tuple
        or (isinstance(value, Iterable) and not isinstance(value, str | bytes | Mapping))
    ):
        items: list[Any] = list(value)  # type: ignore[call-overload]  # an iterable, checked
        if all(map(isinstance, items, itertools.repeat(item_type))):  # the usual case, in C
            return items
        for index, item in enumerate(items):
            if not isinstance(item, item_type):
                article = "an" if name[0] in "AEIOUaeiou" else "a"
                raise InvalidFieldError(f"{field}[{index}]", item, f"expected {article} {name}")
        return items
    raise InvalidFieldError(field, value, f"expected a sequence of {name} values")


def to_pairs(value: object, enum_type: type[E], field: str, like: str) -> list[tuple[E, object]]:
    """The ``(member, value)`` pairs of a mapping keyed by ``enum_type``, each member once.

    ``value`` is a mapping or a sequence of ``(key, value)`` pairs (the form
    a converted value is kept in, so it converts again). A key is read as
    :func:`to_enum` reads it; a member given twice (``{"email": 1, "EMAIL":
    2}``) is refused, since which one was meant is not known. ``like`` is an
    accepted mapping, shown when ``value`` is none. Name a value's error by
    its key, as ``f"{field}[{member.value!r}]"``.

    Example:
        >>> to_pairs((("a", 1), ("b", 2)), enum.Enum("Letter", {"A": "a", "B": "b"}), "letters", "{'a': 1}")
        [(<Letter.A: 'a'>, 1), (<Letter.B: 'b'>, 2)]
        >>> to_pairs({"a": 1, " A": 2}, enum.Enum("Letter", {"A": "a"}), "letters", "{'a': 1}")
        Traceback (most recent call last):
        ...
        cadencekit.errors.InvalidFieldError: letters ' A': names 'a' twice
    """
    if isinstance(value, Mapping):
        items = list(value.items())
    elif isinstance(value, Iterable) and not isinstance(value, str | bytes):
        items = list(value)
        if not all(isinstance(item, tuple) and len(item) == 2 for item in items):
            raise InvalidFieldError(field, value, f"expected a mapping like {like}")
    else:
        raise InvalidFieldError(field, value, f"expected a mapping like {like}")
    pairs: dict[E, object] = {}
    for key, given in items:
        member = to_enum(enum_type, key, field)
        if member in pairs:
            raise InvalidFieldError(field, key, f"names {member.value!r} twice")
        pairs[member] = given
    return list(pairs.items())


FieldTransformer: TypeAlias = (
    "Callable[[type, list[attrs.Attribute[Any]]], list[attrs.Attribute[Any]]]"
)


def field_names(*converters: Callable[..., object]) -> FieldTransformer:
    """An attrs ``field_transformer`` telling each of ``converters`` the field it converts.

    One converter ``check(value, field="...")`` then serves every field of a
    class that converts alike (eight chances, five limits), and its error
    still names the field the value was given for.

    Example:
        >>> import attrs
        >>> def count(value: object, field: str = "count") -> int:
        ...     return to_whole(value, field)
        >>> @attrs.frozen(field_transformer=field_names(count))
        ... class Limits:
        ...     calls: int = attrs.field(converter=count)
        ...     emails: int = attrs.field(converter=count)
        >>> Limits(3, "x")
        Traceback (most recent call last):
        ...
        cadencekit.errors.InvalidFieldError: emails 'x': expected a whole number
    """
    known: dict[object, Callable[..., object]] = {check: check for check in converters}

    def transform(cls: type, fields: list[attrs.Attribute[Any]]) -> list[attrs.Attribute[Any]]:
        named = []
        for field in fields:
            check = known.get(field.converter)
            if check is not None:
                field = field.evolve(converter=functools.partial(check, field=field.name))
            named.append(field)
        return named

    return transform


def to_enum(enum_type: type[E], value: object, field: str) -> E:
    """A member of ``enum_type`` from a member, its value or its name."""
    if isinstance(value, enum_type):
        return value
    if isinstance(value, str):
        text = value.strip()
        for member in enum_type:
            if text.lower() == str(member.value).lower() or text.upper() == member.name:
                return member
    custom = getattr(enum_type, "_read_custom", None)  # an enum that takes values it does not list
    if custom is not None:
        found = custom(value, field)
        if found is not None:
            return found  # type: ignore[no-any-return]
    accepted = ", ".join(repr(member.value) for member in enum_type)
    if custom is not None:
        accepted += ", or 'custom:<name>' for a team's own channel"
    raise InvalidFieldError(field, value, f"expected one of {accepted}")


# --- dict readers -------------------------------------------------------------


class Reader:
    """Reads one mapping of a ``to_dict`` payload, knowing its path.

    Example:
        >>> r = Reader({"version": 1, "day": "x"}, "touchpoints[1]")
        >>> r.integer("day")
        Traceback (most recent call last):
        ...
        cadencekit.errors.SchemaError: touchpoints[1].day 'x': expected a whole number
    """

    __slots__ = ("data", "path", "seen")

    def __init__(self, data: object, path: str = "") -> None:
        if not isinstance(data, Mapping):
            raise SchemaError(path or "<root>", data, "expected a mapping (a dict)")
        self.data: Mapping[str, object] = data
        self.path = path
        self.seen: set[str] = {"version"}

    def done(self) -> None:
        """Refuse keys nothing read: a misspelled ``"timezone"`` is an error, not UTC.

        Call it after reading every key the format has (optional ones
        included); the message lists the keys that were read.

        Example:
            >>> r = Reader({"version": 1, "timezone": "UTC"})
            >>> r.raw("tz", "expected a zone", "UTC")
            'UTC'
            >>> r.done()
            Traceback (most recent call last):
            ...
            cadencekit.errors.SchemaError: timezone 'UTC': unknown key; expected one of 'tz', 'version'
        """
        for key in self.data:
            if key not in self.seen:
                accepted = ", ".join(repr(name) for name in sorted(self.seen))
                field = (
                    self.at(key) if isinstance(key, str) else f"{self.path or '<root>'}[{key!r}]"
                )
                raise SchemaError(field, self.data[key], f"unknown key; expected one of {accepted}")

    def at(self, key: str) -> str:
        """The path of ``key`` inside this mapping."""
        return f"{self.path}.{key}" if self.path else key

    def version(self, supported: int = SCHEMA_VERSION) -> None:
        """Check the ``version`` key (absent is read as the current version)."""
        value = self.data.get("version", supported)
        if type(value) is not int or not 1 <= value <= supported:
            raise SchemaError(
                self.at("version"), value, f"expected a format version 1..{supported}"
            )

    def has(self, key: str) -> bool:
        """Whether ``key`` is present and not None."""
        self.seen.add(key)
        return self.data.get(key) is not None

    def raw(self, key: str, expected: str, default: object = MISSING) -> object:
        """The value at ``key``, or ``default``; a missing required key raises."""
        self.seen.add(key)
        if key in self.data:
            return self.data[key]
        if default is MISSING:
            raise SchemaError(self.at(key), MISSING, f"required key is missing; {expected}")
        return default

    def _convert(self, key: str, expected: str, convert: object, default: object) -> object:
        value = self.raw(key, f"expected {expected}", default)
        if value is None and default is None:
            return None
        try:
            return convert(value, self.at(key))  # type: ignore[operator]
        except InvalidFieldError as error:
            raise SchemaError(self.at(key), value, error.expected) from None

    def build(self, make: Callable[[], T]) -> T:
        """Run ``make`` (a constructor call reading the keys), then refuse unread keys.

        A field error becomes a SchemaError at this reader's path; a key
        nothing read (a misspelling) is refused by :meth:`done`.
        """
        try:
            built = make()
        except SchemaError:
            raise
        except InvalidFieldError as error:
            raise SchemaError(self.at(error.field), error.value, error.expected) from None
        self.done()
        return built

    def string(self, key: str, default: object = MISSING) -> str:
        """A string."""
        value = self.raw(key, "expected a string", default)
        if not isinstance(value, str):
            raise SchemaError(self.at(key), value, "expected a string")
        return value

    def optional_str(self, key: str) -> str | None:
        """A string or None (absent reads as None)."""
        value = self.raw(key, "expected a string or null", None)
        if value is not None and not isinstance(value, str):
            raise SchemaError(self.at(key), value, "expected a string or null")
        return value

    def integer(self, key: str, default: object = MISSING) -> int:
        """A whole number (booleans are refused)."""
        value = self.raw(key, "expected a whole number", default)
        if type(value) is not int:
            raise SchemaError(self.at(key), value, "expected a whole number")
        return value

    def whole(self, key: str, default: object = MISSING) -> int:
        """A whole number, also from a whole float like ``3.0`` (booleans are refused)."""
        value = self.raw(key, "expected a whole number", default)
        try:
            return to_whole(value, self.at(key))
        except InvalidFieldError as error:
            raise SchemaError(error.field, value, error.expected) from None

    def boolean(self, key: str, default: object = MISSING) -> bool:
        """``true`` or ``false``."""
        value = self.raw(key, "expected true or false", default)
        if not isinstance(value, bool):
            raise SchemaError(self.at(key), value, "expected true or false")
        return value

    def iso_time(self, key: str, default: object = MISSING) -> time:
        """An ISO time."""
        return self._convert(key, "a time like '17:00'", to_time, default)  # type: ignore[return-value]

    def iso_datetime(self, key: str, default: object = MISSING) -> datetime:
        """An ISO 8601 datetime with an offset."""
        return self._convert(  # type: ignore[return-value]
            key, "an ISO 8601 datetime with an offset", to_aware_datetime, default
        )

    def member(self, key: str, enum_type: type[E], default: object = MISSING) -> E:
        """A member of ``enum_type`` given by its value."""

        def convert(value: object, field: str) -> E:
            return to_enum(enum_type, value, field)

        return self._convert(key, f"a {enum_type.__name__} value", convert, default)  # type: ignore[return-value]

    def items(self, key: str, default: object = MISSING) -> list[tuple[str, object]]:
        """The items of a list, each with its path (``touchpoints[1]``)."""
        value = self.raw(key, "expected a list", default)
        if value is None:
            return []
        if not isinstance(value, list | tuple):
            raise SchemaError(self.at(key), value, "expected a list")
        return [(f"{self.at(key)}[{index}]", item) for index, item in enumerate(value)]

    def readers(self, key: str, default: object = MISSING) -> Iterator[Reader]:
        """A :class:`Reader` for each mapping in a list."""
        for path, item in self.items(key, default):
            yield Reader(item, path)

    def child(self, key: str, default: object = MISSING) -> Reader | None:
        """A :class:`Reader` for a nested mapping (None when absent and optional).

        A required key (no ``default``) holding ``null`` is a SchemaError, not None.
        """
        value = self.raw(key, "expected a mapping", default)
        if value is None:
            if default is MISSING:
                raise SchemaError(self.at(key), None, "expected a mapping, not null")
            return None
        return Reader(value, self.at(key))
