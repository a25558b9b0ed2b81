"""Reading replies: from what a prospect wrote to what the cadence should do.

:func:`read_reply` reads the text of a reply the way a person would: only
the new text (not the quoted thread, the signature or a legal footer), in
English, German, French, Spanish, Dutch, Portuguese, Italian or Swedish (its
language read per reply), sentence by sentence, and says what it is: a
:class:`ReplyLabel` (positive, no, maybe, out of office, other, opt-out,
referral, bounce), the day an out-of-office person is back or a "maybe"
asks to be contacted again, why a "no" or "maybe" said so (an
:class:`Objection`), how sure it is, and the phrases that decided it, with
their place in the text. No network: the rules are phrase lists
(:class:`Phrases`) a team can read, extend and override; a small learned
model (:class:`ReplyModel`, shipped with the package, off unless asked for)
can be weighed with them, and a team's own classifier can be plugged in.

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

import bisect
import enum
import functools
import math
import operator
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, tzinfo
from typing import Any, Final, TypeAlias
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs

from . import _calibration, _model, _phrases, _replyparts, _time
from ._convert import to_aware_datetime, to_enum
from ._model import ReplyModel
from ._replyparts import date_patterns as _date_patterns  # noqa: F401  (the tests read it here)
from ._replyparts import fold as _fold
from ._replyparts import fold_lowered as _fold_lowered
from ._replyparts import key as _key
from ._replyparts import lower as _lower
from ._replyparts import trie as _trie
from ._text import brief
from .calendar import BusinessCalendar
from .errors import CheckedEnum, DateRangeError, InvalidFieldError
from .events import Event, Objection, Response

__all__ = [
    "Evidence",
    "Phrases",
    "ReplyClassifier",
    "ReplyLabel",
    "ReplyModel",
    "ReplyReading",
    "read_reply",
    "train_reply_model",
]


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

_new = object.__new__  # Evidence._trusted: the one way around the converters
_OBJECTIONS: Final = {reason.value: reason for reason in Objection}


def _label(value: ReplyLabel | str) -> ReplyLabel:
    if isinstance(value, ReplyLabel):
        return value
    return to_enum(ReplyLabel, value, "label")


def _objection(value: Objection | str | None) -> Objection | None:
    if value is None or isinstance(value, Objection):
        return value
    return to_enum(Objection, value, "reason")


@attrs.frozen
class Evidence:
    """One phrase that was read, and where: ``text[start:end]`` of the reply.

    ``source`` is ``"rules"`` for a phrase of :class:`Phrases` and
    ``"classifier"`` for a team's classifier and ``"model"`` for a
    :class:`ReplyModel` (whose span is the new text it read).
    ``reason`` is set on a phrase that says why not (an :class:`Objection`).

    Example:
        >>> reading = read_reply("No thanks, maybe next year.",
        ...                      received_at="2026-12-01T10:00:00Z", tz="UTC")
        >>> [(e.label.value, e.phrase, e.start, e.end) for e in reading.evidence]
        [('no', 'no thanks', 0, 9), ('maybe', 'maybe', 11, 16), ('maybe', 'next year', 17, 26)]
    """

    label: ReplyLabel = attrs.field(converter=_label)
    phrase: str = attrs.field(repr=brief)
    start: int
    end: int
    language: str | None = None
    source: str = "rules"
    reason: Objection | None = attrs.field(default=None, converter=_objection)

    @classmethod
    def _trusted(
        cls,
        label: ReplyLabel,
        phrase: str,
        start: int,
        end: int,
        language: str | None,
        source: str,
        reason: Objection | None,
    ) -> Evidence:
        """Evidence from values the reader already holds in canonical form (no converters).

        The one way around the converters, for :func:`read_reply`, which
        builds several of these for every reply.
        """
        made: Evidence = _new(cls)
        set_label, set_phrase, set_start, set_end, set_language, set_source, set_reason = (
            _EVIDENCE_SLOTS
        )
        set_label(made, label)
        set_phrase(made, phrase)
        set_start(made, start)
        set_end(made, end)
        set_language(made, language)
        set_source(made, source)
        set_reason(made, reason)
        return made

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
            "reason": None if self.reason is None else self.reason.value,
        }


_EVIDENCE_SLOTS: Final = tuple(
    Evidence.__dict__[name].__set__
    for name in ("label", "phrase", "start", "end", "language", "source", "reason")
)


@attrs.frozen
class ReplyReading:
    """What :func:`read_reply` read in a reply.

    Attributes:
        label: what the reply is (a :class:`ReplyLabel`).
        until: for an out-of-office reply that gives a return date, the first
            local day the person is back (in the replier's zone, as the reply
            states it); for a ``maybe`` that says when to come back ("try me
            in Q3"), that day; otherwise None.
        confidence: the chance the reading is right, from 0 to 1: the
            rules' score (highest for an explicit opt-out or bounce, lower
            when few or conflicting phrases decide) or the shipped model's
            probability, through a monotone map fitted on held-out replies
            (docs/replies.md). A team's own model or classifier keeps its
            own probabilities.
        evidence: the phrases that were read, in order, with their place in
            the text: the reason for the label, line by line.
        received_at: when the reply arrived, in the replier's zone.
        language: the language of the reply (the one asked for, else the
            one its words are in, else the one most phrases came from; None
            when nothing says).
        referred_to: for a referral, the e-mail address named in the new
            text, if any (the host enrolls that person).
        source: ``"rules"``, ``"model"`` when a :class:`ReplyModel` read
            the label (``read_reply``'s ``model``, on by default), or ``"classifier"``
            when a team's classifier
            decided the label.
        reason: for a ``no`` or ``maybe`` that says why, an
            :class:`Objection` (its phrases are in ``evidence``); else None.

    Example:
        >>> reading = read_reply("Not the right person, try ana@fabrikam.com",
        ...                      received_at="2026-12-01T10:00:00Z", tz="UTC")
        >>> reading.label.value, reading.referred_to
        ('referral', 'ana@fabrikam.com')
    """

    label: ReplyLabel
    until: date | None
    confidence: float
    evidence: tuple[Evidence, ...] = attrs.field(repr=brief)  # a long reply prints in a line
    received_at: datetime
    language: str | None = None
    referred_to: str | None = None
    source: str = "rules"
    reason: Objection | None = None

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
        carries ``until``, and so does a "maybe" (the day to try again,
        which the default rules' pause honours); a "no" or "maybe" carries
        its ``reason``; every other label is a reply with that response
        (a referral is a ``Response.REFERRAL`` reply, which the default rules
        end with ``ExitReason.REFERRED``). ``at`` defaults to when the reply
        was received. The evidence stays on the reading: keep
        :meth:`to_dict` next to the event to show why.

        Example:
            >>> reading = read_reply("Please remove me from your list.",
            ...                      received_at="2026-12-01T10:00:00Z", tz="UTC")
            >>> reading.to_event(step=2)
            Event('opt_out', '2026-12-01T10:00:00+00:00', step=2)
            >>> read_reply("Not now, try me in Q3.", received_at="2027-02-01T10:00:00Z",
            ...            tz="UTC").to_event()
            Event('reply', '2027-02-01T10:00:00+00:00', response='maybe', until='2027-07-01', reason='timing')
        """
        moment = self.received_at if at is None else at
        label = self.label
        if label is ReplyLabel.BOUNCE and step is None:
            raise InvalidFieldError(
                "step", None, "a bounce is about the step whose email bounced; pass step="
            )
        dated = label in (ReplyLabel.OUT_OF_OFFICE, ReplyLabel.MAYBE)
        why = label not in (ReplyLabel.OPT_OUT, ReplyLabel.BOUNCE, ReplyLabel.OUT_OF_OFFICE)
        return Event.reply(
            moment,
            label,
            step=step,
            until=self.until if dated else None,
            reason=self.reason if why else None,
            id=id,
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of the reading, evidence included.

        Example:
            >>> reading = read_reply("yes please", received_at="2026-12-01T10:00:00Z", tz="UTC")
            >>> reading.to_dict()["label"], reading.to_dict()["evidence"][0]["phrase"]
            ('positive', 'yes please')
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
            "reason": None if self.reason is None else self.reason.value,
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

    :meth:`default` holds cadencekit's lists for English, German, French,
    Spanish, Dutch, Portuguese, Italian and Swedish
    (``cadencekit/_phrases.py``: plain data, one tuple per label).
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

    table: tuple[tuple[str, str, tuple[str, ...]], ...] = attrs.field(converter=_table, repr=brief)

    @classmethod
    def default(cls) -> Phrases:
        """The lists cadencekit ships, in eight languages.

        Example:
            >>> Phrases.default().languages
            ('de', 'en', 'es', 'fr', 'it', 'nl', 'pt', 'sv')
        """
        return _default_phrases()

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages with at least one list.

        Example:
            >>> Phrases({"da": {"no": ["nej tak"]}}).languages
            ('da',)
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
    made = Phrases(_phrases.PHRASES)
    _DEFAULTS[:] = [made]
    return made


_DEFAULTS: list[Phrases] = []  # the default table, once made: read without a call


# --- the matcher -------------------------------------------------------------------

_WORD: Final = _replyparts.WORD

Sense: TypeAlias = tuple[str, str, str, str | None]
"""What a matched key means in one language: ``(kind, phrase, language, reason)``."""


class _Matcher:
    """One compiled regular expression for a set of phrase lists and the parts read with them.

    ``meaning`` maps a matched key to what it means in each language that
    lists it. :meth:`senses` gives, per reply language, the one sense each
    key is read in (None for a neutral phrase, or a one-word key of another
    language: "si" is "if" in French). The words of a date ("Monday",
    "tomorrow") are read too, as ``_date``; ``dated`` holds the phrases
    with such a word: without one and without a digit, a reply has no date
    to look for.
    """

    __slots__ = (
        "_dependent",
        "_senses",
        "_senses_lock",
        "ascii_pattern",
        "dated",
        "meaning",
        "opt_out_pattern",
        "parts",
        "pattern",
        "snoozy",
        "sole",
        "when",
    )

    def __init__(
        self,
        rows: Iterable[tuple[str, str, tuple[str, ...]]],
        reasons: Iterable[tuple[str, str, tuple[str, ...]]],
        when: bool = True,
    ) -> None:
        meaning: dict[str, list[Sense]] = {}
        parts: dict[str, set[str]] = {}
        for language, kind, phrases in rows:
            for phrase in phrases:
                key = _key(phrase)
                if not key:
                    continue
                entries = meaning.setdefault(key, [])
                if all(entry[2] != language for entry in entries):
                    entries.append((kind, phrase, language, None))
                if kind.startswith("_"):  # a part, also when the phrase is a label too
                    parts.setdefault(key, set()).add(kind)
        # "call me" is a positive phrase and a way to ask to be contacted ("call me in June")
        for key, entries in meaning.items():  # "reach out again" holds "reach out" and "again"
            if key not in parts and " " in key and entries[0][0] in _LABELS:
                said_in = _inner_parts(key, parts)
                if said_in:
                    parts[key] = said_in
        self.parts = {key: frozenset(kinds) for key, kinds in parts.items()}
        said: dict[str, list[tuple[str, str]]] = {}  # language -> (key, reason) of REASONS
        for language, reason, phrases in reasons:
            for phrase in phrases:
                key = _key(phrase)
                said.setdefault(language, []).append((key, reason))
                entries = meaning.setdefault(key, [])
                for index, entry in enumerate(entries):
                    if entry[2] == language:
                        entries[index] = (*entry[:3], reason)
                        break
                else:  # a reason alone counts for no label; a label it starts with still does
                    entries.append((_inner_kind(meaning, key, language), phrase, language, reason))
        for key, entries in meaning.items():  # "we already use" has the reason of "already use"
            for index, (kind, phrase, language, given) in enumerate(entries):
                if given is None and kind in _LABELS:
                    padded = f" {key} "
                    for told, why in said.get(language, ()):
                        if f" {told} " in padded:
                            entries[index] = (kind, phrase, language, why)
                            break
        dates, snoozes = _replyparts.when_words() if when else (frozenset(), frozenset())
        for word in dates | snoozes:  # the words of a date or a snooze: where to read them
            entries = meaning.setdefault(word, [])
            if not entries:
                entries.append(("_date", word, "en", None))
        self.meaning: dict[str, tuple[Sense, ...]] = {k: tuple(v) for k, v in meaning.items()}
        self.dated = _holding(self.meaning, dates) if when else None
        self.snoozy = _holding(self.meaning, snoozes) if when else None
        self.when = (self.dated or frozenset()) | (self.snoozy or frozenset())
        # A phrase only one language lists says the reply is in it (read with its words).
        self.sole = {
            key: languages.pop()
            for key, entries in self.meaning.items()
            if len(languages := {e[2] for e in entries if e[0] != "_date"}) == 1
        }
        self.pattern = re.compile(r"(?<!\w)" + _trie(list(self.meaning)) + r"(?!\w)")
        # The same expression compiled for ASCII text (see :meth:`scan`); the default
        # matcher's alone (:func:`_matcher`), so a cached matcher weighs what it did.
        self.ascii_pattern: re.Pattern[str] | None = None
        # What is read past the cut is read for opt-outs alone: their keys, a smaller pattern.
        stopping = [
            key
            for key, entries in self.meaning.items()
            if any(entry[0] in _OPT_OUT_PARTS for entry in entries)
        ]
        self.opt_out_pattern = re.compile(r"(?<!\w)" + _trie(stopping) + r"(?!\w)")
        # The keys whose sense depends on the reply's language; any other is its one entry.
        self._dependent = [
            key
            for key, entries in self.meaning.items()
            if len(entries) > 1
            or entries[0][0] == "neutral"
            or (" " not in key and entries[0][2] != "en" and entries[0][0] not in _UNGATED)
        ]
        self._senses: dict[str | None, dict[str, Sense | None]] = {}
        self._senses_lock = threading.Lock()

    def scan(self, folded: str) -> Raw:
        r"""Every phrase of :attr:`pattern` in ``folded``: ``(matched text, start, end)``.

        On an ASCII text with :attr:`ascii_pattern`, that is the search: the
        pattern is literals, ``\w`` and ``\W``, and on ASCII characters the
        ASCII ``\w`` is the Unicode one, so the matches are the same, found
        without the engine's Unicode look-up of each character's class (and
        with ``\b`` for the look-around at each end, as every key starts and
        ends with a word character).
        """
        fast = self.ascii_pattern
        return _raw(fast if fast is not None and folded.isascii() else self.pattern, folded)

    def senses(self, language: str | None) -> dict[str, Sense | None]:
        """The sense of each key that depends on the reply's language, in ``language``.

        None is a language not known. Every other key's sense is its one
        entry in ``meaning``.
        """
        found = self._senses.get(language)
        if found is None:
            meaning = self.meaning
            found = {key: _sense(meaning[key], key, language) for key in self._dependent}
            with self._senses_lock:
                self._senses.setdefault(language, found)
        return found


_INNER_PARTS: Final = frozenset({"_contacting", "_more", "_sendverb", "_cease"})
"""The parts a longer phrase passes on from the words it holds: a way of contacting, "again"
and a word of ceasing, so that "don't reach out again" is read as the request it is."""


def _inner_parts(key: str, parts: dict[str, set[str]]) -> set[str]:
    """The kinds of ``_INNER_PARTS`` the shorter phrases inside ``key`` (word for word) have."""
    words = key.split(" ")
    found: set[str] = set()
    for first in range(len(words)):
        for last in range(first + 1, len(words) + 1):
            if last - first < len(words):
                found |= parts.get(" ".join(words[first:last]), set()) & _INNER_PARTS
    return found


def _inner_kind(meaning: dict[str, list[Sense]], key: str, language: str) -> str:
    """The label of the longest phrase inside ``key``, in ``language``; else ``_why``.

    A phrase that only gives a reason ("har inget behov") must not hide the
    label a shorter phrase inside it gives ("inget behov": no).
    """
    words = key.split(" ")
    for size in range(len(words) - 1, 0, -1):
        for start in range(len(words) - size + 1):
            for entry in meaning.get(" ".join(words[start : start + size]), ()):
                if entry[2] == language and entry[0] in _LABELS:
                    return entry[0]
    return "_why"


def _holding(keys: Iterable[str], words: frozenset[str]) -> frozenset[str]:
    """The keys that are one of ``words`` or hold one (a run of their words)."""
    longest = max((word.count(" ") + 1 for word in words), default=1)
    held = []
    for key in keys:
        parts = key.split(" ")
        count = len(parts)
        if any(
            " ".join(parts[begin:end]) in words
            for begin in range(count)
            for end in range(begin + 1, min(count, begin + longest) + 1)
        ):
            held.append(key)
    return frozenset(held)


def _sense(entries: tuple[Sense, ...], key: str, language: str | None) -> Sense | None:
    """The sense of a key in ``language``: its own language's first, then English's.

    A one-word key listed only by other languages is not read (None), nor
    is a neutral phrase.
    """
    chosen: Sense | None = next((entry for entry in entries if entry[2] == "en"), entries[0])
    if language is not None:
        own = [entry for entry in entries if entry[2] == language]
        english = [entry for entry in entries if entry[2] == "en"]
        if own or english:
            chosen = (own or english)[0]
        elif " " not in key and entries[0][0] not in _UNGATED:
            chosen = None
    if chosen is None or chosen[0] == "neutral":
        return None
    return chosen


def _parts_rows(languages: Iterable[str]) -> list[tuple[str, str, tuple[str, ...]]]:
    """The reader's own parts (verbs and objects of a request to stop, ...) for ``languages``."""
    return [
        (language, kind, phrases)
        for language in sorted(set(languages))
        for kind, phrases in _phrases.PARTS.get(language, {}).items()
    ]


def _reason_rows(languages: Iterable[str]) -> list[tuple[str, str, tuple[str, ...]]]:
    """The phrases that say why not (``REASONS``) for ``languages``."""
    return [
        (language, reason, phrases)
        for language in sorted(set(languages))
        for reason, phrases in _phrases.REASONS.get(language, {}).items()
    ]


_MATCHERS_KEPT: Final = 64
_MATCHER_BYTES_KEPT: Final = 8 * 1024 * 1024
"""Estimated bytes the matcher cache holds at most, over all its entries (see _weight)."""


def _weight(phrases: Phrases) -> int:
    """At least the bytes a cached matcher keeps alive: its table and its compiled pattern.

    320 bytes a phrase and 24 a character: above what CPython 3.11 was
    measured to keep (about 100-260 a phrase, with the senses by language
    and the sole-language and parts maps, and 10-16 a character, more for
    words between spaces and for characters beyond Latin-1). The reader's
    own parts for the table's languages are compiled in and counted too.
    """
    languages = phrases.languages
    rows = (*phrases.table, *_parts_rows(languages), *_reason_rows(languages))
    if phrases == _default_phrases():
        rows += (("en", "_date", tuple(frozenset.union(*_replyparts.when_words()))),)
    return sum(320 + 24 * len(phrase) for row in rows for phrase in row[2])


_matchers: OrderedDict[tuple[Phrases, tuple[str, ...] | None], tuple[_Matcher, int]] = OrderedDict()
_matchers_lock: Final = threading.Lock()
_matcher_bytes = 0  # the weight of the cached matchers
_default_matcher: list[_Matcher] = []  # the default table's, read in every language


def _matcher(phrases: Phrases, languages: tuple[str, ...] | None) -> _Matcher:
    """The compiled matcher of ``phrases`` (in ``languages``), from a cache bounded by size.

    At most 64 matchers and an estimated 8 MB are kept (:func:`_weight`),
    the least recently used dropped first; a table heavier than that is
    compiled for each reading and never kept.
    """
    global _matcher_bytes
    if languages is None and phrases is _default_phrases() and _default_matcher:
        return _default_matcher[0]  # the common case: no lock, no hashing
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
    languages_read = {row[0] for row in rows}
    matcher = _Matcher(
        (*rows, *_parts_rows(languages_read)),
        _reason_rows(languages_read),
        when=phrases == _default_phrases(),
    )
    if languages is None and phrases is _default_phrases():
        # the same keys between word boundaries: every key starts and ends with a word
        # character, so "\b" there is the look-around, and the engine tests it in place
        keys = matcher.pattern.pattern.removeprefix(r"(?<!\w)").removesuffix(r"(?!\w)")
        matcher.ascii_pattern = re.compile(r"\b" + keys + r"\b", re.ASCII)
        _default_matcher[:] = [matcher]  # kept for good: the default table never changes
        return matcher
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
# A sign-off on a line of its own ("Best," "Mit freundlichen Grüßen"), in the text as folded
# or only lowered: a prefix-factored group, spaces as spaces or tabs.
_SIGN_OFFS: Final = (
    "(?:"
    + _trie(
        sorted(
            {" ".join(phrase.lower().split()) for phrase in _phrases.SIGN_OFFS}
            | {" ".join(_fold(phrase).split()) for phrase in _phrases.SIGN_OFFS}
        )
    ).replace(r"\W{1,6}", r"[ \t]{1,3}")
    + ")"
)
_CUT: Final = re.compile(
    r"^[ \t]*(?:"
    # "On Mon, Dec 28, 2026 at 10:15 AM Sam <sam@acme.io> wrote:", maybe wrapped once
    r"(?P<wrote>(?:on|am|le|el|op|em|den|il(?:\s+giorno)?)\b"
    + _HEADER_LINE
    + r"(?:\n"
    + _HEADER_LINE
    + r")?(?:wrote|schrieb|a\s+[ée]crit|escribi[óo]|schreef|escreveu|ha\s+scritto|skrev)\b"
    r"[^\n]{0,200}?:)"
    # a forwarded message below a note: "---------- Forwarded message ---------"
    r"|(?P<forward>-{2,}\s*(?:forwarded\s+message|weitergeleitete\s+nachricht"
    r"|message\s+transf[ée]r[ée]|mensaje\s+reenviado|doorgestuurd\s+bericht"
    r"|mensagem\s+encaminhada|messaggio\s+inoltrato|vidarebefordrat\s+meddelande)\s*-{2,})"
    # "-----Original Message-----", a "From:/Sent:" block, a rule of underscores
    r"|(?P<quote>-{2,}\s*(?:original\s+message|urspr[üu]ngliche\s+nachricht|message\s+d'origine"
    r"|mensaje\s+original|oorspronkelijk\s+bericht|mensagem\s+original|messaggio\s+originale"
    r"|ursprungligt\s+meddelande)\s*-{2,}"
    r"|(?:from|von|de|da|van|fr[åa]n)\s?:" + _HEADER_LINE + r"\n[ \t]*(?:sent|date|gesendet"
    r"|datum|envoy[ée]|enviado|fecha|to|an|[àa]|para|subject|betreff|objet|asunto|verzonden"
    r"|onderwerp|aan|inviato|oggetto|data|assunto|skickat|[äa]mne|till|sujet|pour)\s?:"
    r"|_{10,}[ \t]*$)"
    # a signature a mail program adds: "-- ", "Sent from my iPhone"
    r"|(?P<signature>-{2,}[ \t]*$"
    r"|(?:sent\s+from\s+my|sent\s+from\s+outlook|get\s+outlook\s+for|von\s+meinem"
    r"|envoy[ée]\s+de\s+mon|enviado\s+desde\s+mi|enviado\s+do\s+meu|verstuurd\s+vanaf"
    r"|inviato\s+da|skickat\s+fr[åa]n)\b)"
    # a sign-off on a line of its own: "Best," "Mit freundlichen Grüßen"
    r"|(?P<sign>" + _SIGN_OFFS + r"[ \t]*[,.!]?[ \t]*$)"
    # a legal footer
    r"|(?P<footer>(?:this|the\s+information\s+in\s+this)\s+(?:e-?mail|message)\s+(?:and\s+any"
    r"|may\s+contain|is\s+confidential|contains)"
    r"|confidentiality\s+notice|disclaimer\s*:"
    r"|diese\s+(?:e-?mail|nachricht)\s+(?:enth[äa]lt|ist\s+vertraulich)"
    r"|ce\s+(?:message|courriel|mail)\s+(?:et\s+toutes|est\s+confidentiel|peut\s+contenir)"
    r"|este\s+(?:mensaje|correo)\s+(?:es\s+confidencial|y\s+sus\s+anexos|contiene)"
    r"|questo\s+messaggio\s+(?:e\s+gli\s+eventuali|[èe]\s+riservato|pu[òo]\s+contenere)"
    r"|le\s+informazioni\s+contenute\s+in\s+quest"
    r"|dit\s+(?:e-?mail)?bericht\s+(?:is\s+uitsluitend|kan\s+vertrouwelijke)"
    r"|deze\s+e-?mail\s+(?:is\s+uitsluitend|kan\s+vertrouwelijke|bevat\s+vertrouwelijke)"
    r"|esta\s+mensagem\s+(?:e\s+os\s+seus\s+anexos|[ée]\s+confidencial|pode\s+conter)"
    r"|detta\s+(?:e-?post)?meddelande\s+(?:kan\s+inneh[åa]lla|[äa]r\s+konfidentiellt))"
    r")",
    re.MULTILINE,
)
# The same, found after a line break: a literal first character makes the search fast.
_CUT_LINE: Final = re.compile("\n" + _CUT.pattern.removeprefix("^"), re.MULTILINE)
# A quoted-thread header names when and who: a date, a time or an address. "As I
# wrote earlier:" or "Am Montag schrieb ich Ihnen:" is the replier's own text.
_HEADER_DETAIL: Final = re.compile(r"[\d@]")
_FIRST_PERSON: Final = re.compile(
    _replyparts.at_word_start(
        [
            r"i\s{1,3}(?:\w{1,20}\s{1,3})?wrote\b",
            r"we\s{1,3}(?:\w{1,20}\s{1,3})?wrote\b",
            r"schrieb\s{1,3}ich\b",
            r"ich\s{1,3}(?:\w{1,20}\s{1,3})?schrieb\b",
        ]
    )
)
# An unsubscribe link in a footer: the word and a link on one line.
_UNSUBSCRIBE: Final = re.compile(
    r"unsubscribe|abmelden|d[ée]sabonner|d[ée]sinscri|darse\s+de\s+baja|afmelden|uitschrijven"
    r"|cancel(?:e|ar)\s+a\s+subscri|descadastr|disiscri|avregistrera|avsluta\s+prenumeration"
    r"|dar(?:te|se)\s+de\s+baja|cancellar(?:ti|si)"
)
# What such a footer says of itself; a longer phrase on its line ("unsubscribe me") is a request.
# Parts of those words: when none is in the text (most replies), no search is needed.
_UNSUBSCRIBE_ROOTS: Final = (
    "subscri", "abmeld", "sabonn", "sinscri", "baja", "afmeld", "uitschr", "descadastr",
    "disiscri", "avregistr", "prenumer", "cancellar",
)  # fmt: skip
_FOOTER_WORD: Final = re.compile(
    r"unsubscribe|abmelden|abbestellen|desabonner|desabonnement|desinscription|desinscrire|baja"
    r"|afmelden|uitschrijven|descadastrar|disiscriviti|avregistrera|avsluta prenumeration"
)
_NOT_BLANK: Final = re.compile(r"\S")
_LINK: Final = re.compile(
    r"https?://|www\.|click\s+here|klicken\s+sie|cliquez|haga\s+clic|[\w-]\.[a-z]{2,12}/"
    r"|clique\s+aqui|clica\s+aqui|clicca\s+qui|klik\s+hier|klicka\s+h[äa]r|pinche\s+aqu"
    r"|haz\s+clic|pulse\s+aqu|cliquer\s+ici"
)
_QUOTED: Final = re.compile(r"^[^\S\n]*+>[^\n]*", re.MULTILINE)
# A line with something on it that is not quoted: its start is the line's start.
_SAID: Final = re.compile(r"^[^\S\n]*+[^\s>][^\n]*", re.MULTILINE)
# The same two after a line break (a literal first character: a fast search).
_QUOTED_LINE: Final = re.compile(r"\n[^\S\n]*+>[^\n]*")
_SAID_LINE: Final = re.compile(r"\n[^\S\n]*+[^\s>]")
_GREETING: Final = re.compile(
    r"[^\S\n]*(?:hi|hello|hey|dear|good\s+morning|hallo|guten\s+tag|guten\s+morgen"
    r"|sehr\s+geehrte\w*|liebe\w*|gr[üu]ezi|servus|moin|bonjour|salut|madame|monsieur"
    r"|hola|buenos\s+d[ií]as|buen\s+d[ií]a|buenas|estimad\w+|hoi|dag|beste|geachte"
    r"|ol[áa]|oi|bom\s+dia|boa\s+tarde|prezad\w+|car[oa]|exm[oa]|buongiorno|buonasera"
    r"|gentile|egregi\w+|spett\w*|ciao|salve|hej|hall[åa]|god\s+morgon)\b[^\n]{0,60}"
)
# A P.S. under a signature or a legal footer: read for an opt-out (a line and what follows it).
# "P.S.", "PS", "P.P.S.", French "P.-S.", Spanish "PD" / "P.D." (posdata), "NB".
_POSTSCRIPT: Final = re.compile(
    r"^[ \t]*(?:p\.?[ \t]?p?\.?[ \t]?s\b|p\.?-s\b|p\.?[ \t]?d\b|n\.?[ \t]?b\.?(?!\w))[^\n]{0,400}"
    r"(?:\n[ \t]*\S[^\n]{0,400}){0,3}",
    re.MULTILINE,
)
_THREAD_KINDS: Final = frozenset({"wrote", "forward", "quote"})


_SYSTEM_HEADERS: Final = re.compile(
    r"[ \t]{0,8}(?:from|von|de|da|van|fr[åa]n)\s?:[^\n]{0,80}?(?:mailer-daemon|postmaster"
    r"|mail\s+delivery|delivery\s+subsystem|mail\s+system|microsoft\s?exchange"
    r"|microsoft\s+outlook)[^\n]{0,200}(?:\n[ \t]{0,8}[^\W\d][\w -]{0,24}\s?:[^\n]{0,300}){0,8}"
)
"""A delivery notice's own header block at the top ("From: Mail Delivery Subsystem
<mailer-daemon@...>", "Subject: Delivery Status Notification"): the notice is below it."""


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
    pass from left to right. A P.S. under a signature or a legal footer
    (above any quoted thread) is read for an opt-out too, and ``forwarded``
    says the cut is a forwarded message ("---------- Forwarded message").
    """

    __slots__ = ("body", "forwarded", "opt_out_only")

    def __init__(self, text: str) -> None:
        text = _lower(text)
        soft, cut, header_end, kind = _cuts(text, _said_from(text), 0)
        begin = 0
        if kind == "quote" and _NOT_BLANK.search(text, 0, cut) is None:
            system = _SYSTEM_HEADERS.match(text, cut)
            if system is not None:  # a delivery notice under its own headers: read below them
                begin = system.end()
                soft, cut, header_end, kind = _cuts(text, begin, begin)
        spans: list[tuple[int, str, bool]] = []
        footer = _footer_line(text, cut)
        if footer is not None:
            start, end = footer
            cut, header_end, kind = start, None, "footer"
            spans.append((start, text[start:end], True))
        if soft is not None and soft < cut:
            spans.insert(0, (soft, text[soft:cut], False))
        if header_end is not None:
            below = _written_below(text, header_end)
            if below and _NOT_BLANK.search(text, 0, cut) is None:
                # Nothing above the quote: the reply is written under it ("bottom-posted"),
                # read from its first line to its own sign-off, signature or next quote.
                begin = below[0][0]
                soft, cut, _, kind = _cuts(text, begin, begin)
                below = [span for span in below if span[0] >= cut]
            spans.extend(below)
        elif kind is not None and kind not in _THREAD_KINDS:
            spans.extend(_postscripts(text, cut))
        body = text[: cut if soft is None else min(soft, cut)]
        if begin:
            body = " " * begin + body[begin:]
        if ">" in body:
            body = _QUOTED.sub(lambda m: " " * len(m.group()), body)
        self.body = body
        self.forwarded = kind == "forward"
        self.opt_out_only = tuple(spans)


class _Cut:
    """Where a cut line starts and ends, its kind and its text (a match, without the line break)."""

    __slots__ = ("_end", "_start", "_text", "lastgroup")

    def __init__(self, found: re.Match[str], skip: int) -> None:
        self._start = found.start() + skip
        self._end = found.end()
        self._text = found.group()[skip:]
        self.lastgroup = found.lastgroup

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def group(self) -> str:
        return self._text


def _cut_search(text: str, position: int) -> _Cut | None:
    """The first cut line at or after ``position``: ``_CUT.search``, only faster."""
    if position == 0 or text[position - 1] == "\n":
        found = _CUT.match(text, position)
        if found is not None:
            return _Cut(found, 0)
    found = _CUT_LINE.search(text, position)
    return None if found is None else _Cut(found, 1)


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


def _cuts(text: str, said: int, position: int) -> tuple[int | None, int, int | None, str | None]:
    """The first sign-off after ``said`` (or None), the hard cut, a header's end, the cut's kind.

    The hard cut is where the quoted thread, a signature or a legal footer
    begins (the length of the text when none does); the header's end is
    given when that cut is a quoted-thread header ("On ... wrote:"), else
    None. A "header" that names no date, time or address, or one in the
    first person ("as I wrote earlier:"), is the replier's own text. The
    kind is the name of the cut's group (``wrote``, ``forward``, ``quote``,
    ``signature``, ``footer``), None when nothing cuts.
    """
    soft: int | None = None
    while (found := _cut_search(text, position)) is not None:
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
            return soft, found.start(), found.end(), kind
        return soft, found.start(), None, kind
    return soft, len(text), None, None


def _footer_line(text: str, end: int) -> tuple[int, int] | None:
    """The first line before ``end`` with an unsubscribe word and a link, after other text."""
    head = text[:end]
    if not any(map(head.__contains__, _UNSUBSCRIBE_ROOTS)):
        return None  # no unsubscribe word (most replies): no search
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
    quote = _QUOTED_LINE.search(text, header_end)
    if quote is None or _SAID_LINE.search(text, quote.end()) is None:
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


def _postscripts(text: str, cut: int) -> list[tuple[int, str, bool]]:
    """The P.S. lines between a signature or footer cut and the quoted thread, if any.

    And the replier's own lines between the quoted lines of that thread, as
    under a thread cut: a request to stop written below the quote.
    """
    end = len(text)
    position = cut
    below: list[tuple[int, str, bool]] = []
    while (found := _cut_search(text, position)) is not None:
        if found.lastgroup in _THREAD_KINDS:
            end = found.start()
            if found.lastgroup == "wrote":  # a request written below the quote under it
                below = _written_below(text, found.end())
            break
        position = found.end() + 1
    return [(m.start(), m.group(), False) for m in _POSTSCRIPT.finditer(text, cut, end)] + below


def _new_text(text: str) -> str:
    """The reply's own words, in lower case, cut at the quoted thread, signature or footer.

    Quoted ``>`` lines above the cut are blanked to spaces, so positions in
    the result are positions in ``text``.
    """
    return _Spans(text).body


# --- reading -------------------------------------------------------------------------

_EMAIL: Final = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")
_DECIDED: Final = {ReplyLabel.OPT_OUT, ReplyLabel.BOUNCE}
_EVIDENCE_KEPT: Final = 16
"""Phrases kept as evidence per label (the first ones in the text); every one is counted."""

# Words that answer on their own ("no", "sí", "ja"): read only where a sentence or
# clause starts, not as the "no" inside "yo no llevo este tema" or the "si" of "por si".
_ANSWER_WORDS: Final = frozenset(
    {"no", "non", "nao", "si", "ja", "sim", "nee", "nej", "nein", "oui", "yes", "nope", "yep",
     "yeah", "nah", "not really", "nicht wirklich", "pas vraiment", "no realmente", "niet echt",
     "nao muito", "non proprio", "non molto", "inte riktigt", "inte direkt", "eher nicht",
     "pas trop", "bof", "claro"}
)  # fmt: skip
# Phrases that answer only as a whole clause: "I'm in!", not "I'm in London".
_WHOLE_CLAUSE: Final = frozenset({"i m in", "i am in", "we re in", "we are in"})
# Phrases read only where a clause starts.
_CLAUSE_START: Final = frozenset({"back", "back on"})
_JOINERS: Final = frozenset(
    {"but", "so", "and", "then", "well", "aber", "also", "daher", "dann", "leider", "mais",
     "donc", "alors", "pero", "asi", "entonces", "maar", "dus", "mas", "entao", "ma", "quindi",
     "men", "sa", "och", "e", "y", "et", "und", "en"}
)  # fmt: skip
# Kinds read only in the reply's own language (or English) when one word of another says them.
_UNGATED: Final = frozenset({"bounce", "opt_out", "_verb", "_object", "_law", "_article", "_date"})
# A regular expression that starts with one character class is searched by a fast scan for
# that class; one that starts with a repeat or an alternation tries every position. So
# "\d\d*", not "\d+"; "[.!?;\n]..." below, not "[.!?;]+...|\n".
_DIGITS: Final = re.compile(r"\d\d*")
_LABELS: Final = {label.value: label for label in ReplyLabel}
_EMOJI: Final = {
    "👍": "positive", "👌": "positive", "🙌": "positive", "✅": "positive", "💯": "positive",
    "🚀": "positive", "🤝": "positive", "👎": "no", "🙅": "no", "❌": "no",
}  # fmt: skip
_EMOJI_PATTERN: Final = re.compile("[" + "".join(_EMOJI) + "]")
_SOFT: Final = frozenset(_key(phrase) for phrase in (*_phrases.SOFT, *_phrases.SOFT_MAYBE))
_OPT_OUT_KINDS: Final = frozenset(
    {"opt_out", "_verb", "_stop", "_article", "_contacting", "_sendverb"}
)
_NO_PARTS: Final[frozenset[str]] = frozenset()
_OPT_OUT_PARTS: Final = frozenset(
    {
        "opt_out",
        "_verb",
        "_object",
        "_stop",
        "_contacting",
        "_sendverb",
        "_cease",
        "_more",
        "_hesitate",
    }
)
_NEGATABLE: Final = frozenset({"positive", "_negadj", "_notthat", "_fit"})
_UNLISTED: Final[Any] = object()
_NEGATIONS: Final = frozenset(
    {"not", "never", "don't", "dont", "didn't", "no", "isn't", "isnt", "aren't", "wasn't",
     "won't", "doesn't", "wouldn't", "nicht", "nie", "kein", "keine", "keinen",
     "pas", "jamais", "plus", "nunca", "niet", "nooit", "geen", "nao", "non", "inte", "aldrig",
     "ingen", "inget"}
)  # fmt: skip
_NEGATED: Final = re.compile(
    r"(?<!\w)(?:not|never|don't|dont|didn't|isn't|isnt|aren't|wasn't|won't|doesn't"
    r"|wouldn't|no|nicht|nie|kein|keine|keinen|pas|jamais|plus|nunca"
    r"|niet|nooit|geen|nao|non|inte|aldrig|ingen|inget)(?:\s{1,3}\w{1,20}){0,2}\s{1,3}$"
)
_CLAUSE_BREAK: Final = re.compile(r"[,;:()]")
_NEGATOR: Final = re.compile(
    _replyparts.at_word_start(
        [
            r"not",
            r"never",
            r"no",
            r"nothing",
            r"don't",
            r"dont",
            r"won't",
            r"nicht",
            r"nichts",
            r"nie",
            r"kein\w{0,2}",
            r"pas",
            r"ne",
            r"n",
            r"rien",
            r"jamais",
            r"nunca",
            r"nada",
            r"niet",
            r"niets",
            r"nooit",
            r"geen",
            r"nao",
            r"non",
            r"nulla",
            r"niente",
            r"inte",
            r"aldrig",
            r"ingen",
            r"inget",
            r"inga",
            r"ingenting",
        ]
    )
    + r"(?!\w)"
)
_SENTENCE_END: Final = re.compile(r"[.!?;\n](?<!(?<![^\s.])\w\.)(?:(?<=\n)|[.!?;]*(?=\s|$))")
"""A line break, or a run of ``.!?;`` before a space or the end; not the dot of a letter alone
("fr.o.m. 18/1", "t.o.m.", "z. B.", "e.g."): an abbreviation goes on with its sentence."""
_STOP_ENDS: Final = re.compile(
    r"[^\w\n]{0,12}(?:(?:please|pls|plz|bitte|graag|svp|stp|por\s{1,3}favor|per\s{1,3}favore"
    r"|tack|now|asap|ya|nu|jetzt|agora|ora|maintenant|ahora)[^\w\n]{0,12})?(?:$|[\n.!?;])"
)  # "STOP!", "stop please.", "stop now"
_PAIR_REACH: Final = 120
"""Characters at most between a verb and what it removes ("remove ... from your list")."""
_TERSE: Final = frozenset(
    {"remove", "remover", "baja", "delete", "borrar", "eliminar", "rimuovere", "verwijderen",
     "verwijder", "radera", "unsubscribe", "unsub", "optout", "stop", "stopp", "basta", "sluta",
     "loschen", "avsluta", "austragen", "abmelden", "desinscrire", "descadastrar", "cancellami"}
)  # fmt: skip
# Words that ask to stop only when they are all a reply says ("No more!", "dar de baja").
_TERSE_PHRASES: Final = frozenset(
    {"no more", "quit it", "stop it", "dar de baja", "darse de baja", "keine mails",
     "nie wieder", "plus jamais", "nunca mais", "mai piu", "aldrig mer", "nooit meer"}
)  # fmt: skip
_REASON_ORDER: Final = (
    Objection.BUDGET,
    Objection.HAS_SOLUTION,
    Objection.NOT_RIGHT_PERSON,
    Objection.NO_NEED,
    Objection.TIMING,
)


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


def _min_confidence(value: object) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or not 0 <= value <= 1
    ):
        raise InvalidFieldError("min_confidence", value, "expected a number from 0 to 1")
    return float(value)


def _open_day(calendar: BusinessCalendar, day: date) -> date | None:
    """The first business day on or after ``day``; None past 9999-12-31.

    Past the calendar's holiday data (India after 2035) the weekmask alone
    decides: reading a reply never fails for it.
    """
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


class _Hit:
    """One phrase found: what it is, where, and how much it weighs."""

    __slots__ = ("end", "key", "kind", "language", "parts", "phrase", "reason", "start", "weight")

    def __init__(
        self,
        kind: str,
        phrase: str,
        language: str,
        start: int,
        end: int,
        reason: str | None = None,
        key: str = "",
    ) -> None:
        self.key = key
        self.kind = kind
        self.parts: frozenset[str] = _NO_PARTS
        self.phrase = phrase
        self.language = language
        self.start = start
        self.end = end
        self.reason = reason
        self.weight = 1 if key in _SOFT else 2


def _answers(folded: str, start: int, end: int, accents: str | None) -> bool:
    """True when the answer word at ``start:end`` answers.

    It must start a clause, and a bare "si" must be "sí" or "sì" (an
    accent, or punctuation after it), not the Italian "si rivolga".
    """
    if not _starts_clause(folded, start):
        return False
    if folded[start:end] != "si":
        return True
    if accents is not None and accents[start:end] != "si":
        return True  # written "sí" or "sì"
    return end == len(folded) or not folded[end].isspace() or folded[end : end + 2] == " \n"


_NEGATING: Final = frozenset({"no", "non", "nao"})
_NEGATING_LANGUAGES: Final = frozenset({"es", "pt", "it", "fr"})
_NEXT_WORD: Final = re.compile(r"[ \t]{1,3}(\w+)")
# Words after which a "no" still answers: "no gracias", "non grazie", "no por ahora".
_AFTER_ANSWER: Final = frozenset(
    {"gracias", "grazie", "obrigado", "obrigada", "merci", "thanks", "thank", "por", "per",
     "pour", "mas", "ma", "pero", "mais", "pas", "lo", "sorry", "senor", "senora", "signore",
     "grazia", "obg", "valeu", "davvero", "realmente", "de", "para", "way"}
)  # fmt: skip


def _negates(folded: str, end: int) -> bool:
    """True when the "no" ending at ``end`` runs on into its sentence: "no entiendo nada"."""
    following = _NEXT_WORD.match(folded, end)
    return following is not None and following.group(1) not in _AFTER_ANSWER


def _starts_clause(folded: str, start: int) -> bool:
    """True when a clause starts at ``start``.

    That is after punctuation, or after a word that joins clauses ("but
    no", "aber nein", "so no").
    """
    index = start - 1
    while index >= 0 and folded[index] in " \t":
        index -= 1
    if index < 0 or not folded[index].isalnum():
        return True
    return folded[max(0, index - 12) : index + 1].split()[-1] in _JOINERS


class _Sentences:
    """Where each sentence of a text ends, found once and only when asked."""

    __slots__ = ("_ends", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._ends: list[int] | None = None

    def of(self, position: int) -> int:
        if self._ends is None:
            self._ends = [m.start() for m in _SENTENCE_END.finditer(self._text)]
        return bisect.bisect_right(self._ends, position)

    def start_of(self, position: int) -> int:
        """Where the sentence holding ``position`` starts."""
        number = self.of(position)
        assert self._ends is not None
        return self._ends[number - 1] + 1 if number else 0

    def end_after(self, position: int) -> int:
        number = self.of(position)
        assert self._ends is not None
        return self._ends[number] if number < len(self._ends) else len(self._text)


Raw: TypeAlias = list[tuple[str, int, int]]
"""The phrases matched in a text, before they are read: ``(matched text, start, end)``."""

_MATCHED: Final = operator.itemgetter(0)
"""The matched text of a ``Raw`` entry."""


def _raw(pattern: re.Pattern[str], folded: str) -> Raw:
    return [(found.group(), found.start(), found.end()) for found in pattern.finditer(folded)]


def _written_in(matcher: _Matcher, raw: Raw, tokens: list[str], body: str) -> str | None:
    """The reply's language: the phrases only one language has, and its commonest words.

    Two such phrases or more, all of one language, say it alone (the
    words are not counted); otherwise both count.
    """
    said = list(filter(None, map(matcher.sole.get, map(_MATCHED, raw))))
    if len(said) >= 2 and said.count(said[0]) == len(said):
        return said[0]
    counts = _replyparts.language_counts(tokens, body)
    for language in said:
        counts[language] += 1 if language == "en" else 2
    return _replyparts.leader(counts)


def _in_context(
    text: str, folded: str, start: int, end: int, language: str | None, accents: str | None
) -> bool:
    """Whether a phrase read only in its context (an answer word, "back", "I'm in") counts here."""
    if text in _ANSWER_WORDS and not _answers(folded, start, end, accents):
        return False
    if (
        text in _NEGATING
        and (language in _NEGATING_LANGUAGES or (language is None and text != "no"))
        and _negates(folded, end)
    ):  # "non" and "não" are no English word: they negate whatever the reply's language
        return False  # "no entiendo nada", "non capisco": a negation, not an answer
    if text in _CLAUSE_START and not _starts_clause(folded, start):
        return False  # "Back on Monday." is a day back, "I'll get back on it" is not
    return text not in _WHOLE_CLAUSE or bool(
        _starts_clause(folded, start) and _STOP_ENDS.match(folded, end)
    )  # "I'm in!" is a yes, "I'm in London" is not


_IN_CONTEXT: Final = _ANSWER_WORDS | _NEGATING | _CLAUSE_START | _WHOLE_CLAUSE
"""The phrases :func:`_in_context` decides on; any other counts wherever it is found."""


def _phrase_hits(
    matcher: _Matcher,
    folded: str,
    language: str | None,
    offset: int = 0,
    only_opt_outs: bool = False,
    raw: Raw | None = None,
    accents: str | None = None,
) -> list[_Hit]:
    """Every phrase of ``matcher`` in ``folded``, read in ``language``; positions + ``offset``.

    ``only_opt_outs`` reads only the phrases of a request to stop (and the
    words that make one: verbs, objects, "stop"); ``raw`` gives the
    matches when they were found already; ``accents`` is the text before
    folding (it tells "sí" from "si").
    """
    hits: list[_Hit] = []
    senses = matcher.senses(language)
    meaning = matcher.meaning
    parts = matcher.parts
    if raw is None:
        raw = _raw(matcher.opt_out_pattern if only_opt_outs else matcher.pattern, folded)
    for text, start, end in raw:
        sense = senses.get(text, _UNLISTED)
        if sense is _UNLISTED:
            entries = meaning.get(text)
            if entries is None:  # "no, thanks": its key is "no thanks"
                text = " ".join(_WORD.findall(text))
                sense = senses.get(text, _UNLISTED)
                if sense is _UNLISTED:
                    sense = meaning[text][0]
            else:
                sense = entries[0]
        if sense is None:
            continue
        if text in _IN_CONTEXT and not _in_context(text, folded, start, end, language, accents):
            continue
        kind, phrase, lang, reason = sense
        hit = _Hit(kind, phrase, lang, offset + start, offset + end, reason, text)
        hit.parts = parts.get(text, _NO_PARTS)
        hits.append(hit)
    return hits


# Two parts in one sentence that make a label: (first kind, second kind, label, reason).
_PAIRS: Final = (
    ("_contact", "_when", "maybe", None),  # "Reprenez contact avec moi en juin"
    ("_back", "_when", "out_of_office", None),  # "Back on Monday.", "I'll be back on the 11th"
    ("_handles", "_person", "referral", None),  # "Das entscheidet bei uns Herr Becker"
    ("_already", "_solution", "no", "has_solution"),  # "Já usamos uma ferramenta parecida"
)
_PAIR_KINDS: Final = frozenset(first for first, _, _, _ in _PAIRS)
_NOW: Final = frozenset(
    _key(word) for word in (*_phrases.TOMORROW, *_phrases.DAY_AFTER_TOMORROW, *_phrases.TODAY)
)
"""Today, tomorrow, the day after: with one of them, the rest of the when ("tomorrow at ten")
defers nothing."""
_SOON: Final = _NOW.union(_key(word) for word in (*_phrases.WEEKDAYS, *_replyparts.ALONE_AFTER_CUE))
"""Days too near to defer to ("call me tomorrow"): a person asked to be called then wants to
talk now; from next week on, it is a deferral ("email me again next week")."""
_NUMERIC_DATE: Final = re.compile(
    r"(?<![\w./-])[0-3]?\d[./-][0-3]?\d(?:[./-](?:20)?\d\d)?(?![\w/-])"
)
_NEAR: Final = 60
"""Characters at most between the two parts of a pair."""
_AFTER_DATE: Final = re.compile(
    r"(?<!\w)(?:after|not before|nach|apres|despues de|depois de|dopo|efter|na)\s{1,3}"
    r"(?=[^\n]{0,12}\d)"
)
"""A date's "after", a few characters before its digits: a time to be contacted from then on."""


def _paired(hits: list[_Hit], sentences: _Sentences, matcher: _Matcher, folded: str) -> list[_Hit]:
    """The labels two parts make in one sentence: to contact + a when is a "maybe"...

    ``_when`` is any date or snooze word found (read only with the default
    phrases, whose matcher knows them).
    """
    dated = matcher.when
    made: list[_Hit] = []
    for first_kind, second_kind, label, reason in _PAIRS:
        firsts = [hit for hit in hits if hit.kind == first_kind or first_kind in hit.parts]
        if not firsts:
            continue
        if second_kind == "_when":  # "call me in June" defers; "call me tomorrow" does not
            soon = _SOON if first_kind == "_contact" else frozenset()
            seconds = [hit for hit in hits if hit.key in dated and hit.key not in soon]
            nows = [h for h in hits if h.key in _NOW and h.key in dated] if soon else []
        else:
            seconds = [hit for hit in hits if hit.kind == second_kind or second_kind in hit.parts]
            nows = []
        for first in firsts:
            sentence = sentences.of(first.start)
            if any(
                abs(now.start - first.start) <= _NEAR and sentences.of(now.start) == sentence
                for now in nows
            ):  # "llámame mañana a las diez": the hour after tomorrow defers nothing
                continue
            second = next(
                (
                    other
                    for other in seconds
                    if abs(other.start - first.start) <= _NEAR
                    and sentences.of(other.start) == sentence
                ),
                None,
            )
            if second is None and second_kind == "_when":  # "I return on 1/12", "retorno em 11/01"
                # a day back may be any date ("Back on the 18th"); a time to be contacted, a
                # numeric one ("call me on the 18th" may be a meeting, not a deferral)
                dates = _replyparts.date_patterns()[0] if label == "out_of_office" else None
                numeric = (dates or _NUMERIC_DATE).search(folded, first.end, first.end + _NEAR)
                if numeric is None and label == "maybe":  # "contact me after the 15th"
                    later = _AFTER_DATE.search(folded, first.end, first.end + _NEAR)
                    if later is not None:
                        numeric = _replyparts.date_patterns()[0].match(folded, later.end())
                if numeric is not None and sentences.of(numeric.start()) == sentence:
                    second = _Hit("_date", numeric.group(), first.language, *numeric.span())
            if second is not None:
                phrase = f"{first.phrase} … {second.phrase}"
                start, end = min(first.start, second.start), max(first.end, second.end)
                made.append(_Hit(label, phrase, first.language, start, end, reason))
                if first.kind in _LABELS and first.kind != label:
                    first.kind = "_paired"  # "bel me maar" in "bel me maar vanaf maart": a part
                break
    return made


def _emoji_hits(body: str) -> list[_Hit]:
    """A thumbs up is a yes, a thumbs down a no: the emoji that answer on their own."""
    if not any(map(body.__contains__, _EMOJI)):
        return []  # none of them (most replies): a look for each, faster than the search
    return [
        _Hit(_EMOJI[found.group()], found.group(), "en", found.start(), found.end())
        for found in _EMOJI_PATTERN.finditer(body)
    ]


def _fuzzy_hits(folded: str, tokens: list[str], hits: list[_Hit], offset: int = 0) -> list[_Hit]:
    """Key words of a request to stop written with a typo ("unsubcribe", "nhemen")."""
    meant_words = _replyparts.fuzzy_words(tokens)
    if not meant_words:
        return []
    found: list[_Hit] = []
    spans = sorted((h.start - offset, h.end - offset) for h in hits)
    starts = [start for start, _ in spans]
    for word, (target, language, kind) in meant_words:
        if word == target:
            continue  # written right: the phrases read it (or a longer neutral phrase did)
        for place in re.finditer(r"(?<!\w)" + re.escape(word) + r"(?!\w)", folded):
            start, end = place.span()
            index = bisect.bisect_right(starts, start) - 1
            if index < 0 or spans[index][1] <= start:  # not inside a phrase found
                found.append(_Hit(kind, target, language, offset + start, offset + end))
    found.sort(key=lambda hit: hit.start)
    return found


def _of_kind(hits: list[_Hit], kind: str) -> list[_Hit]:
    return [hit for hit in hits if hit.kind == kind or kind in hit.parts]


def _near_in_sentence(
    first: _Hit, others: list[_Hit], sentences: _Sentences, offset: int, reach: int
) -> _Hit | None:
    """The first of ``others`` within ``reach`` characters of ``first``, in its sentence."""
    sentence = sentences.of(first.start - offset)
    for other in others:
        if (
            abs(other.start - first.start) <= reach
            and sentences.of(other.start - offset) == sentence
        ):
            return other
    return None


def _opt_out_hits(
    hits: list[_Hit], folded: str, sentences: _Sentences, offset: int, legal: bool
) -> tuple[list[_Hit], bool]:
    """The hits that make the text a request to stop (or none), and whether one alone says so.

    Alone: a phrase of the opt-out list; a bare "stop" ending its sentence;
    with ``legal``, an article and a law (Art. 17 GDPR). In a pair, in one
    sentence: a removal verb and what it removes ("delete ... my personal
    data"); a word of ceasing and a way of contacting ("refrain from
    contacting me", "cesser vos envois"); a way of contacting, a "more" and
    a negation ("don't bother me again", "keine weitere Kontaktaufnahme",
    "non contattatemi più"), unless the sentence says not to hesitate.
    """
    if any(hit.key.startswith(_CEASING) for hit in hits):
        hits = [hit for hit in hits if not _not_asked(folded, hit, offset)]
    direct = [
        h
        for h in hits
        if h.kind == "opt_out"
        and not _someone_else(folded, max(0, h.start - offset - 40), h.start - offset)
    ]  # "nehmen Sie Herrn Meier aus dem Verteiler": a request about someone else
    if direct:
        return direct, True
    for hit in hits:
        if (hit.kind == "_stop" or "_stop" in hit.parts) and _STOP_ENDS.match(
            folded, hit.end - offset
        ):
            return [hit], True
    if legal:
        articles = [h for h in hits if h.kind == "_article"]
        laws = [h for h in hits if h.kind == "_law"]
        if articles and laws:
            return [articles[0], laws[0]], True
        for article in articles:  # "Begäran om radering enligt artikel 17": no law named
            begin = sentences.start_of(article.start - offset)
            end = sentences.end_after(article.start - offset)
            removal = next(
                (h for h in _of_kind(hits, "_verb") if begin <= h.start - offset < end), None
            )
            if removal is not None or _RIGHT.search(folded, begin, end) or len(folded) <= 40:
                return [article] if removal is None else [article, removal], True
    objects = sorted(_of_kind(hits, "_object"), key=lambda h: h.start)
    starts = [h.start for h in objects]
    for verb in _of_kind(hits, "_verb"):
        sentence = sentences.of(verb.start - offset)
        index = bisect.bisect_left(starts, verb.start - _PAIR_REACH)
        while index < len(objects) and objects[index].start <= verb.start + _PAIR_REACH:
            thing = objects[index]
            said_in = sentences.of(thing.start - offset)
            if (
                said_in == sentence
                or (
                    said_in == sentence - 1
                    and thing.start < verb.start
                    and sentences.end_after(verb.start - offset) - (verb.start - offset) <= _SHORT
                )  # "Who gave you my email? Delete it.": the short sentence after names it
            ) and not _someone_else(
                folded, min(verb.start, thing.start) - offset, max(verb.end, thing.end) - offset
            ):  # "retirer mon collègue de la liste" is about someone else
                return [verb, thing], False
            index += 1
    contacting = _of_kind(hits, "_contacting")
    if contacting:
        hesitant = {sentences.of(h.start - offset) for h in _of_kind(hits, "_hesitate")}
        more = _of_kind(hits, "_more")
        for contact in contacting[:_PAIRS_TRIED]:
            if sentences.of(contact.start - offset) in hesitant:
                continue
            # each "more" near it: "Kontaktieren Sie mich künftig nicht mehr" negates the second
            sentence = sentences.of(contact.start - offset)
            for again in more:
                if (
                    abs(again.start - contact.start) <= 40
                    and sentences.of(again.start - offset) == sentence
                    and _negated_before(folded, contact, again, sentences, offset)
                ):
                    return [contact, again], False
    sending = contacting + _of_kind(hits, "_sendverb")
    if sending:
        ceasing = _of_kind(hits, "_cease")
        if ceasing:  # "vi prego di non esitare a contattarmi": what it asks not to do is hesitate
            hesitating = [h.start for h in _of_kind(hits, "_hesitate")]
            ceasing = [c for c in ceasing if not any(0 < h - c.end <= 2 for h in hesitating)]
        for contact in sending[:_PAIRS_TRIED] if ceasing else ():
            cease = _near_in_sentence(contact, ceasing, sentences, offset, _NEAR)
            if cease is not None and cease is not contact:
                return [cease, contact], False
        for cease in () if ceasing else _separated_ceasing(folded, offset):
            for contact in sending[:_PAIRS_TRIED]:  # what it stops stands between verb and particle
                if (
                    cease.start < contact.start
                    and contact.end < cease.end
                    and not _BY_WAY_OF.search(
                        folded, max(0, contact.start - offset - 5), contact.start - offset
                    )
                ):
                    return [cease, contact], False
    return [], False


_SEPARATED_CEASE: Final = re.compile(
    _replyparts.at_word_start(
        [
            r"stell(?:en|t)?\s(?P<ein>[^.!?\n;]{0,80}?\s)ein",
            r"seh(?:en|t)\s(?P<ab>[^.!?\n;]{0,80}?\s)ab",
            r"sieh\s(?P<ab2>[^.!?\n;]{0,80}?\s)ab",
            r"hor(?:en|t)?\s(?P<auf>[^.!?\n;]{0,80}?\s)auf",
        ]
    )
    + r"(?=\W{0,3}(?:bitte\W{0,3})?(?:[.!?\n;,]|$))"
)
"""A German verb of ceasing whose particle ends the clause: "stellen Sie die Zusendung ein"
(einstellen), "sehen Sie von weiteren Mails ab" (absehen), "hören Sie mit den Mails auf"."""
_PASSED_ON: Final = re.compile(
    _replyparts.at_word_start(
        [
            r"leit(?:e|en|et)?\s[^.!?\n;]{0,80}?\s(?:an|zu)\s(?!(?:mich|mir|uns)(?!\w))[^.!?\n;]{0,60}?\sweiter",
            r"geb(?:e|en)\s[^.!?\n;]{0,80}?\s(?:an|zu)\s(?!(?:mich|mir|uns)(?!\w))[^.!?\n;]{0,60}?\sweiter",
            r"reich(?:e|en)\s[^.!?\n;]{0,80}?\s(?:an|zu)\s(?!(?:mich|mir|uns)(?!\w))[^.!?\n;]{0,60}?\sweiter",
        ]
    )
    + r"(?!\w)"
)
"""A German verb of passing on split round whom it goes to: "ich leite Ihre Anfrage an unseren
IT-Leiter weiter" (weiterleiten), "ich gebe das an Frau Kuhn weiter" (weitergeben)."""


def _passed_on(folded: str) -> list[_Hit]:
    """A message passed on to someone, said by a German separable verb, as referral hits."""
    return [
        _Hit("referral", "weiterleiten", "de", match.start(), match.end())
        for match in _PASSED_ON.finditer(folded)
    ]


_BY_WAY_OF: Final = re.compile(r"(?<!\w)(?:per|via|uber)\s{1,2}$")
"""A way of contacting as a means, not what is stopped: "stellen Sie das Angebot per Mail ein"."""
_SEPARATED_NAMES: Final = {
    "ein": "einstellen",
    "ab": "absehen",
    "ab2": "absehen",
    "auf": "aufhören",
}


def _separated_ceasing(folded: str, offset: int) -> list[_Hit]:
    """Ceasing said by a German verb with its particle at the clause's end, as hits."""
    if " ein" not in folded and " ab" not in folded and " auf" not in folded:
        return []
    return [
        _Hit(
            "_cease",
            _SEPARATED_NAMES[match.lastgroup or "ein"],
            "de",
            match.start() + offset,
            match.end() + offset,
        )
        for match in _SEPARATED_CEASE.finditer(folded)
    ]


_RIGHT: Final = re.compile(
    r"(?<!\w)(?:rights?|recht|rechte|droits?|derechos?|direitos?|diritt[oi]|ratt|rattigheter"
    r"|rattighet)(?!\w)"
)
"""A right invoked, with Art. 17 or 21 and no law named: "Ejerzo mi derecho del artículo 21"."""
_CEASING: Final = ("stop", "quit", "cease", "halt", "remove", "delete", "erase", "unsubscribe")
_UNASKED: Final = re.compile(
    r"(?<!\w)(?:(?<!why )don't|(?<!why )dont|(?<!why )do not|never|won't|wouldn't|didn't"
    r"|let's|lets|let us)(?:\s{1,3}ever)?\s{1,3}$"
    # "I'm not going to ask you to unsubscribe me": a request denied
    r"|(?<!\w)(?:not|never|won't|wouldn't)\s{1,3}(?:going\s{1,3}to\s{1,3})?ask(?:ing)?"
    r"\s{1,3}(?:you\s{1,3})?to\s{1,3}$"
)
# The replier or their team: who a request to stop is about ("remove me", "darme de baja");
# not a possessive ("our newsletter" is the replier's company's, in an auto-reply).
_ABOUT_ME: Final = re.compile(
    _replyparts.at_word_start(
        [
            r"me",
            r"my",
            r"i",
            r"mine",
            r"we",
            r"us",
            r"mich",
            r"mir",
            r"mein\w{0,2}",
            r"ich",
            r"wir",
            r"uns",
            r"moi",
            r"m",
            r"mes",
            r"mon",
            r"ma",
            r"je",
            r"j",
            r"nous",
            r"yo",
            r"mi",
            r"mis",
            r"nosotros",
            r"mij",
            r"mijn",
            r"ik",
            r"wij",
            r"ons",
            r"mig",
            r"min",
            r"mitt",
            r"mina",
            r"jag",
            r"vi",
            r"oss",
            r"eu",
            r"meu",
            r"meus",
            r"minha",
            r"minhas",
            r"io",
            r"mio",
            r"miei",
            r"mia",
            r"mie",
            r"noi",
            r"ci",
        ]
    )
    + r"(?!\w)"
)
# ... and in Spanish, Portuguese and Italian, a verb with "me" joined to it ("darme",
# "bórrenme", "cancellatemi"); not in English, where "acme" or "time" would count.
_ABOUT_ME_JOINED: Final = re.compile(r"\w(?:me|mi|nos)(?!\w)")
_JOINING: Final = frozenset({"es", "pt", "it"})


# Someone else: "remove my colleague from the list", "nehmen Sie Herrn Meier aus dem Verteiler".
_OTHERS_OWNERS: Final = [
    r"my",
    r"our",
    r"mein\w{0,2}",
    r"unser\w{0,2}",
    r"mon",
    r"ma",
    r"notre",
    r"mi",
    r"nuestr[oa]",
    r"meu",
    r"minha",
    r"nosso",
    r"nossa",
    r"il\s{1,3}mio",
    r"la\s{1,3}mia",
    r"mio",
    r"mia",
    r"mijn",
    r"onze",
    r"min",
    r"vår",
    r"var",
]
_OTHERS: Final = [
    r"colleagues?", "coworker", "herrn", "frau", "kolleg(?:e|en|in)", "collegues?",
    "companer[oa]s?", "colegas?", "colleghi", "collega", "kollega", "mr", "mrs", "ms", "sr",
    "sra", "sig", "dhr", "mevr",
]  # fmt: skip
# An owner then the other (tried first, as an optional owner would be), or the other alone.
_OWNERS_BY_FIRST: Final = {
    first: "|".join(o[1:] for o in _OTHERS_OWNERS if o[0] == first)
    for first in dict.fromkeys(o[0] for o in _OTHERS_OWNERS)
}
_SOMEONE_ELSE: Final = re.compile(
    _replyparts.at_word_start(
        [
            rf"{first}(?:{tails})\s{{1,3}}(?:{'|'.join(_OTHERS)})"
            for first, tails in _OWNERS_BY_FIRST.items()
        ]
        + _OTHERS
    )
    + r"(?!\w)"
)


def _someone_else(folded: str, begin: int, end: int) -> bool:
    """True when ``folded[begin:end]`` names another person ("my colleague", "Herrn Meier"), not the replier."""
    others = list(_SOMEONE_ELSE.finditer(folded, begin, end))
    if not others:
        return False
    position = begin
    for other in others:  # the replier named outside what names the other ("remove me and ...")
        if _ABOUT_ME.search(folded, position, other.start()) is not None:
            return False
        position = other.end()
    return _ABOUT_ME.search(folded, position, end) is None


_TO_THE_READER: Final = re.compile(
    r"(?<!\w)(?:if\s(?:you|u)|should\syou|to\sunsubscribe|to\sstop\sreceiving|to\sopt\sout"
    r"|wenn\s(?:sie|du)|falls\s(?:sie|du)|sollten\s(?:sie|du)|um\s(?:sich|keine|dich)"
    r"|si\svous|pour\sne\splus|pour\svous\s(?:desinscrire|desabonner)"
    r"|si\s(?:usted|no\sdesea|desea|ya\sno|no\squiere)|para\s(?:no\srecibir|dejar\sde|darse)"
    r"|se\s(?:voce|nao|desejar|preferir|non|desidera|vuole|preferisce)"
    r"|para\s(?:nao|deixar\sde|se\sdescadastrar|cancelar)|per\s(?:non|cancellar)"
    r"|als\s(?:u|je)|indien\su|wilt\su\sgeen|wil\sje\sgeen|om\s(?:geen|u\saf|je\saf)"
    r"|om\s(?:du|ni)|vill\s(?:du|ni)|for\satt\s(?:avregistrera|inte|sluta))(?!\w)"
)
"""Words that address the reader with instructions: "if you no longer wish to receive our
emails", "wenn Sie keine Nachrichten von uns mehr erhalten wollen", "om du inte längre vill",
"para não receber mais": an automatic note's own footer, whose "us" is its sender."""


def _about_me(
    folded: str, opt_outs: list[_Hit], sentences: _Sentences, language: str | None
) -> bool:
    """Whether a request to stop names the replier, in its sentence: "remove me", not "to unsubscribe"."""
    for hit in opt_outs:
        if hit.kind in ("_article", "_law") or hit.end > len(folded):
            return True  # a legal request; a request past the cut (read there, on its own)
        begin = sentences.start_of(hit.start)
        end = sentences.end_after(hit.start)
        if _TO_THE_READER.search(folded, begin, end) is not None:
            continue  # "if you no longer wish to hear from us, reply 'unsubscribe'": instructions
        if _ABOUT_ME.search(folded, begin, end) is not None:
            return True
        if (language in _JOINING or hit.language in _JOINING) and _ABOUT_ME_JOINED.search(
            folded, begin, end
        ):
            return True
    return False


def _not_asked(folded: str, hit: _Hit, offset: int) -> bool:
    """A word of ceasing under a negation asks for nothing: "please don't stop sending these"."""
    if not hit.key.startswith(_CEASING):
        return False
    start = hit.start - offset
    return _UNASKED.search(folded, max(0, start - 40), start) is not None


_SHORT: Final = 16
"""Characters at most after a removal verb in a sentence that only points back ("Delete it.")."""
_PAIRS_TRIED: Final = 64
"""Ways of contacting looked at, at most: a request to stop says so early, and the cost stays linear."""


def _negated_before(
    folded: str, first: _Hit, second: _Hit, sentences: _Sentences, offset: int
) -> bool:
    """True when one negation governs two hits: close before them, in one clause.

    "No me escriban más", "keine weitere Kontaktaufnahme", "kontakta mig
    inte mer"; not "ich bin nicht mehr zuständig, schreiben Sie Frau X".
    """
    earlier = min(first.start, second.start) - offset
    end = max(first.end, second.end) - offset
    begin = max(sentences.start_of(earlier), earlier - 25)
    for negation in _NEGATOR.finditer(folded, begin, end):
        if end - negation.start() <= 45 and not _CLAUSE_BREAK.search(
            folded, min(negation.end(), earlier), end
        ):  # one clause: "dieser Mail, er ist nicht mehr dabei" is two
            return True
    return False


_UNTIL: Final = re.compile(
    r"(?<!\w)(?:until|till|before|bis|erst|vor|jusqu'?\s?a|avant|hasta|antes|ate|fino\s(?:a|al)"
    r"|prima|tot|voor|innan|forran)(?!\w)"
)
"""Words that bound a request in time: "until", "before", "bis", "hasta", "fino a", "innan"."""


def _deferred(
    opt_outs: list[_Hit],
    hits: list[_Hit],
    folded: str,
    sentences: _Sentences,
    when: frozenset[str],
) -> _Hit | None:
    """A request to stop bounded by a time is a request to wait: a "maybe", or None.

    "Don't contact me until Q3", "No me escriban hasta marzo", "Stop emailing
    me until next year": each request's sentence says until when (an
    "until" word, then a date or snooze word within a few words). A legal
    request is never deferred, nor one with no time named ("until further
    notice").
    """
    bound: _Hit | None = None
    for hit in opt_outs:
        if hit.kind in ("_article", "_law") or hit.end > len(folded):
            return None
        begin, end = sentences.start_of(hit.start), sentences.end_after(hit.start)
        until = _UNTIL.search(folded, begin, end)
        if until is None:
            return None
        dated = next(
            (
                other
                for other in hits
                if other.key in when and until.end() < other.end and other.start <= until.end() + 30
            ),
            None,
        )
        if dated is None:
            return None
        bound = _Hit(
            "maybe", f"{until.group()} … {dated.phrase}", hit.language, until.start(), dated.end
        )
    return bound


def _terse(folded: str) -> bool:
    """A reply of a word or two that is a request to stop ("Remove", "BAJA 🙏", "unsubcribe pls")."""
    if len(folded) > 80:
        return False
    said = [w for w in _WORD.findall(folded) if w not in _phrases.POLITE]
    if not 1 <= len(said) <= 3:
        return False
    if " ".join(said) in _TERSE_PHRASES:
        return True
    if len(said) == 3:
        return False
    for word in said:
        if word in _TERSE:
            return True
        meant = _replyparts.fuzzy_key_word(word) if len(word) >= 6 else None
        if meant is not None and meant[2] != "_object":
            return True
    return False


_TERSE_SENTENCE: Final = _TERSE - {"baja", "stop", "stopp", "basta", "sluta", "avsluta"}
"""Words that ask to stop as a sentence of their own in a short reply ("Not interested.
Remove."); not those with another sense ("De baja." is on leave, "Stop." has its own rule)."""
_TERSE_SENTENCES: Final = re.compile(r"[^.!?\n]{1,40}")


def _terse_sentence(folded: str) -> bool:
    """A short reply with a sentence that is only a word of removal: "Not interested. Remove."."""
    if len(folded) > 200:
        return False
    for sentence in _TERSE_SENTENCES.finditer(folded):
        said = [w for w in _WORD.findall(sentence.group()) if w not in _phrases.POLITE]
        if len(said) == 1 and said[0] in _TERSE_SENTENCE:
            return True
    return False


def _flip_negated(hits: list[_Hit], folded: str, sentences: _Sentences) -> None:
    """Negation, in its scope: "not really interested" is a "no", "not uninteresting" a yes."""
    noes: list[_Hit] = []  # the "no" phrases, by place: what a denied negation undoes
    turns: list[int] = []  # where a "but" turns the reply
    if any(hit.kind == "_notthat" for hit in hits):
        noes = sorted((hit for hit in hits if hit.kind == "no"), key=lambda hit: hit.start)
        turns = [hit.start for hit in hits if hit.kind == "_contrast"]
    starts = [hit.start for hit in noes]
    plain = {id(hit) for hit in hits if hit.kind == "positive"}  # a yes as written
    denying: list[_Hit] = []  # a denied saying with no negation to undo: "I wouldn't say ..."
    for hit in hits:
        if hit.kind == "positive":
            before = folded[max(0, hit.start - 40) : hit.start].split()[-3:]
            if _NEGATIONS.intersection(before) and _NEGATED.search(" ".join(before) + " "):
                hit.kind = "no"
        elif hit.kind == "_negadj":
            begin = max(0, hit.start - 40)
            sentence = sentences.of(hit.start)
            earlier = _NEGATOR.search(folded, begin, hit.start)
            later = _NEGATOR.search(folded, hit.end, sentences.end_after(hit.start))
            negated = (earlier is not None and sentences.of(earlier.start()) == sentence) or (
                later is not None
            )
            hit.kind = "positive" if negated else "no"
        elif hit.kind == "_fit":  # "das passt für uns nicht", "no encaja": a no
            hit.kind, hit.weight = "positive", 1  # "sounds like a good fit": half a yes
            begin = max(sentences.start_of(hit.start), hit.start - 25)
            end = min(sentences.end_after(hit.start), hit.end + 30)
            for negation in _NEGATOR.finditer(folded, begin, end):
                if negation.start() > hit.start and _CLAUSE_BREAK.search(
                    folded, hit.end, negation.start()
                ):
                    break
                hit.kind, hit.weight = "no", 2
                break
        elif hit.kind == "_notthat":  # "je ne dirais pas que ça ne m'intéresse pas": a yes
            hit.kind = "positive"
            sentence = sentences.of(hit.start)
            undid = False
            index = bisect.bisect_left(starts, hit.end)
            while index < len(noes) and noes[index].start <= hit.end + _NEAR:
                other = noes[index]
                if (
                    other.kind == "no"
                    and sentences.of(other.start) == sentence
                    and not _CLAUSE_BREAK.search(
                        folded, _past_complementizer(folded, hit.end), other.start
                    )
                    and not any(hit.end <= turn < other.start for turn in turns)
                ):  # the negation it denies, in its clause: "..., pero la respuesta es no" stays
                    other.kind = "_undone"
                    undid = True
                index += 1
            if not undid:
                denying.append(hit)
    for hit in denying:  # "I wouldn't say we're interested": the yes it denies is a no
        sentence = sentences.of(hit.start)
        begin = _past_complementizer(folded, hit.end)
        for other in hits:
            if (
                id(other) in plain
                and other.kind == "positive"
                and begin <= other.start <= hit.end + _NEAR
                and sentences.of(other.start) == sentence
                and not _CLAUSE_BREAK.search(folded, begin, other.start)
                and not _DASH.search(folded, begin, other.start)
                and not _NEGATOR.search(folded, begin, other.start)
            ):  # not where the clause holds a negation of its own ("niet dat het ons niet ...")
                other.kind = "no"
                hit.kind = "_undone"


_DASH: Final = re.compile(r"\s[-–—]\s|[–—]")
"""A dash between clauses ("niet dat het ons niet interesseert – stuur maar")."""
_COMPLEMENTIZER: Final = re.compile(r"\W{0,3}(?:dass|that|que|att|dat|che)(?!\w)")
"""The comma and "that" a clause of saying opens ("ich würde nicht sagen, dass ..."): German
writes a comma there, and the clause it opens is the one denied."""


def _past_complementizer(folded: str, position: int) -> int:
    """``position``, or past the comma and "that" that start the clause there."""
    found = _COMPLEMENTIZER.match(folded, position)
    return position if found is None else found.end()


def _decide(
    score: dict[str, int], count: dict[str, int], forwarded: bool, email: bool, someone: bool
) -> ReplyLabel:
    """The label the phrases point to, once bounces and opt-outs are ruled out.

    An out-of-office note stays one even when it names someone to contact;
    then a referral (someone pointed to, or a forwarded message); then
    positive, no and maybe by weight, a phrase after a "but" weighing twice:
    a maybe needs more weight than positive and at least as much as no (a
    tie between no and positive is a no). "Not the right person" is a
    referral when it points on to someone (an address, "talk to", "Frau
    Kuhn" after it: ``someone``), else a "no".
    """
    positive = count.get("positive", 0)
    if count.get("out_of_office", 0) >= max(positive, 1):
        return ReplyLabel.OUT_OF_OFFICE
    referral = count.get("referral", 0) + (2 if forwarded else 0)
    not_me = count.get("_notme", 0)
    if referral >= max(positive, 1) or (not_me and (referral or email or someone)):
        return ReplyLabel.REFERRAL
    p = score.get("positive", 0)
    n = score.get("no", 0) + score.get("_notme", 0)
    m = score.get("maybe", 0)
    if m > p and m >= n:
        return ReplyLabel.MAYBE
    if n and n >= p:
        return ReplyLabel.NO
    if p:
        return ReplyLabel.POSITIVE
    return ReplyLabel.OTHER


def _reason(hits: list[_Hit]) -> Objection | None:
    """Why a "no" or "maybe" said so: the first of ``_REASON_ORDER`` its phrases give."""
    named = {"not_right_person" if hit.kind == "_notme" else hit.reason for hit in hits}
    for reason in _REASON_ORDER:
        if reason.value in named:
            return reason
    return None


def _received(value: object, zone: tzinfo) -> datetime:
    """``received_at``, tz-aware: a time written without an offset is read in ``zone``."""
    if value.__class__ is str:  # the common case, an ISO time with its offset: parsed once
        try:
            aware = datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            if aware.tzinfo is not None and aware.utcoffset() is not None:
                return aware
    naive: datetime | None = None
    if isinstance(value, datetime) and value.tzinfo is None:
        naive = value
    elif isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.strip())
        except ValueError:
            parsed = None
        if parsed is not None and parsed.tzinfo is None:
            naive = parsed
    if naive is None:
        return to_aware_datetime(value, "received_at")
    return naive.replace(tzinfo=zone)  # the wall clock in the replier's zone (fold 0)


def read_reply(
    text: str,
    *,
    received_at: datetime | str,
    tz: str | tzinfo,
    calendar: BusinessCalendar | str | None = None,
    language: str | None = None,
    phrases: Phrases | None = None,
    classifier: ReplyClassifier | None = None,
    min_confidence: float = 0.0,
    model: ReplyModel | bool = True,
) -> ReplyReading:
    r"""Read a prospect's reply: its label, return date, reason, confidence and evidence.

    Args:
        text: the reply as received (plain text; quoted thread and all).
        received_at: when it arrived: a datetime or ISO 8601 string. One
            without an offset is read as a wall-clock time in ``tz``, as
            :func:`~cadencekit.schedule` reads a naive start (an ambiguous
            time at a clock change: the earlier of the two).
        tz: the replier's zone (an IANA name or a tzinfo): dates are read in
            it, relative to the local day the reply arrived, and so is a
            ``received_at`` written without an offset.
        calendar: the replier's business calendar (or a country code like
            ``"US"``); its country decides the order of a numeric date
            (``1/8`` is 8 January in the US). None means Monday to Friday
            without holidays (``BusinessCalendar()``).
        language: ``"en"``, ``"de"``, ``"fr"``, ``"es"``, ``"nl"``, ``"pt"``,
            ``"it"``, ``"sv"`` (or a language of ``phrases``): read with that
            language's phrases and English ones (replies mix them). None
            reads the reply's language from its words, and every
            language's phrases.
        phrases: the phrase lists (:meth:`Phrases.default` when None).
        classifier: a team's own classifier, called with the new text; it
            returns ``(label, confidence)`` or None to abstain. Its answer
            replaces the rules' when it is more confident, except that an
            opt-out or bounce the rules found always stands (a model may add
            an opt-out, never remove one).
        min_confidence: below this confidence the label is ``other``, so a
            person reads the reply (0 to 1; an opt-out or bounce is never
            demoted: compliance).
        model: weigh a learned model with the rules: ``True`` (the
            default) for the one cadencekit ships
            (:meth:`ReplyModel.default`; it raised macro-F1 on every
            held-out corpus), a :class:`ReplyModel` of your own, ``False``
            for the rules alone. The model never gives nor takes away an opt-out or
            a bounce; it reads the other labels where the rules say
            ``other`` or are unsure (see :class:`ReplyModel`), before the
            classifier and ``min_confidence``.

    Only the new text is read: everything from the first quoted-thread
    header ("On ... wrote:", "Am ... schrieb", "Le ... a écrit", "El ...
    escribió", "Op ... schreef", "Em ... escreveu", "Il giorno ... ha
    scritto", "Den ... skrev", "-----Original Message-----", a forwarded
    message, a "From:/Sent:" block), a signature ("-- ", "Sent from my
    iPhone", a sign-off line such as "Best," or "Mit freundlichen Grüßen"
    after the message) or a legal footer is ignored, and so are ``>`` lines.
    A header names a date, time or address in the third person ("as I
    wrote earlier:" is the replier's own text). Opt-outs alone are also
    read past a sign-off (up to the signature, footer or thread), in a P.S.
    under a signature or footer, between the quoted lines of a thread and
    on a footer's unsubscribe line (not its own "to unsubscribe" word): an
    opt-out is never lost to the cut.

    The label: a bounce notice; then a request to stop anywhere in the
    replier's own words (a phrase, a removal verb and what it removes in
    one sentence, a bare "stop", a legal request by article and law, a
    word or two such as "Remove", key words through a typo), whatever
    came before it ("Yes, I got your email! Now leave me alone!" is an
    opt-out); then an out-of-office note (even when it names someone to
    contact); then a referral; then positive, no and maybe by weight, a
    phrase after a "but" weighing twice and a positive phrase in the scope
    of a negation counting as a "no"; no phrase at all is ``other``.

    Dates (``until``), as stated, in the replier's zone: for an
    out-of-office note, a date after "back", "returning", "ab ... wieder",
    "de retour", "regreso", "terug", "volto", "rientro", "tillbaka" or
    "until" ("bis", "jusqu'au", "hasta", "até", "fino a") is the first day
    back ("until Monday the 11th" is back on the 11th); a date after
    "through", "bis einschließlich", "t/m", "till och med", or followed by
    "inclusive", or ending a range ("vom 21.12. bis 8.1."), or the end of a
    month, is the last day away (back the next calendar day). For a maybe, the day it says to come back
    ("try me in Q3": 1 July; "in two weeks"; "after our budget cycle in
    March": 1 March; "next year": 1 January). A weekday is the next such
    day after the reply's day, a date without a year the nearest one;
    numeric dates read month first in English for the US (by the
    calendar's country, or an ``America/`` zone when it has none), day
    first otherwise, unless a number above 12 decides.

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
        ['out of the office', 'back … monday']
        >>> read_reply("Yes, I got your email! Now leave me alone!",
        ...            received_at="2026-12-18T16:05:00Z", tz="UTC").label
        <ReplyLabel.OPT_OUT: 'opt_out'>
    """
    if not isinstance(text, str):
        raise InvalidFieldError("text", text, "expected the reply's text as a string")
    zone = _zone(tz)
    moment = _received(received_at, zone)
    try:
        local = moment.astimezone(zone)
    except OverflowError:  # 9999-12-31 23:00 UTC is in year 10000 east of it
        raise DateRangeError(
            "received_at", received_at, f"in the replier's zone {tz} it falls outside years 1-9999"
        ) from None
    calendar = _weekdays() if calendar is None else _time.calendar(calendar, "calendar")
    if phrases is None:
        phrases = _DEFAULTS[0] if _DEFAULTS else _default_phrases()
    elif not isinstance(phrases, Phrases):
        raise InvalidFieldError("phrases", phrases, "expected a Phrases value or None")
    learned = _model.chosen(model)
    if classifier is not None and not callable(classifier):
        raise InvalidFieldError(
            "classifier", classifier, "expected a function of the reply's text, or None"
        )
    least = (
        0.0
        if min_confidence == 0 and min_confidence.__class__ in (int, float)
        else _min_confidence(min_confidence)
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
    folded = _fold_lowered(body)  # the body is in lower case already
    tokens = folded.split()
    matcher = _matcher(phrases, languages)
    raw = matcher.scan(folded)
    if languages is not None:
        written: str | None = languages[0]
    else:
        written = _written_in(matcher, raw, tokens, body)
    sentences = _Sentences(folded)
    hits = _phrase_hits(matcher, folded, written, raw=raw, accents=body)
    hits += _fuzzy_hits(folded, tokens, hits)
    if not body.isascii():
        hits += _emoji_hits(body)

    kinds: set[str] = set()
    turn = len(folded)  # where the reply turns: its first "but"
    for hit in hits:
        kinds.add(hit.kind)
        if hit.parts:
            kinds |= hit.parts
        if hit.kind == "_contrast" and hit.start < turn:
            turn = hit.start
    if " weiter" in folded and "referral" not in kinds:  # "ich leite Ihre Mail an X weiter"
        passed_on = _passed_on(folded)
        if passed_on:
            kinds.add("referral")
            hits += passed_on
    if kinds & _PAIR_KINDS:  # two parts in one sentence that make a label
        made = _paired(hits, sentences, matcher, folded)
        kinds.update(hit.kind for hit in made)
        hits += made
    opt_outs, alone = (
        _opt_out_hits(hits, folded, sentences, 0, legal=True)
        if kinds & _OPT_OUT_KINDS
        else ([], False)
    )
    if opt_outs and (deferral := _deferred(opt_outs, hits, folded, sentences, matcher.when)):
        opt_outs, alone = [], False  # "don't contact me until Q3": a pause, not a stop
        hits.append(deferral)
    for start, part, footer in spans.opt_out_only:
        if opt_outs:
            break
        folded_part = _fold(part)
        found = _phrase_hits(matcher, folded_part, written, start, only_opt_outs=True)
        found += _fuzzy_hits(folded_part, folded_part.split(), found, start)
        if footer and not _about_me(
            folded_part,
            [_Hit("opt_out", "", written or "en", 0, 0)],
            _Sentences(folded_part),
            written,
        ):
            continue  # a footer's own "pour ne plus recevoir nos communications": no request
        found = [
            hit
            for hit in found
            if hit.kind in _OPT_OUT_PARTS
            and not (footer and _FOOTER_WORD.fullmatch(_key(hit.phrase)))
        ]
        part_sentences = _Sentences(folded_part)
        opt_outs, alone = _opt_out_hits(found, folded_part, part_sentences, start, legal=False)
        if opt_outs and all(
            _TO_THE_READER.search(
                folded_part,
                part_sentences.start_of(hit.start - start),
                part_sentences.end_after(hit.start - start),
            )
            for hit in opt_outs
        ):  # "Para não receber mais nossos e-mails, clique em descadastrar": the sender's own
            opt_outs, alone = [], False
    terse = False
    if not opt_outs and (_terse(folded) or _terse_sentence(folded)):
        said = _WORD.search(folded)
        assert said is not None
        opt_outs = [_Hit("opt_out", said.group(), written or "en", said.start(), said.end())]
        alone = terse = True

    if kinds & _NEGATABLE:
        _flip_negated(hits, folded, sentences)
    score: dict[str, int] = {}
    count: dict[str, int] = {}
    for hit in hits:
        kind = hit.kind
        count[kind] = count.get(kind, 0) + 1
        if hit.start > turn:
            hit.weight *= 2
        score[kind] = score.get(kind, 0) + hit.weight

    if (
        opt_outs
        and not terse
        and count.get("out_of_office")
        and not (alone and _about_me(folded, opt_outs, sentences, written))
    ):
        # "no access to email again until Monday", "pour vous désinscrire de la newsletter":
        # an out-of-office's own words, not a request about the replier
        opt_outs = []
    if count.get("bounce"):
        label = ReplyLabel.BOUNCE
    elif opt_outs:
        label = ReplyLabel.OPT_OUT
    else:
        email = "@" in body and _EMAIL.search(body) is not None
        someone = False
        if count.get("_notme"):
            first = min(hit.start for hit in hits if hit.kind == "_notme")
            pointed = sentences.of(first) + 1  # in its sentence or the next: not a signature
            someone = any(
                hit.kind == "_person" and hit.start > first and sentences.of(hit.start) <= pointed
                for hit in hits
            )
        label = _decide(score, count, spans.forwarded, email, someone)

    reason: Objection | None = None
    if label in (ReplyLabel.NO, ReplyLabel.MAYBE):
        reason = _reason(hits)
    evidence: list[Evidence] = []
    kept: dict[ReplyLabel, int] = {}  # evidence kept per label: all are counted, a few shown
    by_language: dict[str, int] = {}
    shown = hits
    stopping = {id(hit) for hit in opt_outs}
    if label is ReplyLabel.OPT_OUT:
        seen = {id(hit) for hit in hits}
        shown = sorted([*hits, *(h for h in opt_outs if id(h) not in seen)], key=lambda h: h.start)
    for hit in shown:
        if stopping and id(hit) in stopping:
            sense = ReplyLabel.OPT_OUT
        elif hit.kind == "_notme" and label in (ReplyLabel.NO, ReplyLabel.REFERRAL):
            sense = label
        elif hit.kind == "_why" and reason is not None:
            sense = label  # a phrase that only says why: evidence of the "no" or "maybe"
        else:
            maybe_sense = _LABELS.get(hit.kind)
            if maybe_sense is None or maybe_sense is ReplyLabel.OPT_OUT:
                continue
            sense = maybe_sense
        by_language[hit.language] = by_language.get(hit.language, 0) + 1
        if kept.get(sense, 0) < _EVIDENCE_KEPT:
            kept[sense] = kept.get(sense, 0) + 1
            why = None
            if reason is not None:
                if hit.kind == "_notme":
                    why = Objection.NOT_RIGHT_PERSON
                elif hit.reason is not None:
                    why = _OBJECTIONS.get(hit.reason) or _objection(hit.reason)
            evidence.append(
                Evidence._trusted(sense, hit.phrase, hit.start, hit.end, hit.language, "rules", why)
            )

    if label in _DECIDED:
        confidence = 0.95
    elif label is ReplyLabel.OTHER and not evidence:
        confidence = 0.5 if body.strip() else 0.3
    else:
        get = score.get
        total = get("positive", 0) + get("no", 0) + get("maybe", 0) + get("out_of_office", 0)
        total += get("referral", 0) + get("_notme", 0)
        mine = score.get(label.value, 0) + (
            score.get("_notme", 0) if label in (ReplyLabel.NO, ReplyLabel.REFERRAL) else 0
        )
        if label is ReplyLabel.REFERRAL and spans.forwarded:
            mine += 2
            total += 2
        confidence = round(min(0.95, mine / (total + 0.5)), 3) if total else 0.5
    source = "rules"

    if learned is not None and label not in _DECIDED:
        weighed = _model.weigh(learned, body, label.value, confidence, folded)
        if weighed is not None:
            label, confidence, source = ReplyLabel(weighed[0]), weighed[1], "model"
            evidence.append(Evidence(label, "model", 0, len(body), None, "model"))
    # the chance this reading is right, as measured on replies nobody here wrote (a team's
    # own model keeps its own probabilities: the map was fitted for the shipped one)
    if source == "rules":
        confidence = _calibration.calibrated(
            confidence, "decided" if label in _DECIDED else "rules"
        )
    elif learned is ReplyModel.default():
        confidence = _calibration.calibrated(confidence, "model")
    if classifier is not None and label not in _DECIDED:
        theirs, sure = _classified(classifier(body))
        if theirs is not None and (sure > confidence or theirs is ReplyLabel.OPT_OUT):
            label, confidence, source = theirs, sure, "classifier"
            evidence.append(Evidence(theirs, "classifier", 0, len(body), None, "classifier"))
    if label not in _DECIDED and confidence < least:
        label = ReplyLabel.OTHER

    detected = written or (
        max(sorted(by_language), key=lambda k: by_language[k]) if by_language else None
    )
    until: date | None = None
    if label in (ReplyLabel.OUT_OF_OFFICE, ReplyLabel.MAYBE):
        country = calendar.country
        zone_key = getattr(zone, "key", "") or ""
        month_first = (detected or "en") == "en" and (
            country in _phrases.MONTH_FIRST_COUNTRIES
            if country is not None
            else zone_key.startswith("America/")
        )
        windows: list[tuple[int, int]] | None = None  # read the whole text for dates
        snoozes: list[tuple[str, int, int]] | None = None
        dated, snoozy = matcher.dated, matcher.snoozy
        if dated is not None and snoozy is not None:  # only around their words
            spots = [(hit.start, hit.end) for hit in hits if hit.key in dated]
            spots += [number.span() for number in _DIGITS.finditer(folded)]
            windows = _replyparts.windows_of(spots)
            snoozes = [(hit.key, hit.start, hit.end) for hit in hits if hit.key in snoozy]
        if label is ReplyLabel.OUT_OF_OFFICE:
            open_after = None
            if _replyparts.after_holidays(folded):
                open_after = functools.partial(_open_day, calendar)
            until = _replyparts.return_date(folded, local.date(), month_first, windows, open_after)
            if until is None and snoozes:  # "on parental leave until April", "back in two weeks"
                until = _replyparts.snooze_date(
                    folded, local.date(), month_first, [], snoozes, years=False
                )
        else:
            until = _replyparts.snooze_date(folded, local.date(), month_first, windows, snoozes)
            if reason is None and until is not None:
                reason = Objection.TIMING  # "maybe next quarter": not now, later
    referred_to = None
    if label is ReplyLabel.REFERRAL:
        address = _EMAIL.search(body) if "@" in body else None
        referred_to = address.group() if address else None
    if label not in (ReplyLabel.NO, ReplyLabel.MAYBE):
        reason = None  # a classifier or min_confidence changed the label
    return ReplyReading(
        label=label,
        until=until,
        confidence=confidence,
        evidence=tuple(evidence),
        received_at=local,
        language=detected,
        referred_to=referred_to,
        source=source,
        reason=reason,
    )


def train_reply_model(
    rows: Iterable[Mapping[str, Any] | tuple[str, str]],
    *,
    features_kept: int = 12_000,
    epochs: int = 20,
    seed: int = 0,
    below: float = 0.7,
    least: float = 0.5,
    trained_on: str = "",
) -> ReplyModel:
    """Train a :class:`ReplyModel` on labelled replies: a team's own, or cadencekit's with them.

    ``rows`` are mappings with ``"text"`` (the reply as received, quoted
    thread and all: it is cut to its new text as :func:`read_reply` cuts
    it) and ``"label"`` (a :class:`ReplyLabel` value), such as the lines of
    a JSONL file, or ``(text, label)`` pairs. Pure Python and deterministic:
    the same rows and options give an equal model (the order of the
    replies is shuffled by a generator seeded with ``seed``). Keep
    ``model.to_dict()`` as JSON and read it back with
    :meth:`ReplyModel.from_dict`; ``benchmarks/train_reply_model.py``
    does both from JSONL files.

    Args:
        rows: the labelled replies (a few hundred a label make a useful
            model; cadencekit's own was trained on about 1,600).
        features_kept: how many features the model keeps (those with the
            largest weights): its size, about 20 bytes each as JSON.
        epochs: passes of stochastic gradient descent.
        seed: the seed of the shuffle.
        below: the rules' confidence below which the model is read.
        least: the probability the model needs to replace the rules' label.
        trained_on: what it was trained on, in words (kept on the model).

    Example:
        >>> rows = [("Yes, let's talk on Tuesday.", "positive"),
        ...         ("Sounds good, send me a time.", "positive"),
        ...         ("We went with another vendor.", "no"),
        ...         ("We signed with a competitor last month.", "no")]
        >>> model = train_reply_model(rows, epochs=5)
        >>> read_reply("We went with a competitor.", received_at="2026-12-01T10:00:00Z",
        ...            tz="UTC", model=model).label
        <ReplyLabel.NO: 'no'>
    """
    return _model.train(
        rows,
        _new_text,
        features_kept=features_kept,
        epochs=epochs,
        seed=seed,
        below=below,
        least=least,
        trained_on=trained_on,
    )
