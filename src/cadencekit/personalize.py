"""Merge fields: ``{{ first_name }}`` and ``{{ company | your team }}``, filled in safely.

A template is text with merge fields in double braces. A field is a name
(ASCII letters, digits and underscores, not starting with a digit), with an
optional fallback after a ``|`` that is used when the value is missing.
Only names are substituted: double braces that do not form a merge field
are refused by a strict render (and kept as written otherwise), and nothing
in a template can reach an attribute, an item, a call or a format spec,
whatever it says. Values go in as text and are never read
as a template themselves.

Example:
    >>> from cadencekit import fields_in, render
    >>> template = "Hi {{ first_name }}, a question about {{ company | your team }}"
    >>> render(template, {"first_name": "Ada"})
    'Hi Ada, a question about your team'
    >>> sorted(fields_in(template))
    ['company', 'first_name']
    >>> render("{{ x.__class__ }} and {0.__globals__} stay as written", {"x": 1}, strict=False)
    '{{ x.__class__ }} and {0.__globals__} stay as written'
"""

from __future__ import annotations

import html
import math
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Final, Literal, TypeAlias

from ._convert import to_flag
from .errors import InvalidFieldError, MissingFieldError

__all__ = ["Escape", "fields_in", "malformed_fields", "render"]

Escape: TypeAlias = Literal["html"] | Callable[[str], str] | None
"""How inserted values are escaped: ``None`` (as is), ``"html"`` or a function of the text."""

_FIELD: Final = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\|([^{}|]*))?\}\}")

# A parsed template: the literal texts around the fields (one more than the
# fields), each field's (name, fallback or None), and the malformed tags
# (braces that make no field: ``{{ first-name }}``, ``{{ x | {{ y }} }}``).
_Parsed: TypeAlias = tuple[tuple[str, ...], tuple[tuple[str, str | None], ...], tuple[str, ...]]

_BRACES: Final = re.compile(r"\{\{|\}\}")
_CACHE_BYTES: Final = 8 * 1024 * 1024
"""Bytes of template text the parse cache holds at most (about 3x that in memory)."""
_CACHE_ENTRIES: Final = 2048
_cache: OrderedDict[str, _Parsed] = OrderedDict()
_cache_lock: Final = threading.Lock()
_cached_bytes = 0


def _parse(template: str) -> _Parsed:
    """The parsed template, from a cache bounded by count and by size."""
    global _cached_bytes
    with _cache_lock:
        found = _cache.get(template)
        if found is not None:
            _cache.move_to_end(template)
            return found
    parsed = _parse_text(template)
    size = len(template)
    if size * 8 > _CACHE_BYTES:  # a huge template is parsed each time, never kept
        return parsed
    with _cache_lock:
        if template not in _cache:
            _cache[template] = parsed
            _cached_bytes += size
            while len(_cache) > _CACHE_ENTRIES or _cached_bytes > _CACHE_BYTES:
                dropped, _ = _cache.popitem(last=False)
                _cached_bytes -= len(dropped)
    return parsed


def _parse_text(template: str) -> _Parsed:
    literals: list[str] = []
    fields: list[tuple[str, str | None]] = []
    bad: list[str] = []
    position = 0
    for match in _FIELD.finditer(template):
        literal = template[position : match.start()]
        literals.append(literal)
        _malformed(literal, bad)
        fallback = match.group(2)
        fields.append((match.group(1), fallback.strip() if fallback is not None else None))
        position = match.end()
    literals.append(template[position:])
    _malformed(literals[-1], bad)
    return tuple(literals), tuple(fields), tuple(bad)


def _malformed(literal: str, bad: list[str]) -> None:
    """Note the tags in text between fields: each ``{{ ... }}`` there makes no field."""
    position = 0
    while len(bad) < 5:
        match = _BRACES.search(literal, position)
        if match is None:
            return
        if match.group() == "{{":
            close = literal.find("}}", match.end())
            end = close + 2 if close >= 0 else min(match.end() + 30, len(literal))
            bad.append(literal[match.start() : end].strip())
        else:  # a closing pair with no opening one
            end = match.end()
            bad.append(literal[max(match.start() - 30, 0) : end].strip())
        position = end


