"""Reading replies: from what a prospect wrote to what the cadence should do.

:func:`read_reply` reads the text of a reply the way a person would: only
the new text (not the quoted thread, the signature or a legal footer), in
English, German, French or Spanish, and says what it is: a
:class:`ReplyLabel` (positive, no, maybe, out of office, other, opt-out,
referral, bounce), the day an out-of-office person is back, how sure it is,
and the phrases that decided it, with their place in the text. No network,
no model: the rules are phrase lists (:class:`Phrases`) a team can read,
extend and override, and a team's own classifier can be plugged in.

Example:
    >>> import cadencekit as ck
    >>> reading = ck.read_reply(
    ...     "Ich bin bis einschließlich 4. Januar nicht im Büro.",
    ...     received_at="2026-12-21T09:12:00+01:00", tz="Europe/Berlin",
    ...     calendar=ck.BusinessCalendar(country="DE"))
    >>> reading.label, reading.until
    (<ReplyLabel.OUT_OF_OFFICE: 'out_of_office'>, datetime.date(2027, 1, 5))
    >>> reading.to_event()
    Event('reply', '2026-12-21T09:12:00+01:00', response='out_of_office', until='2027-01-05')
"""

from __future__ import annotations

import enum
import functools
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, timedelta, tzinfo
from typing import Any, Final, TypeAlias
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs

from . import _phrases
from ._convert import to_aware_datetime, to_enum
from .calendar import BusinessCalendar
from .errors import CheckedEnum, DateRangeError, InvalidFieldError
from .events import Event, Response

__all__ = ["Evidence", "Phrases", "ReplyClassifier", "ReplyLabel", "ReplyReading", "read_reply"]


class ReplyLabel(CheckedEnum, enum.StrEnum):
    """What a reply is: the ``label`` of a :class:`ReplyReading`.

    Every :class:`~cadencekit.Response` is a label under the same name, its
    value taken from ``Response`` (one definition, so the two cannot drift
    apart), and two more: ``opt_out`` and ``bounce``, which
    :meth:`ReplyReading.to_event` turns into events of their own kinds. An
    unknown label is refused naming the accepted ones, as every cadencekit
    enum does.

    Example:
        >>> ReplyLabel("opt_out")
        <ReplyLabel.OPT_OUT: 'opt_out'>
        >>> ReplyLabel.MAYBE == Response.MAYBE == "maybe"
        True
        >>> ReplyLabel("spam")
        Traceback (most recent call last):
        ...
        cadencekit.errors.InvalidFieldError: reply_label 'spam': expected one of 'positive', 'no', 'maybe', 'out_of_office', 'other', 'referral', 'opt_out', 'bounce'
    """

    POSITIVE = Response.POSITIVE.value
    """:attr:`~cadencekit.Response.POSITIVE`: wants to talk, asks for a demo."""
    NO = Response.NO.value
    """:attr:`~cadencekit.Response.NO`: not interested."""
    MAYBE = Response.MAYBE.value
    """:attr:`~cadencekit.Response.MAYBE`: "ask me next quarter", "no thanks, maybe next year"."""
    OUT_OF_OFFICE = Response.OUT_OF_OFFICE.value
    """:attr:`~cadencekit.Response.OUT_OF_OFFICE`, back on the reading's ``until`` when it says so."""
    OTHER = Response.OTHER.value
    """:attr:`~cadencekit.Response.OTHER`: a question, a thank-you, anything the rules cannot place."""
    REFERRAL = Response.REFERRAL.value
    """:attr:`~cadencekit.Response.REFERRAL`: "I'm not the right person, ask our head of sales"."""
    OPT_OUT = "opt_out"
    """An explicit request to stop or to be removed: an ``opt_out`` event."""
    BOUNCE = "bounce"
    """A delivery-failure notice, the address does not work: a ``bounce`` event."""


# --- evidence and the reading ----------------------------------------------------


def _label(value: ReplyLabel | str) -> ReplyLabel:
    return to_enum(ReplyLabel, value, "label")