def malformed_fields(template: str) -> list[str]:
    """The braces in a template that make no merge field (at most five, in order).

    ``{{ first-name }}``, ``{{ first name }}`` or ``{{ x | {{ y }} }}`` are
    not fields: a strict :func:`render` refuses them, and lint flags them,
    rather than send the raw braces to a prospect.

    Example:
        >>> malformed_fields("Hi {{ first-name }}, {{ company }}")
        ['{{ first-name }}']
        >>> malformed_fields("Hi {{ first_name | there }}")
        []
    """
    return list(_parse(_template(template, "template"))[2])


_LINE_BREAKS: Final = re.compile("[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


class _Shown:
    """A value as an error message shows it, without running the value's own code."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


def _kind(value: object) -> _Shown:
    return _Shown(f"<{type(value).__name__}>")


def _template(value: object, field: str) -> str:
    if not isinstance(value, str):
        raise InvalidFieldError(field, _kind(value), "expected a template (text)")
    return value


def _fields(value: object) -> Mapping[object, object]:
    if not isinstance(value, Mapping):
        raise InvalidFieldError(
            "fields",
            _kind(value),
            "expected a mapping of field names to values, like {'first_name': 'Ada'}",
        )
    return value


def _escaper(escape: object) -> Callable[[str], str] | None:
    if escape is None:
        return None
    if isinstance(escape, str):
        if escape == "html":
            return html.escape
    elif callable(escape):
        return escape
    raise InvalidFieldError(
        "escape", escape, "expected None, 'html' or a function taking and returning text"
    )


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


_EXPECTED_VALUE: Final = (
    "expected text or a number (str, int, float, Decimal); format dates, money "
    "and other values as text before rendering"
)


def _text(name: str, value: object) -> str:
    """The text of a value, by the built-in conversions only (a subclass's own code never runs)."""
    field = f"fields[{name!r}]"
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, bool):
        raise InvalidFieldError(field, bool(value), _EXPECTED_VALUE)
    if isinstance(value, int):
        try:
            return int.__repr__(value)
        except ValueError:  # more digits than Python converts to text
            raise InvalidFieldError(
                field, _kind(value), "expected a number short enough to write (up to 4300 digits)"
            ) from None
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidFieldError(
                field, _Shown(float.__repr__(value)), "expected a finite number"
            )
        return float.__repr__(value)
    if isinstance(value, Decimal):
        if not Decimal.is_finite(value):
            raise InvalidFieldError(
                field, _Shown(f"Decimal({Decimal.__str__(value)!r})"), "expected a finite number"
            )
        return Decimal.__str__(value)
    raise InvalidFieldError(field, _kind(value), _EXPECTED_VALUE)


def _escaped(text: str, escape: Callable[[str], str] | None, name: str) -> str:
    if escape is None:
        return text
    result = escape(text)
    if not isinstance(result, str):
        raise InvalidFieldError(
            "escape", _kind(result), f"returned a non-text value for field {name!r}"
        )
    return result


def _fill(
    template: str,
    fields: Mapping[object, object],
    escape: Callable[[str], str] | None,
    missing: set[str],
    *,
    strict: bool,
    field: str = "template",
    header: bool = False,
) -> str:
    literals, slots, bad = _parse(template)
    if bad and strict:
        raise InvalidFieldError(
            field,
            bad[0],
            "is not a merge field; write {{ name }} or {{ name | fallback }} with letters, "
            "digits and _ (or render with strict=False to keep such text as it is)",
        )
    if not slots:
        return template
    out = [literals[0]]
    for index, (name, fallback) in enumerate(slots):
        value = fields.get(name)
        if _is_missing(value):
            if fallback is None:
                missing.add(name)
                text = ""
            else:
                text = _escaped(fallback, escape, name)
        else:
            text = _escaped(_text(name, value), escape, name)
        if header and _LINE_BREAKS.search(text):
            raise InvalidFieldError(
                f"fields[{name!r}]",
                _Shown(repr(text)[:80]),
                "a subject is one line; remove the line break (it would start a new mail header)",
            )
        out.append(text)
        out.append(literals[index + 1])
    return "".join(out)


def render(
    template: str,
    fields: Mapping[str, object],
    *,
    strict: bool = True,
    escape: Escape = None,
) -> str:
    """Fill a template's merge fields from ``fields``.

    Args:
        template: text with ``{{ name }}`` and ``{{ name | fallback }}`` fields.
        fields: the values by field name (a prospect's CRM record).
        strict: when True (the default), a field that is missing and has no
            fallback raises :class:`~cadencekit.MissingFieldError` naming
            every such field at once, and braces that make no field
            (``{{ first-name }}``) raise :class:`~cadencekit.InvalidFieldError`;
            when False a missing field renders as empty text and such braces
            stay as they are. Only ``True`` or ``False``.
        escape: ``None`` inserts values as they are; ``"html"`` escapes
            them (and fallbacks) for an HTML body; a function of the text
            escapes them your way. The template's own text is never escaped.

    Returns:
        The rendered text.

    Raises:
        MissingFieldError: in strict mode, for the fields with no value.
        InvalidFieldError: for a value that is not text or a number, a bad
            ``escape``, or a template or ``fields`` of the wrong type.

    A value counts as missing when the name is absent, the value is None or
    it is blank text (``""`` or spaces): "Hi ," is the mistake merge fields
    are meant to prevent. Text goes in as given; ``int``, ``float`` and
    ``Decimal`` as Python writes them (``1234.5``); booleans, dates and other
    objects are refused, so format them first. An inserted value is never
    read as a template, so a value holding ``{{ x }}`` shows exactly that.

    Example:
        >>> render("Hi {{ first_name | there }}!", {"first_name": ""})
        'Hi there!'
        >>> render("<p>{{ company }}</p>", {"company": "Smith & Sons"}, escape="html")
        '<p>Smith &amp; Sons</p>'
        >>> render("{{ first_name }} at {{ company }}", {})
        Traceback (most recent call last):
        ...
        cadencekit.errors.MissingFieldError: fields company, first_name: no value given (absent, None or blank); pass them, give a fallback like {{ company | your team }}, or render with strict=False
    """
    text = _template(template, "template")
    values = _fields(fields)
    escaper = _escaper(escape)
    strict = to_flag(strict, "strict")
    missing: set[str] = set()
    result = _fill(text, values, escaper, missing, strict=strict)
    if missing and strict:
        raise MissingFieldError(missing)
    return result


def render_all(
    templates: Iterable[str | None],
    fields: Mapping[str, object],
    *,
    strict: bool,
    escapes: Iterable[Escape],
    names: Iterable[str],
    headers: Iterable[bool],
) -> tuple[str | None, ...]:
    """Render several templates (None stays None), raising once for every missing field.

    ``names`` name each template in errors; a template whose ``headers``
    flag is set is one line (a subject): a value with a line break is refused.
    """
    values = _fields(fields)
    strict = to_flag(strict, "strict")
    missing: set[str] = set()
    results = tuple(
        None
        if template is None
        else _fill(
            _template(template, name),
            values,
            _escaper(escape),
            missing,
            strict=strict,
            field=name,
            header=header,
        )
        for template, escape, name, header in zip(templates, escapes, names, headers, strict=True)
    )
    if missing and strict:
        raise MissingFieldError(missing)
    return results


def fields_in(template: str) -> set[str]:
    """The names of the merge fields a template uses.

    Fields with a fallback count too: they are still filled when given.

    Example:
        >>> sorted(fields_in("{{ first_name }}, {{ company | your team }} and {{ first_name }}"))
        ['company', 'first_name']
        >>> fields_in("{{ x.y }} {0} {{ 1st }}")
        set()
    """
    return {name for name, _ in _parse(_template(template, "template"))[1]}