@attrs.frozen
class Evidence:
    """One phrase that was read, and where: ``text[start:end]`` of the reply.

    ``source`` is ``"rules"`` for a phrase of :class:`Phrases` and
    ``"classifier"`` for a team's classifier (whose span is the text it read).

    Example:
        >>> reading = read_reply("No thanks, maybe next year.",
        ...                      received_at="2026-12-01T10:00:00Z", tz="UTC")
        >>> [(e.label.value, e.phrase, e.start, e.end) for e in reading.evidence]
        [('no', 'no thanks', 0, 9), ('maybe', 'maybe', 11, 16), ('maybe', 'next year', 17, 26)]
    """

    label: ReplyLabel = attrs.field(converter=_label)
    phrase: str
    start: int
    end: int
    language: str | None = None
    source: str = "rules"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict.

        Example:
            >>> Evidence("no", "no thanks", 0, 9, "en").to_dict()["phrase"]
            'no thanks'
        """
        return {
            "label": self.label.value,
            "phrase": self.phrase,
            "start": self.start,
            "end": self.end,
            "language": self.language,
            "source": self.source,
        }


@attrs.frozen
class ReplyReading:
    """What :func:`read_reply` read in a reply.

    Attributes:
        label: what the reply is (a :class:`ReplyLabel`).
        until: for an out-of-office reply that gives a return date, the first
            local day the person is back (in the replier's zone, on the
            replier's business days); otherwise None.
        confidence: how sure the reading is, from 0 to 1. The rules give
            0.95 to an explicit opt-out or bounce, less when few or
            conflicting phrases decide; it is a ranking, not a calibrated
            probability.
        evidence: the phrases that were read, in order, with their place in
            the text: the reason for the label, line by line.
        received_at: when the reply arrived, in the replier's zone.
        language: the language the phrases were read in (the one asked
            for, else the one most phrases came from; None when none matched).
        referred_to: for a referral, the e-mail address named in the new
            text, if any (the host enrolls that person).
        source: ``"rules"``, or ``"classifier"`` when a team's classifier
            decided the label.

    Example:
        >>> reading = read_reply("Not the right person, try ana@fabrikam.com",
        ...                      received_at="2026-12-01T10:00:00Z", tz="UTC")
        >>> reading.label.value, reading.referred_to
        ('referral', 'ana@fabrikam.com')
    """

    label: ReplyLabel
    until: date | None
    confidence: float
    evidence: tuple[Evidence, ...]
    received_at: datetime
    language: str | None = None
    referred_to: str | None = None
    source: str = "rules"

    def to_event(
        self,
        *,
        step: int | None = None,
        id: str | None = None,
        at: datetime | str | None = None,
    ) -> Event:
        """The event to hand to ``Enrollment.apply``.

        An opt-out becomes an opt-out event and a bounce a bounce event (which
        needs the ``step`` whose email bounced); an out-of-office reply
        carries ``until``; every other label is a reply with that response
        (a referral is a ``Response.REFERRAL`` reply, which the default rules
        end with ``ExitReason.REFERRED``). ``at`` defaults to when the reply
        was received. The evidence stays on the reading: keep
        :meth:`to_dict` next to the event to show why.

        Example:
            >>> reading = read_reply("Please remove me from your list.",
            ...                      received_at="2026-12-01T10:00:00Z", tz="UTC")
            >>> reading.to_event(step=2)
            Event('opt_out', '2026-12-01T10:00:00+00:00', step=2)
        """
        moment = self.received_at if at is None else at
        label = self.label
        if label is ReplyLabel.OPT_OUT:
            return Event.opt_out(moment, step=step, id=id)
        if label is ReplyLabel.BOUNCE:
            if step is None:
                raise InvalidFieldError(
                    "step", None, "a bounce is about the step whose email bounced; pass step="
                )
            return Event.bounce(moment, step, id=id)
        if label is ReplyLabel.OUT_OF_OFFICE:
            return Event.out_of_office(moment, until=self.until, step=step, id=id)
        return Event.reply(moment, Response(label.value), step=step, id=id)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of the reading, evidence included.

        Example:
            >>> reading = read_reply("yes please", received_at="2026-12-01T10:00:00Z", tz="UTC")
            >>> reading.to_dict()["label"], reading.to_dict()["evidence"][0]["phrase"]
            ('positive', 'yes')
        """
        return {
            "version": 1,
            "label": self.label.value,
            "until": None if self.until is None else self.until.isoformat(),
            "confidence": self.confidence,
            "evidence": [e.to_dict() for e in self.evidence],
            "received_at": self.received_at.isoformat(),
            "language": self.language,
            "referred_to": self.referred_to,
            "source": self.source,
        }


ReplyClassifier: TypeAlias = Callable[[str], "tuple[ReplyLabel | str, float] | None"]
"""A team's own classifier: the new text of a reply -> ``(label, confidence)`` or None."""


# --- phrases -----------------------------------------------------------------------

_KINDS: Final = (*(label.value for label in ReplyLabel), "neutral")


def _language_code(value: object, field: str = "language") -> str:
    if isinstance(value, str) and re.fullmatch(r"[a-z]{2,3}", value.strip().lower()):
        return value.strip().lower()
    raise InvalidFieldError(field, value, "expected an ISO 639-1 language code like 'en' or 'de'")


def _phrase_kind(value: object) -> str:
    if isinstance(value, str) and value in _KINDS:
        return value
    if isinstance(value, ReplyLabel):
        return value.value
    raise InvalidFieldError("label", value, f"expected one of {', '.join(repr(k) for k in _KINDS)}")


_LONGEST_PHRASE: Final = 200
"""Characters a phrase may have: a phrase is a few words, and its length nests the pattern."""


def _phrase_list(value: object) -> tuple[str, ...]:
    """The phrases, read once (a generator is consumed here and nowhere else)."""
    items = [value] if isinstance(value, str) else value
    if isinstance(items, Iterable):
        phrases = tuple(items)
        if all(
            isinstance(p, str) and len(p) <= _LONGEST_PHRASE and _WORD.search(_fold(p))
            for p in phrases
        ):
            return phrases
    raise InvalidFieldError(
        "phrases",
        value,
        f"expected a phrase or a list of phrases, each with at least one word and at most "
        f"{_LONGEST_PHRASE} characters",
    )


def _table(value: object) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    if not isinstance(value, Mapping):
        raise InvalidFieldError(
            "table", value, "expected a mapping of language to a mapping of label to phrases"
        )
    rows = []
    for language, labels in value.items():
        code = _language_code(language)
        if not isinstance(labels, Mapping):
            raise InvalidFieldError(
                f"table[{code!r}]", labels, "expected a mapping of label to phrases"
            )
        for label, phrases in labels.items():
            rows.append((code, _phrase_kind(label), _phrase_list(phrases)))
    return tuple(sorted(rows))


@attrs.frozen(cache_hash=True)  # the key of the matcher cache: hashed once
class Phrases:
    """The phrase lists :func:`read_reply` reads with, per language and label.

    :meth:`default` holds cadencekit's lists for English, German, French and
    Spanish (``cadencekit/_phrases.py``: plain data, one tuple per label).
    :meth:`extend` adds a team's own phrases, :meth:`replace` swaps a list;
    both return a new value, so a team keeps its lists next to its code.
    Matching ignores case, accents and punctuation between words, and the
    longest phrase wins where two overlap. A ``neutral`` list is read and
    counts for nothing ("no problem" is not a "no").

    Example:
        >>> ours = Phrases.default().extend("en", "positive", ["ship it"])
        >>> read_reply("Ship it!", received_at="2026-12-01T10:00:00Z", tz="UTC",
        ...            phrases=ours).label
        <ReplyLabel.POSITIVE: 'positive'>
        >>> "ship it" in ours.get("en", "positive")
        True
    """

    table: tuple[tuple[str, str, tuple[str, ...]], ...] = attrs.field(converter=_table)

    @classmethod
    def default(cls) -> Phrases:
        """The lists cadencekit ships, for ``en``, ``de``, ``fr`` and ``es``.

        Example:
            >>> Phrases.default().languages
            ('de', 'en', 'es', 'fr')
        """
        return _default_phrases()

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages with at least one list.

        Example:
            >>> Phrases({"it": {"no": ["no grazie"]}}).languages
            ('it',)
        """
        return tuple(sorted({row[0] for row in self.table}))

    def get(self, language: str, label: ReplyLabel | str) -> tuple[str, ...]:
        """The phrases of one language and label (empty when there are none).

        Example:
            >>> "kein interesse" in Phrases.default().get("de", "no")
            True
        """
        code, kind = _language_code(language), _phrase_kind(label)
        for row in self.table:
            if row[0] == code and row[1] == kind:
                return row[2]
        return ()

    def extend(
        self, language: str, label: ReplyLabel | str, phrases: Iterable[str] | str
    ) -> Phrases:
        """A copy with ``phrases`` added to one language's list for ``label``.

        Example:
            >>> extra = Phrases.default().extend("fr", "opt_out", ["lâchez-moi"])
            >>> "lâchez-moi" in extra.get("fr", "opt_out")
            True
        """
        added = _phrase_list(phrases)
        return self.replace(language, label, (*self.get(language, label), *added))

    def replace(
        self, language: str, label: ReplyLabel | str, phrases: Iterable[str] | str
    ) -> Phrases:
        """A copy whose list for ``language`` and ``label`` is ``phrases`` (may be empty).

        Example:
            >>> quiet = Phrases.default().replace("en", "maybe", [])
            >>> quiet.get("en", "maybe")
            ()
        """
        code, kind = _language_code(language), _phrase_kind(label)
        listed = _phrase_list(phrases)
        new = tuple(row for row in self.table if not (row[0] == code and row[1] == kind))
        if listed:
            new = (*new, (code, kind, listed))
        data: dict[str, dict[str, tuple[str, ...]]] = {}
        for lang, label_name, items in new:
            data.setdefault(lang, {})[label_name] = items
        return Phrases(data)


@functools.cache
def _default_phrases() -> Phrases:
    return Phrases(_phrases.PHRASES)


# --- text helpers ------------------------------------------------------------------

# One character for one character, so positions in the folded text are
# positions in the reply: lower case (done first) and accents dropped.
_FOLD: Final = str.maketrans(
    "àáâãäåāçćčèéêëēėęìíîïīñńòóôõöøōùúûüūýÿžźż’‘`´",
    "aaaaaaaccceeeeeeeiiiiinnooooooouuuuuyyzzz''''",
)
_WORD: Final = re.compile(r"\w+")


def _fold(text: str) -> str:
    lowered = _lower(text)
    return lowered if lowered.isascii() else lowered.translate(_FOLD)


def _key(text: str) -> str:
    return " ".join(_WORD.findall(_fold(text)))


class _Matcher:
    """One compiled regular expression for a set of phrase lists."""

    __slots__ = ("meaning", "pattern")

    def __init__(self, rows: Iterable[tuple[str, str, tuple[str, ...]]]) -> None:
        self.meaning: dict[str, tuple[str, str, str]] = {}  # key -> (kind, phrase, language)
        for language, kind, phrases in rows:
            for phrase in phrases:
                key = _key(phrase)
                if key and key not in self.meaning:
                    self.meaning[key] = (kind, phrase, language)
        self.pattern = re.compile(r"(?<!\w)" + _trie(list(self.meaning)) + r"(?!\w)")


def _trie(keys: list[str]) -> str:
    """A regular expression matching any key, factored by prefix (fast, no nested repeats).

    A space in a key matches a short run of non-word characters ("no,
    thanks", "don't", "cc'd"). Longer continuations come first, so the
    longest key wins where the text allows it.
    """
    root: dict[str, Any] = {}
    for key in keys:
        node = root
        for char in key:
            node = node.setdefault(char, {})
        node[""] = {}
    if not keys:
        return "(?!)"

    def emit(node: dict[str, Any]) -> str:
        branches = [
            (r"\W{1,6}" if char == " " else re.escape(char)) + emit(child)
            for char, child in sorted(node.items())
            if char
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return f"(?:{body})?"
        return body

    return emit(root)


_MATCHERS_KEPT: Final = 64
_MATCHER_BYTES_KEPT: Final = 8 * 1024 * 1024
"""Estimated bytes the matcher cache holds at most, over all its entries (see _weight)."""


def _weight(phrases: Phrases) -> int:
    """At least the bytes a cached matcher keeps alive: its table and its compiled pattern.

    256 bytes a phrase and 24 a character: above what CPython 3.11 was
    measured to keep (about 100-200 a phrase and 10-16 a character, more
    for words between spaces and for characters beyond Latin-1).
    """
    return sum(256 + 24 * len(phrase) for row in phrases.table for phrase in row[2])


_matchers: OrderedDict[tuple[Phrases, tuple[str, ...] | None], tuple[_Matcher, int]] = OrderedDict()
_matchers_lock: Final = threading.Lock()
_matcher_bytes = 0  # the weight of the cached matchers


def _matcher(phrases: Phrases, languages: tuple[str, ...] | None) -> _Matcher:
    """The compiled matcher of ``phrases`` (in ``languages``), from a cache bounded by size.

    At most 64 matchers and an estimated 8 MB are kept (:func:`_weight`),
    the least recently used dropped first; a table heavier than that is
    compiled for each reading and never kept.
    """
    global _matcher_bytes
    key = (phrases, languages)
    with _matchers_lock:
        found = _matchers.get(key)
        if found is not None:
            _matchers.move_to_end(key)
            return found[0]
    rows = phrases.table
    if languages is not None:
        order = {code: index for index, code in enumerate(languages)}
        rows = tuple(
            sorted((row for row in rows if row[0] in order), key=lambda row: order[row[0]])
        )
    matcher = _Matcher(rows)
    size = _weight(phrases)  # the key holds the whole table
    if size > _MATCHER_BYTES_KEPT:
        return matcher
    with _matchers_lock:
        if key not in _matchers:
            _matchers[key] = (matcher, size)
            _matcher_bytes += size
            while len(_matchers) > _MATCHERS_KEPT or _matcher_bytes > _MATCHER_BYTES_KEPT:
                _, (_, dropped) = _matchers.popitem(last=False)
                _matcher_bytes -= dropped
    return matcher


# --- the new text: quoted thread, signatures and footers cut away -------------------

_HEADER_LINE: Final = r"[^\n]{0,300}"
_CUT: Final = re.compile(
    r"^[ \t]*(?:"
    # "On Mon, Dec 28, 2026 at 10:15 AM Sam <sam@acme.io> wrote:", maybe wrapped once
    r"(?P<wrote>(?:on|am|le|el)\b" + _HEADER_LINE + r"(?:\n" + _HEADER_LINE + r")?"
    r"(?:wrote|schrieb|a\s+[ée]crit|escribi[óo])\b[^\n]{0,200}?:)"
    # "-----Original Message-----", a "From:/Sent:" block, a rule of underscores
    r"|(?P<quote>-{2,}\s*(?:original\s+message|urspr[üu]ngliche\s+nachricht|message\s+d'origine"
    r"|mensaje\s+original|forwarded\s+message)\s*-{2,}"
    r"|(?:from|von|de|da)\s?:" + _HEADER_LINE + r"\n[ \t]*(?:sent|date|gesendet|datum|envoy[ée]"
    r"|enviado|fecha|to|an|[àa]|para|subject|betreff|objet|asunto)\s?:"
    r"|_{10,}[ \t]*$)"
    # a signature a mail program adds: "-- ", "Sent from my iPhone"
    r"|(?P<signature>--[ \t]*$"
    r"|(?:sent\s+from\s+my|sent\s+from\s+outlook|get\s+outlook\s+for|von\s+meinem"
    r"|envoy[ée]\s+de\s+mon|enviado\s+desde\s+mi)\b)"
    # a sign-off on a line of its own: "Best," "Mit freundlichen Grüßen"
    r"|(?P<sign>(?:best|best\s+regards|kind\s+regards|warm\s+regards|regards|cheers|thanks"
    r"|thank\s+you|many\s+thanks|thx|br|sincerely|mit\s+freundlichen\s+gr[üu](?:ß|ss)en"
    r"|freundliche\s+gr[üu](?:ß|ss)e|viele\s+gr[üu](?:ß|ss)e|beste\s+gr[üu](?:ß|ss)e"
    r"|liebe\s+gr[üu](?:ß|ss)e|gru(?:ß|ss)|lg|vg|mfg|cordialement|bien\s+[àa]\s+vous"
    r"|bien\s+cordialement|salutations|merci|saludos|un\s+saludo|atentamente|gracias"
    r"|muchas\s+gracias|abrazos)"
    r"[ \t]*[,.!]?[ \t]*$)"
    # a legal footer
    r"|(?P<footer>(?:this|the\s+information\s+in\s+this)\s+(?:e-?mail|message)\s+(?:and\s+any"
    r"|may\s+contain|is\s+confidential|contains)"
    r"|confidentiality\s+notice|disclaimer\s*:"
    r"|diese\s+(?:e-?mail|nachricht)\s+(?:enth[äa]lt|ist\s+vertraulich)"
    r"|ce\s+(?:message|courriel|mail)\s+(?:et\s+toutes|est\s+confidentiel|peut\s+contenir)"
    r"|este\s+(?:mensaje|correo)\s+(?:es\s+confidencial|y\s+sus\s+anexos|contiene))"
    r")",
    re.MULTILINE,
)
# A quoted-thread header names when and who: a date, a time or an address. "As I
# wrote earlier:" or "Am Montag schrieb ich Ihnen:" is the replier's own text.
_HEADER_DETAIL: Final = re.compile(r"[\d@]")
_FIRST_PERSON: Final = re.compile(
    r"\b(?:i|we)\s{1,3}(?:\w{1,20}\s{1,3})?wrote\b|\bschrieb\s{1,3}ich\b"
    r"|\bich\s{1,3}(?:\w{1,20}\s{1,3})?schrieb\b"
)
# An unsubscribe link in a footer: the word and a link on one line.
_UNSUBSCRIBE: Final = re.compile(
    r"unsubscribe|abmelden|d[ée]sabonner|d[ée]sinscri|darse\s+de\s+baja"
)
# What such a footer says of itself; a longer phrase on its line ("unsubscribe me") is a request.
_FOOTER_WORD: Final = re.compile(
    r"unsubscribe|abmelden|abbestellen|desabonner|desabonnement|desinscription|desinscrire|baja"
)
_NOT_BLANK: Final = re.compile(r"\S")
_LINK: Final = re.compile(r"https?://|www\.|click\s+here|klicken\s+sie|cliquez|haga\s+clic")
_QUOTED: Final = re.compile(r"^[^\S\n]*+>[^\n]*", re.MULTILINE)
# A line with something on it that is not quoted: its start is the line's start.
_SAID: Final = re.compile(r"^[^\S\n]*+[^\s>][^\n]*", re.MULTILINE)
_GREETING: Final = re.compile(
    r"[^\S\n]*(?:hi|hello|hey|dear|hallo|guten\s+tag|sehr\s+geehrte\w*|liebe\w*|bonjour|salut"
    r"|hola|buenos\s+d[ií]as|buenas|estimad\w+)\b[^\n]{0,60}"
)


def _lower(text: str) -> str:
    """``text`` in lower case, one character for one (positions stay valid)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)  # "İ" and the like


class _Spans:
    """What of a reply is read: its new text, and the spans read for opt-outs only.

    ``body`` is the reply's own words in lower case, cut at the quoted
    thread, signature or footer, with quoted ``>`` lines blanked to spaces
    (positions in it are positions in the reply). ``opt_out_only`` holds
    ``(start, text, footer)`` spans past that cut that are read for an
    opt-out and for nothing else, because an opt-out is never lost to
    trimming: what follows a sign-off up to a signature, footer or quoted
    thread (a P.S., a request under the name), the replier's own lines
    between the quoted lines of a thread (an answer written below the
    quote), and a footer's unsubscribe line (``footer`` True: the footer's
    own word there does not count). Linear in the text: each step is one
    pass from left to right.
    """

    __slots__ = ("body", "opt_out_only")

    def __init__(self, text: str) -> None:
        text = _lower(text)
        soft, cut, header_end = _cuts(text, _said_from(text), 0)
        spans: list[tuple[int, str, bool]] = []
        footer = _footer_line(text, cut)
        if footer is not None:
            start, end = footer
            cut, header_end = start, None
            spans.append((start, text[start:end], True))
        if soft is not None and soft < cut:
            spans.insert(0, (soft, text[soft:cut], False))
        if header_end is not None:
            spans.extend(_written_below(text, header_end))
        body = text[: cut if soft is None else min(soft, cut)]
        if ">" in body:
            body = _QUOTED.sub(lambda m: " " * len(m.group()), body)
        self.body = body
        self.opt_out_only = tuple(spans)


def _said_from(text: str) -> int:
    """Where something is first said: a sign-off on or before that line ends nothing.

    The start of the first line with unquoted text, or of the second when
    the first is only a greeting ("Hi Sam,").
    """
    lines = _SAID.finditer(text)
    first = next(lines, None)
    if first is None:
        return len(text)
    if _GREETING.fullmatch(first.group().rstrip()) is None:
        return first.start()
    second = next(lines, None)
    return len(text) if second is None else second.start()


def _cuts(text: str, said: int, position: int) -> tuple[int | None, int, int | None]:
    """The first sign-off after ``said`` (or None), the hard cut, and a header's end.

    The hard cut is where the quoted thread, a signature or a legal footer
    begins (the length of the text when none does); the header's end is
    given when that cut is a quoted-thread header ("On ... wrote:"), else
    None. A "header" that names no date, time or address, or one in the
    first person ("as I wrote earlier:"), is the replier's own text.
    """
    soft: int | None = None
    while (found := _CUT.search(text, position)) is not None:
        kind = found.lastgroup
        if kind == "sign":
            if soft is None and found.start() > said:
                soft = found.start()
            position = found.end()
            continue
        if kind == "wrote":
            header = found.group()
            if _HEADER_DETAIL.search(header) is None or _FIRST_PERSON.search(header):
                end = text.find("\n", found.start())
                position = len(text) if end < 0 else end + 1
                continue
            return soft, found.start(), found.end()
        return soft, found.start(), None
    return soft, len(text), None


def _footer_line(text: str, end: int) -> tuple[int, int] | None:
    """The first line before ``end`` with an unsubscribe word and a link, after other text."""
    found = _NOT_BLANK.search(text)
    first_said = len(text) if found is None else found.start()
    position = 0
    while (word := _UNSUBSCRIBE.search(text, position, end)) is not None:
        start = text.rfind("\n", 0, word.start()) + 1
        stop = text.find("\n", word.end(), end)
        stop = end if stop < 0 else stop
        if start > first_said and _LINK.search(text, start, stop) is not None:
            return start, stop
        position = stop + 1  # one look per line
    return None


def _written_below(text: str, header_end: int) -> list[tuple[int, str, bool]]:
    """The replier's own lines between the quoted lines of a thread, to its next cut."""
    quote = _QUOTED.search(text, header_end)
    if quote is None or _SAID.search(text, quote.end()) is None:
        return []  # the usual thread: quoted to its end (two searches, no Python loop)
    end = _cuts(text, len(text), header_end)[1]
    spans: list[tuple[int, str, bool]] = []
    quoted = False
    run: int | None = None
    position = header_end
    while position < end:
        newline = text.find("\n", position, end)
        line_end = end if newline < 0 else newline
        line = text[position:line_end].lstrip()
        if line.startswith(">"):
            quoted = True
            if run is not None:
                spans.append((run, text[run:position], False))
                run = None
        elif line and quoted and run is None:
            run = position
        position = line_end + 1
    if run is not None:
        spans.append((run, text[run:end], False))
    return spans


def _new_text(text: str) -> str:
    """The reply's own words, in lower case, cut at the quoted thread, signature or footer.

    Quoted ``>`` lines above the cut are blanked to spaces, so positions in
    the result are positions in ``text``.
    """
    return _Spans(text).body


# --- dates ---------------------------------------------------------------------------


def _words(items: Iterable[str]) -> str:
    """Any of ``items`` (folded), as a prefix-factored group."""
    return "(?:" + _trie(sorted({_key(item) for item in items})) + ")"


@functools.cache
def _date_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    month = _words(_phrases.MONTHS) + r"\.?"
    weekday = _words(_phrases.WEEKDAYS)
    day = r"(?P<NAME>[0-3]?\d)(?:st|nd|rd|th|er|e|o|º|\.)?"
    year = r"(?:\W{1,3}(?:de\s{1,3})?(?P<NAME>20\d\d)(?!\d))?"
    lead = r"(?:(?P<NAME>" + weekday + r")\W{1,3})?"
    dates = re.compile(
        r"(?<![\w./-])(?:"
        r"(?P<iso>20\d\d)-(?P<iso_m>[01]\d)-(?P<iso_d>[0-3]\d)(?!\d)"
        r"|"
        + lead.replace("NAME", "num_w")
        + r"(?P<num_a>[0-3]?\d)(?P<sep>[./-])(?P<num_b>[01]?\d)"
        r"(?:(?P=sep)(?P<num_y>20\d\d|\d\d)(?!\d))?\.?(?![\w/-]|\.\d)"
        r"|"
        + lead.replace("NAME", "dmy_w")
        + day.replace("NAME", "dmy_d")
        + r"\s{0,3}(?:(?:de|of)\s{1,3})?"
        r"(?P<dmy_m>"
        + month
        + r")(?!\w)"
        + year.replace("NAME", "dmy_y")
        + r"|"
        + lead.replace("NAME", "mdy_w")
        + r"(?P<mdy_m>"
        + month
        + r")\s{1,3}(?:the\s{1,3})?"
        r"(?P<mdy_d>[0-3]?\d)(?:st|nd|rd|th)?(?!\w)"
        + year.replace("NAME", "mdy_y")
        + r"|(?:the|le|el|den|dem|am|zum)\s{1,3}(?P<only_d>[0-3]?\d)(?:st|nd|rd|th|er|\.)?"
        r"(?!\w|[./-]\d)(?!\W{0,3}(?:(?:de|of)\s{1,3})?" + _words(_phrases.MONTHS) + r"(?!\w))"
        r"|(?P<week>" + weekday + r")(?!\w)"
        r"|(?P<tomorrow>" + _words(_phrases.TOMORROW) + r")(?!\w)"
        r"|(?P<next_week>" + _words(_phrases.NEXT_WEEK) + r")(?!\w)"
        r")",
    )
    back = re.compile(r"(?<!\w)" + _words(_phrases.BACK_CUES) + r"(?!\w)")
    until = re.compile(r"(?<!\w)" + _words(_phrases.UNTIL_CUES) + r"(?!\w)|[-–—]\s*$")
    return dates, back, until


@functools.cache
def _after_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    back = re.compile(r"\W{0,3}" + _words(_phrases.BACK_AFTER) + r"(?!\w)")
    until = re.compile(r"\W{0,3}" + _words(_phrases.UNTIL_AFTER) + r"(?!\w)")
    return back, until


def _nearest_year(month: int, day: int, today: date) -> date | None:
    best: date | None = None
    for year in (today.year - 1, today.year, today.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if best is None or abs((candidate - today).days) < abs((best - today).days):
            best = candidate
    return best


def _day_of_month(day: int, today: date) -> date | None:
    year, month = today.year, today.month
    for _ in range(3):
        try:
            candidate = date(year, month, day)
        except ValueError:
            candidate = None
        if candidate is not None and candidate >= today:
            return candidate
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return None


def _numeric(a: int, b: int, month_first: bool) -> tuple[int, int]:
    """(month, day) of a numeric date: a month above 12 decides, else the convention."""
    if a > 12 >= b:
        return b, a
    if b > 12 >= a:
        return a, b
    return (a, b) if month_first else (b, a)


def _mentioned(match: re.Match[str], today: date, month_first: bool) -> date | None:
    """The date a match of the date pattern names, relative to ``today``."""
    try:
        return _named_date(match, today, month_first)
    except OverflowError:  # "tomorrow" on 9999-12-31
        return None


def _named_date(match: re.Match[str], today: date, month_first: bool) -> date | None:
    g = match.group
    try:
        if g("iso"):
            return date(int(g("iso")), int(g("iso_m")), int(g("iso_d")))
        if g("num_a"):
            month, day = _numeric(int(g("num_a")), int(g("num_b")), month_first)
            if g("num_y"):
                year = int(g("num_y"))
                return date(year + 2000 if year < 100 else year, month, day)
            return _nearest_year(month, day, today)
        for prefix in ("dmy", "mdy"):
            if g(f"{prefix}_m"):
                month = _phrases.MONTHS[_key(g(f"{prefix}_m"))]
                day = int(g(f"{prefix}_d"))
                if g(f"{prefix}_y"):
                    return date(int(g(f"{prefix}_y")), month, day)
                return _nearest_year(month, day, today)
    except ValueError:
        return None
    if g("only_d"):
        return _day_of_month(int(g("only_d")), today)
    if g("week"):
        weekday = _phrases.WEEKDAYS[_key(g("week"))]
        return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)
    if g("tomorrow"):
        return today + timedelta(days=1)
    if g("next_week"):
        return today + timedelta(days=7 - today.weekday())
    return None


def _open_day(calendar: BusinessCalendar, day: date, after: int) -> date | None:
    """The first business day ``after`` days (0 or 1) past ``day``; None past 9999-12-31.

    A day past the years the calendar has holiday data for (India after
    2035) is rolled over the calendar's weekmask alone: the text still says
    when the person is back, and reading it must not fail.
    """
    if day.toordinal() + after > _LAST_ORDINAL:
        return None
    day = date.fromordinal(day.toordinal() + after)
    try:
        return calendar.roll_forward(day)
    except DateRangeError:
        pass
    try:
        return _weekmask_only(calendar.weekmask).roll_forward(day)
    except DateRangeError:  # no open weekday left before 9999-12-31
        return None


@functools.lru_cache(maxsize=128)  # one per weekmask: at most 127 masks open a day
def _weekmask_only(weekmask: str) -> BusinessCalendar:
    return BusinessCalendar(weekmask=weekmask)


_LAST_ORDINAL: Final = date.max.toordinal()


def _return_date(
    body: str, today: date, calendar: BusinessCalendar, month_first: bool
) -> date | None:
    """The first day back an out-of-office text gives, or None.

    A date after "back", "returning", "wieder ab", "de retour", "regreso",
    ... is the first day back (rolled forward to a business day). A date
    after "until", "through", "bis (einschließlich)", "jusqu'au", "hasta",
    or ending a range ("21.12.-3.1.", "du 21 au 23") is the last day away:
    the person is back the next business day. A first-day-back date wins
    over a last-day-away one; dates in the past are ignored.
    """
    dates, back_cue, until_cue = _date_patterns()
    back_after, until_after = _after_patterns()
    folded = _fold(body)
    backs: list[date] = []
    untils: list[date] = []
    bare: list[date] = []
    previous_end = 0
    for match in dates.finditer(folded):
        mentioned = _mentioned(match, today, month_first)
        window = folded[max(previous_end, match.start() - 40) : match.start()]
        window = re.split(r"[.!?;\n]\s", window)[-1]
        previous_end = match.end()
        if mentioned is None:
            continue
        after = folded[match.end() : match.end() + 24]
        if back_cue.search(window) or back_after.match(after):
            found, day = backs, _open_day(calendar, mentioned, 0)
        else:
            cued = until_cue.search(window) or until_after.match(after)
            found, day = untils if cued else bare, _open_day(calendar, mentioned, 1)
        if day is not None:
            found.append(day)
    for candidates in (backs, untils[::-1], bare[::-1]):
        for day in candidates:
            if day >= today:
                return day
    return None


# --- reading -------------------------------------------------------------------------

_EMAIL: Final = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")
_DECIDED: Final = {ReplyLabel.OPT_OUT, ReplyLabel.BOUNCE}
_EVIDENCE_KEPT: Final = 16
"""Phrases kept as evidence per label (the first ones in the text); every one is counted."""


def _classified(answer: object) -> tuple[ReplyLabel | None, float]:
    """A classifier's answer, checked: ``(label, confidence)``, or ``(None, 0)`` to abstain."""
    if answer is None:
        return None, 0.0
    if not isinstance(answer, tuple | list) or len(answer) != 2:
        raise InvalidFieldError(
            "classifier answer", answer, "expected (label, confidence) or None to abstain"
        )
    theirs = to_enum(ReplyLabel, answer[0], "classifier label")
    sure = answer[1]
    if isinstance(sure, bool) or not isinstance(sure, int | float) or not 0 <= sure <= 1:
        raise InvalidFieldError("classifier confidence", sure, "expected a number from 0 to 1")
    return theirs, float(sure)


@functools.cache
def _weekdays() -> BusinessCalendar:
    return BusinessCalendar()


def _zone(tz: object) -> tzinfo:
    if isinstance(tz, str):
        try:
            return ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            pass
    elif isinstance(tz, tzinfo):
        return tz
    raise InvalidFieldError(
        "tz", tz, "expected the replier's zone: an IANA name like 'Europe/Berlin' or a tzinfo"
    )


def _decide(scores: dict[ReplyLabel, int]) -> ReplyLabel:
    """The label the phrase counts point to (see the docs page for the order)."""
    p = scores.get(ReplyLabel.POSITIVE, 0)
    n = scores.get(ReplyLabel.NO, 0)
    m = scores.get(ReplyLabel.MAYBE, 0)
    for label in (ReplyLabel.BOUNCE, ReplyLabel.OPT_OUT):
        if scores.get(label):
            return label
    if scores.get(ReplyLabel.OUT_OF_OFFICE, 0) >= max(p, 1):
        return ReplyLabel.OUT_OF_OFFICE
    if scores.get(ReplyLabel.REFERRAL, 0) >= max(p, 1):
        return ReplyLabel.REFERRAL
    if m > p and m >= n:
        return ReplyLabel.MAYBE
    if n and n >= p:
        return ReplyLabel.NO
    if p:
        return ReplyLabel.POSITIVE
    return ReplyLabel.OTHER


def read_reply(
    text: str,
    *,
    received_at: datetime | str,
    tz: str | tzinfo,
    calendar: BusinessCalendar | None = None,
    language: str | None = None,
    phrases: Phrases | None = None,
    classifier: ReplyClassifier | None = None,
) -> ReplyReading:
    r"""Read a prospect's reply: its label, return date, confidence and evidence.

    Args:
        text: the reply as received (plain text; quoted thread and all).
        received_at: when it arrived: a tz-aware datetime or ISO 8601 string.
        tz: the replier's zone (an IANA name or a tzinfo): return dates are
            read in it, relative to the local day the reply arrived.
        calendar: the replier's business days; a return date is rolled
            forward onto one. None means Monday to Friday without holidays
            (``BusinessCalendar()``, as elsewhere in cadencekit).
        language: ``"en"``, ``"de"``, ``"fr"``, ``"es"`` (or a language of
            ``phrases``): read with that language's phrases and English
            ones (replies mix them), and its numeric date order. None reads
            with every language's phrases.
        phrases: the phrase lists (:meth:`Phrases.default` when None).
        classifier: a team's own classifier, called with the new text; it
            returns ``(label, confidence)`` or None to abstain. Its answer
            replaces the rules' when it is more confident, except that an
            opt-out or bounce the rules found always stands (a model may add
            an opt-out, never remove one).

    Only the new text is read: everything from the first quoted-thread
    header ("On ... wrote:", "Am ... schrieb", "Le ... a écrit", "El ...
    escribió", "-----Original Message-----", a "From:/Sent:" block), a
    signature ("-- ", "Sent from my iPhone", a sign-off line such as
    "Best," or "Mit freundlichen Grüßen" after the message) or a legal
    footer (a confidentiality notice, an unsubscribe link) is ignored, and
    so are ``>`` lines. A header names a date, time or address in the third
    person ("as I wrote earlier:" is the replier's own text). Opt-out
    phrases alone are also read past a sign-off (up to the signature,
    footer or thread), between the quoted lines of a thread and on a
    footer's unsubscribe line (not its own "to unsubscribe" word): an
    opt-out is never lost to the cut. The label then follows the phrases
    found: a bounce notice, then an opt-out (never missed: compliance),
    then an out-of-office note (even when it names someone to contact),
    then a referral, then positive, no and maybe by count ("no thanks,
    maybe next year" is a maybe); no phrase at all is ``other``.

    Return dates (``until``): a date after "back", "returning", "ab ...
    wieder", "de retour", "regreso", ... is the first day back, rolled
    forward to a business day; a date after "until", "through", "bis
    (einschließlich)", "jusqu'au", "hasta", or ending a range is the last
    day away, so the person is back the next business day after it
    ("bis einschließlich 4. Januar" is back on 5 January). Weekdays are the
    next such day after the reply's local day, a day of the month alone
    ("the 2nd") the next such date, a date without a year the nearest one;
    numeric dates read month first in English for the US (by the
    calendar's country, or an ``America/`` zone when it has none), day
    first otherwise, unless a number above 12 decides. A day that does not
    exist ("the 30th of February") is no date; one past the calendar's
    holiday data is rolled over its weekmask alone.

    Every phrase found is counted; the first 16 of each label are kept as
    ``evidence``. A ``received_at`` whose local day in ``tz`` falls outside
    years 1-9999 raises :class:`~cadencekit.DateRangeError`.

    Example:
        >>> reading = read_reply(
        ...     "Thanks! I'm out of the office and back Monday, January 4.\n\n"
        ...     "On Fri, Dec 18, 2026 at 9:02 AM Sam wrote:\n> Not interested? Reply stop.",
        ...     received_at="2026-12-18T16:05:00-05:00", tz="America/New_York")
        >>> reading.label.value, reading.until
        ('out_of_office', datetime.date(2027, 1, 4))
        >>> [e.phrase for e in reading.evidence]
        ['out of the office']
    """
    if not isinstance(text, str):
        raise InvalidFieldError("text", text, "expected the reply's text as a string")
    moment = to_aware_datetime(received_at, "received_at")
    zone = _zone(tz)
    try:
        local = moment.astimezone(zone)
    except OverflowError:  # 9999-12-31 23:00 UTC is in year 10000 east of it
        raise DateRangeError(
            "received_at", received_at, f"in the replier's zone {tz} it falls outside years 1-9999"
        ) from None
    if calendar is None:
        calendar = _weekdays()
    elif not isinstance(calendar, BusinessCalendar):
        raise InvalidFieldError("calendar", calendar, "expected a BusinessCalendar or None")
    if phrases is None:
        phrases = _default_phrases()
    elif not isinstance(phrases, Phrases):
        raise InvalidFieldError("phrases", phrases, "expected a Phrases value or None")
    if classifier is not None and not callable(classifier):
        raise InvalidFieldError(
            "classifier", classifier, "expected a function of the reply's text, or None"
        )
    languages: tuple[str, ...] | None = None
    if language is not None:
        code = _language_code(language)
        if code not in phrases.languages:
            raise InvalidFieldError(
                "language", language, f"expected one of {', '.join(phrases.languages)} or None"
            )
        languages = (code, "en") if code != "en" and "en" in phrases.languages else (code,)

    spans = _Spans(text)
    body = spans.body
    matcher = _matcher(phrases, languages)
    evidence: list[Evidence] = []
    kept: dict[ReplyLabel, int] = {}  # evidence kept per label: all are counted, a few shown
    scores: dict[ReplyLabel, int] = {}
    by_language: dict[str, int] = {}
    readings = [(0, _fold(body), False, False)]
    readings += [(start, _fold(part), True, footer) for start, part, footer in spans.opt_out_only]
    for offset, folded, only_opt_outs, footer in readings:
        for found in matcher.pattern.finditer(folded):
            key = " ".join(_WORD.findall(found.group()))
            kind, phrase, lang = matcher.meaning[key]
            if kind == "neutral" or (only_opt_outs and kind != "opt_out"):
                continue
            if footer and _FOOTER_WORD.fullmatch(key):
                continue  # "To unsubscribe, click here": the footer's own word
            label = ReplyLabel(kind)
            scores[label] = scores.get(label, 0) + 1
            by_language[lang] = by_language.get(lang, 0) + 1
            if kept.get(label, 0) < _EVIDENCE_KEPT:
                kept[label] = kept.get(label, 0) + 1
                start, end = offset + found.start(), offset + found.end()
                evidence.append(Evidence(label, phrase, start, end, lang))
    label = _decide(scores)
    if label is ReplyLabel.OTHER and not evidence:
        confidence = 0.5 if body.strip() else 0.3
    elif label in _DECIDED:
        confidence = 0.95
    else:
        total = sum(scores.values())
        confidence = round(min(0.95, scores.get(label, 0) / (total + 0.5)), 3)
    source = "rules"

    if classifier is not None and label not in _DECIDED:
        theirs, sure = _classified(classifier(body))
        if theirs is not None and (sure > confidence or theirs is ReplyLabel.OPT_OUT):
            label, confidence, source = theirs, sure, "classifier"
            evidence.append(Evidence(theirs, "classifier", 0, len(body), None, "classifier"))

    detected = language or (
        max(sorted(by_language), key=lambda k: by_language[k]) if by_language else None
    )
    until: date | None = None
    if label is ReplyLabel.OUT_OF_OFFICE:
        country = calendar.country
        zone_key = getattr(zone, "key", "") or ""
        month_first = (detected or "en") == "en" and (
            country in _phrases.MONTH_FIRST_COUNTRIES
            if country is not None
            else zone_key.startswith("America/")
        )
        until = _return_date(body, local.date(), calendar, month_first)
    referred_to = None
    if label is ReplyLabel.REFERRAL:
        address = _EMAIL.search(body)
        referred_to = address.group() if address else None
    return ReplyReading(
        label=label,
        until=until,
        confidence=confidence,
        evidence=tuple(evidence),
        received_at=local,
        language=detected,
        referred_to=referred_to,
        source=source,
    )
