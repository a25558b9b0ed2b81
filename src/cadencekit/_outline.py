"""The outline parser behind :meth:`cadencekit.Cadence.from_text`.

It reads cadences the way people paste them from playbooks and blog posts:
one ``Day N: …`` line per day, bullets and headings around them, the channels
named in the words a sales team uses. The rules, in the order they apply:

- **Day lines.** A line is a day line when, after an optional bullet
  (``•``, ``-``, ``*``, ``–``, ``1.``, ``1)``, ``#`` headings, ``**bold**``),
  it starts with ``Day N`` followed by ``:``, ``-``, ``–``, ``—``, ``.`` or a
  space (``Day 1: …``, ``Day 1 - …``, ``DAY 1 …``). A parenthesis right after
  the number (``Day 1 (Mon): …``) is dropped.
- **Other lines.** Before the first day line, the first line that is not
  blank and not an ``Objective:`` (or ``Goal:``) line is the title (the
  cadence name when ``name=`` is not given); the rest are ignored. Blank
  lines, headings and notes after a day line are ignored too, with one
  exception: under a day line with nothing after ``Day N:``, the bulleted or
  indented lines that follow are that day's touches, one line after another.
- **Channels.** The words of :data:`VOCABULARY` name channels. Several
  channel words on a line are several touches of that day, in the order
  written ("Email then call"). The same channel named twice in a row is one
  touch ("LinkedIn connection request", "Email — Intro email") unless
  ``then``, ``and``, ``followed by``, ``after that``, ``plus`` or ``;``
  stands between the two.
- **Alternatives.** Channels joined by ``/`` or ``or`` are one touch: the
  first is its channel, the others its alternatives ("Email/InMail", "Call
  or LinkedIn message").
- **Fallbacks.** A touch after a call of its line (or of an earlier line
  of the same day) is left only if the call is not answered
  (``skip_if_connected``) when its part says so ("if no answer", "if
  nobody answers", "when nobody picks up", "if you can't reach them",
  "otherwise", ``(if no answer)``), also when the condition opens its
  clause ("Call. If nobody picks up, leave a voicemail. Only then."); and
  a voicemail is when ``followed by``, ``with`` or ``and`` joins it to the
  call right before it ("Call followed by a voicemail", "a call with a
  voicemail"); after ``then`` or ``;`` with no condition it is a voicemail
  of its own.
- **Step numbers.** Each line that names touches is one step, numbered 1,
  2, 3, ... down the outline, whatever touches it expands into ("Day 3:
  Call; leave a voicemail if nobody answers" is one step, the call and its
  fallback). ``Step N`` in front of a day line (``Step 4 — Day 6: Call``)
  states the number; the lines after it count on from there. Under a bare
  ``Day N:`` line, each bulleted line is a step.
- **Marks.** ``(plain text)`` (or "plain text" in the part) makes a
  plain-text message; ``(manual)`` and ``(automated)`` set ``automated``.
  In the :meth:`~cadencekit.Cadence.describe` dialect, ``(verbatim)``
  keeps a label holding ``subject "…"`` as the label, not a subject.
- **Meetings.** "meeting" and "appointment" name a meeting only when no other
  channel word shares their clause (clauses are split by ``;``, ``then``,
  ``followed by``, ``after that``): "Contact the lead via phone to request an
  appointment" is one call, "Email; then Meeting" is an email and a meeting.
- **Not channels.** "call to action" and "plain text" / "plain-text" are not
  a call or a text message.
- **No channel word.** A line without one is an email ("Value driven
  follow-up" is an email labelled so).
- **Subjects.** ``subject "…"`` (or ``subject line: '…'``, curly quotes
  too) sets the subject of that line's email touch (the last email before
  it, else the first after it; on a line with no email, the touch it sits
  in). The quoted text is not searched for channel words.
- **Labels.** Each touch gets the text of its part of the line, trimmed of
  connectors and punctuation. ``Email — Intro`` (a channel word, then a dash
  or a colon) gives the label ``Intro``; a part that is only channel words
  and filler words ("a voicemail", "send an email") gives no label. A line
  written the way :meth:`~cadencekit.Cadence.describe` writes it (parts
  ``Email/LinkedIn (manual) — label`` joined by ``; then``) keeps each
  label exactly, channel words and all.
- **Day basis.** A ``Days: calendar days`` (or ``business days``) line
  before Day 1 names the basis. Otherwise a title that states a span ("Re-
  engagement cadence (2-3 weeks)", "(10 business days)") picks the basis
  that fits it: the last day, Day 20, does not fit in 3 weeks of business
  days (15) but does in calendar days (21), so the days are calendar days.
  When both fit, or the title states no span, nothing is said (business
  days, the default).

Errors name the offending line and its number: no day line at all, Day 0,
a range like ``Day 1-3``, a day that goes backwards, or a ``Step N`` that
does not come after the step before. The same day on two
lines adds the second line's touches after the first's.
"""

from __future__ import annotations

import bisect
import itertools
import re
from datetime import time, timedelta
from typing import Final, NamedTuple

from .channels import Channel
from .errors import InvalidFieldError

__all__ = ["VOCABULARY", "Outline", "OutlineStep", "has_subject", "parse_outline", "span_basis"]

VOCABULARY: Final[tuple[tuple[str, Channel], ...]] = (
    # (regular expression for the words, channel); longer phrases first.
    (r"voice[\s-]?mails?|vms?", Channel.VOICEMAIL),
    (r"e-?mail(?:s|ed|ing)?", Channel.EMAIL),
    (r"linked-?in\s+connect\b", Channel.LINKEDIN_CONNECT),
    (
        r"(?:linked-?in\s+)?profile\s+visits?|visit\s+(?:their|the)\s+(?:linked-?in\s+)?profile",
        Channel.LINKEDIN_VISIT,
    ),
    (r"whats-?app", Channel.WHATSAPP),
    # "InMail", "LinkedIn InMail", "LinkedIn message" and "connection request" read as they
    # always did (the one LinkedIn channel); describe()'s own labels name the actions exactly.
    (r"in-?mails?|linked-?in|connection\s+requests?", Channel.LINKEDIN),
    (r"call(?:s|ed|ing)?|phone(?:s|d)?|dial(?:s|ed|led|ing|ling)?", Channel.CALL),
    (r"sms|texts?|texted|texting", Channel.SMS),
    (r"meetings?|appointments?", Channel.MEETING),
    (r"tasks?", Channel.TASK),
)
"""The words each channel is written with, as case-insensitive regular expressions."""

_CHANNEL_RE: Final = re.compile(
    "|".join(rf"(?P<c{index}>\b(?:{words})\b)" for index, (words, _) in enumerate(VOCABULARY)),
    re.IGNORECASE,
)
_CHANNEL_WORD: Final = "(?:" + "|".join(words for words, _ in VOCABULARY) + ")"

# Phrases that contain a channel word but name no channel.
_NOT_CHANNELS: Final = re.compile(
    r"\bcall[\s-]+to[\s-]+action\b|\bplain[\s-]+text\b", re.IGNORECASE
)

# Between two touches: what separates them (the last one in the gap wins).
_CONNECTOR: Final = re.compile(
    r";|,|/|\+|&|\b(?:and\s+then|then|followed\s+by|after\s+that|and|plus|or)\b", re.IGNORECASE
)
# A connector that joins alternatives: one touch on one of the channels.
_ALTERNATIVE: Final = re.compile(r"/|\bor\b", re.IGNORECASE)
# Between a call and the voicemail right after it: the voicemail is its fallback.
_FALLBACK_JOIN: Final = re.compile(
    r"\bfollowed\s+by\b|\bwith\b|\band\b(?!\s+then\b)", re.IGNORECASE
)
_NO_ANSWER: Final = re.compile(
    r"\b(?:if|when|in\s+case)\s+(?:there\s+is\s+|there's\s+)?no\s+(?:answer|pick-?up)\b"
    r"|\b(?:if|when)\s+(?:unanswered|not\s+answered)\b|\bgoes\s+unanswered\b"
    r"|\b(?:if|when)\s+(?:they|nobody|no[\s-]?one|the\s+(?:prospect|lead|contact)|he|she)\s+"
    r"(?:(?:don't|doesn't|do\s+not|does\s+not|didn't|did\s+not)\s+)?(?:answers?|picks?\s+up)\b"
    r"|\b(?:if|when)\s+(?:you|we|the\s+rep)\s+(?:can't|cannot|can\s+not|don't|do\s+not)\s+"
    r"(?:reach|get\s+through|connect)\b"
    r"|\b(?:if|when)\s+(?:the\s+call|it)\s+(?:is\s+not|isn't)\s+answered\b"
    r"|\b(?:if|when)\s+(?:it|the\s+call|you)\s+(?:goes|go|gets?|reach(?:es)?|hits?)\s+"
    r"(?:to\s+)?(?:their\s+|the\s+|a\s+)?(?=voice[\s-]?mail|vm)"
    r"|\bno\s+answer\s*\?|\botherwise\b",
    re.IGNORECASE,
)
# What ends a clause right before a condition that opens the next touch's part
# ("Call. If nobody picks up, leave a voicemail"): the condition is then that touch's.
_CLAUSE_END: Final = re.compile(r"(?:[.;:!?,—–\-]|\b(?:and|then))\s*$", re.IGNORECASE)
# "Only then." at the end of a line stresses a condition; it names no touch.
_ONLY_THEN: Final = re.compile(r"\bonly\s+then\s*[.!]*\s*$", re.IGNORECASE)
_PLAIN: Final = re.compile(r"\bplain[\s-]+text\b", re.IGNORECASE)
# The marks describe() writes after the channels: "(if no answer)", "(manual)".
_MARK: Final = re.compile(
    r"\(\s*(?P<mark>if\s+no\s+answer|plain[\s-]+text|manual|automated)\s*\)", re.IGNORECASE
)
_MARK_KINDS: Final = {"i": "fallback", "p": "plain", "m": "manual", "a": "automated"}
# Between two mentions of the same channel: what makes them two touches.
_REPEAT: Final = re.compile(
    r";|\+|&|\b(?:then|followed\s+by|after\s+that|and|plus)\b", re.IGNORECASE
)
# What splits a line into clauses, for the meeting rule.
_CLAUSE: Final = re.compile(r";|\b(?:then|followed\s+by|after\s+that)\b", re.IGNORECASE)

_FILLER: Final = frozenset(
    {"a", "an", "the", "another", "one", "send", "sends", "leave", "leaves", "make", "makes"}
    | {"do", "via", "by", "with", "to", "and", "then", "plus", "or"}
)
_EDGE_PUNCTUATION: Final = " \t.,;:/+&-–—|"
# Trimmed off the ends of a touch's part of the line, word by word.
_LEADING_WORDS: Final = frozenset({"and", "then", "plus", "or"})
_TRAILING_WORDS: Final = frozenset(
    {"with", "a", "an", "the", "and", "then", "plus", "via", "by", "or"}
)
_CONNECTOR_PAIRS: Final = frozenset({("followed", "by"), ("after", "that"), ("and", "then")})
_PREFIX_LABEL: Final = re.compile(
    rf"^(?:{_CHANNEL_WORD})(?:\s+(?:{_CHANNEL_WORD}))*\s*(?:—|–|--|:|\s-)\s*(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)

# One bullet mark; repeated by the patterns that use it (a "+" here would make
# "(?:bullet\s*)*" backtrack exponentially on a line of dashes).
_BULLET: Final = r"(?:[•◦▪▫●○■□►▸‣⁃·*+\-–—]|\d{1,3}[.)]|\[[ xX]?\])"
_DAY_LINE: Final = re.compile(
    rf"^\s*(?:{_BULLET}\s*)*(?:#+\s*)?"
    r"(?:step\s*(?P<step>\d+)\s*(?:[:.\-–—|,)]\s*)?)?"
    r"day\s*(?P<day>\d+)"
    r"(?P<range>\s*(?:-|–|—|to)\s*\d+\b)?"
    r"(?:\s*\([^)]*\))?"
    r"(?:\s*[:.\-–—)|]|\s|$)\s*(?P<body>.*)$",
    re.IGNORECASE,
)
_OBJECTIVE_LINE: Final = re.compile(
    rf"^\s*(?:{_BULLET}\s*)*(?:#+\s*)?(?:objective|goal)\s*[:\-–—]\s*(?P<text>.*\S)\s*$",
    re.IGNORECASE,
)
_SUB_LINE: Final = re.compile(rf"^(?:\s+|\s*{_BULLET}\s+)(?P<body>\S.*)$")
_TITLE_CLEAN: Final = re.compile(rf"^\s*(?:{_BULLET}\s*)*(?:#+\s*)?")
_BASIS_LINE: Final = re.compile(
    rf"^\s*(?:{_BULLET}\s*)*(?:#+\s*)?(?:days|day\s+basis)\s*[:\-–—]\s*"
    r"(?P<basis>calendar|business)(?:\s+days)?\s*\.?\s*$",
    re.IGNORECASE,
)
# A span a title states: "(2-3 weeks)", "7-10 days", "(10 business days)".
_SPAN: Final = re.compile(
    r"(?<![\w.])(?:\d{1,3}\s?(?:-|–|—|to)\s?)?(?P<high>\d{1,3})[\s-]?"
    r"(?P<kind>(?:business|working|calendar)\s)?(?P<unit>days?|weeks?)\b",
    re.IGNORECASE,
)
_SPAN_SEARCHED: Final = 200  # characters of the title; a span sits near its start
# The describe() dialect: "Email/LinkedIn (if no answer) — label", parts joined by "; then ".
_LABELS_RE: Final = "|".join(  # longest first: "LinkedIn InMail" before "LinkedIn"
    re.escape(label) for label in sorted((c.label for c in Channel), key=len, reverse=True)
)
# A team's own channel as describe() writes it: its value, "custom:direct mail".
_CUSTOM_RE: Final = r"custom:[^\s/()—][^/()—]*?"
# The timing marks describe() writes: "(2 hours after)", "(at 09:30)", "(30 days before
# renewal)", "(on renewal)", "(2 business days after renewal)".
_AFTER_MARK: Final = re.compile(
    r"(?P<parts>(?:\d+ (?:day|hour|minute|second)s? )+)after", re.IGNORECASE
)
_AFTER_PART: Final = re.compile(r"(\d+) (day|hour|minute|second)s?", re.IGNORECASE)
_AT_MARK: Final = re.compile(r"at (?P<time>\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)")
_ANCHOR_MARK: Final = re.compile(
    r"on (?P<on>[^()\n]+)"
    r"|(?P<days>\d+) (?P<business>business )?days? (?P<side>before|after) (?P<name>[^()\n]+)",
    re.IGNORECASE,
)
_DESCRIBED: Final = re.compile(
    rf"(?P<channels>(?:{_LABELS_RE}|{_CUSTOM_RE})(?:/(?:{_LABELS_RE}|{_CUSTOM_RE}))*)"
    r"(?P<marks>(?: \((?:if no answer|plain text|manual|automated|verbatim"
    r"|(?:\d+ (?:day|hour|minute|second)s? )+after|at \d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?"
    r"|on [^()\n]+|\d+ (?:business )?days? (?:before|after) [^()\n]+)\))*)"
    r"(?: — (?P<label>\S.*))?",
    re.IGNORECASE,
)
_BY_LABEL: Final = {channel.label.lower(): channel for channel in Channel}

_FRACTION: Final = re.compile(r"\s*[.,]\d")
_MAX_DAY_DIGITS: Final = 6
_OPEN_QUOTES: Final = {'"': '"”“', "“": '”"', "'": "'’", "‘": "’'"}
_SUBJECT: Final = re.compile(r"\bsubject(?:\s+line)?\s*(?:[:=\-–—]|\bis\b)?\s*", re.IGNORECASE)


class OutlineStep(NamedTuple):
    """One touch read from an outline, with the line it came from.

    ``automated`` is None when the outline does not say (the channel's default).
    ``number`` is the step number of its line: every touch of a line shares it.
    """

    channel: Channel
    day: int
    label: str | None
    subject: str | None
    line: int
    alternatives: tuple[Channel, ...] = ()
    skip_if_connected: bool = False
    automated: bool | None = None
    format: str = "html"
    number: int | None = None
    after: timedelta | None = None
    at_time: time | None = None
    anchor: tuple[str, int, str] | None = None  # name, days, "calendar" or "business"


class Outline(NamedTuple):
    """What an outline says: its title, objective, touches in order and day basis.

    ``day_basis`` is ``"calendar"`` or ``"business"`` when the outline says
    which (a ``Days:`` line, or a span in the title that only one basis
    fits), else None.
    """

    title: str | None
    objective: str | None
    steps: tuple[OutlineStep, ...]
    day_basis: str | None = None


class _Touch(NamedTuple):
    channel: Channel
    label: str | None
    subject: str | None
    alternatives: tuple[Channel, ...] = ()
    skip_if_connected: bool = False
    automated: bool | None = None
    format: str = "html"
    after: timedelta | None = None
    at_time: time | None = None
    anchor: tuple[str, int, str] | None = None


class _Mention(NamedTuple):
    start: int
    end: int
    channel: Channel


def _clean(line: str) -> str:
    """The line without Markdown emphasis markers."""
    return line.replace("**", "").replace("__", "")


def _mask(text: str, pattern: re.Pattern[str]) -> str:
    """``text`` with the matches of ``pattern`` blanked out, positions kept."""
    return pattern.sub(lambda match: " " * len(match.group()), text)


def _mentions(masked: str) -> list[_Mention]:
    mentions = []
    for match in _CHANNEL_RE.finditer(masked):
        index = int(next(name for name, value in match.groupdict().items() if value)[1:])
        mentions.append(_Mention(match.start(), match.end(), VOCABULARY[index][1]))
    # The meeting rule: a meeting word counts only alone in its clause.
    clauses = [match.start() for match in _CLAUSE.finditer(masked)]

    def clause(position: int) -> int:
        return bisect.bisect_right(clauses, position)

    busy = {clause(m.start) for m in mentions if m.channel is not Channel.MEETING}
    return [m for m in mentions if m.channel is not Channel.MEETING or clause(m.start) not in busy]


_CLOSING: Final = {
    closers: re.compile(rf"[{re.escape(closers)}](?=$|[\s,.;:!?)\]])")
    for closers in set(_OPEN_QUOTES.values())
}


def _subjects(body: str) -> tuple[str, list[tuple[int, str]]]:
    """The body with each ``subject "…"`` cut out, and (position, subject) pairs.

    Linear in the body: the cut body is built from pieces, and once a kind
    of quote has no closing one after some point, it is not looked for again.
    """
    found: list[tuple[int, str]] = []
    pieces: list[str] = []
    length = 0  # of the cut body so far
    kept = 0  # where the uncut rest of ``body`` starts
    unclosed: dict[str, int] = {}  # quote kind -> no closing one after this index
    position = 0
    while match := _SUBJECT.search(body, position):
        start = match.end()
        position = match.end()
        closers = _OPEN_QUOTES.get(body[start : start + 1])
        if closers is None or unclosed.get(closers, len(body) + 1) <= start + 1:
            continue
        end = _CLOSING[closers].search(body, start + 1)
        if end is None:
            unclosed[closers] = start + 1
            continue
        if not body[start + 1 : end.start()].strip():
            continue
        piece = body[kept : match.start()]
        pieces.append(piece)
        length += len(piece)
        found.append((length, body[start + 1 : end.start()].strip()))
        pieces.append(" ")
        length += 1
        kept = position = end.end()
    if not found:
        return body, found
    pieces.append(body[kept:])
    return "".join(pieces), found


def _trim(segment: str) -> str:
    """The segment without connectors, filler and punctuation at its ends (linear time)."""
    words = re.sub(r"\(\s*\)|\[\s*\]", "", segment).split()  # "()" left by a cut subject
    bare = [word.strip(_EDGE_PUNCTUATION).lower() for word in words]
    first, last = 0, len(words)
    while first < last:
        if first + 1 < last and (bare[first], bare[first + 1]) in _CONNECTOR_PAIRS:
            first += 2
        elif not bare[first] or bare[first] in _LEADING_WORDS:
            first += 1
        else:
            break
    while last > first:
        if last - 2 >= first and (bare[last - 2], bare[last - 1]) in _CONNECTOR_PAIRS:
            last -= 2
        elif not bare[last - 1] or bare[last - 1] in _TRAILING_WORDS:
            last -= 1
        else:
            break
    return " ".join(words[first:last]).strip(_EDGE_PUNCTUATION)


def _label(segment: str) -> str | None:
    text = _trim(segment)
    prefixed = _PREFIX_LABEL.match(text)
    if prefixed is not None:
        return _trim(prefixed.group("rest")) or None
    masked = _mask(text, _NOT_CHANNELS)
    words = _CHANNEL_RE.sub(" ", masked).split()
    if all(word.lower().strip(_EDGE_PUNCTUATION) in _FILLER | {""} for word in words):
        return None
    return text or None


def _described(body: str, call_before: bool) -> list[_Touch] | None:
    """The touches of a line in the dialect :meth:`Cadence.describe` writes, else None.

    Labels are kept exactly, channel words and all. Linear: one split, one
    match per part. ``call_before``: an earlier line of the day has a call.
    """
    touches: list[_Touch] = []
    call_seen = call_before
    for part in body.split("; then "):
        match = _DESCRIBED.fullmatch(part)
        if match is None:
            return None
        channels = [
            Channel(name) if name[:7].lower() == "custom:" else _BY_LABEL[name.lower()]
            for name in match.group("channels").split("/")
        ]
        if len(set(channels)) != len(channels):
            return None
        marks = match.group("marks").lower()
        if "(verbatim)" not in marks and has_subject(match.group("label") or ""):
            return None  # 'Email — Intro, subject "Hi"': a subject, read as people write it
        automated = True if "(automated)" in marks else False if "(manual)" in marks else None
        fallback = "(if no answer)" in marks and channels[0] is not Channel.CALL
        after, at_time, anchor = _timing(match.group("marks"))
        touches.append(
            _Touch(
                channels[0],
                match.group("label"),
                None,
                tuple(channels[1:]),
                fallback and call_seen,
                automated,
                "plain" if "(plain text)" in marks else "html",
                after,
                at_time,
                anchor,
            )
        )
        call_seen = call_seen or channels[0] is Channel.CALL
    return touches


def _timing(
    marks: str,
) -> tuple[timedelta | None, time | None, tuple[str, int, str] | None]:
    """The wait, the time of day and the date anchor that a part's marks state."""
    after: timedelta | None = None
    at_time: time | None = None
    anchor: tuple[str, int, str] | None = None
    for mark in re.findall(r"\(([^()]*)\)", marks):
        waited = _AFTER_MARK.fullmatch(mark)
        if waited is not None:
            units = {"day": 0, "hour": 0, "minute": 0, "second": 0}
            for count, unit in _AFTER_PART.findall(waited.group("parts")):
                units[unit.lower()] += int(count)
            after = timedelta(
                days=units["day"],
                hours=units["hour"],
                minutes=units["minute"],
                seconds=units["second"],
            )
            continue
        at = _AT_MARK.fullmatch(mark)
        if at is not None:
            try:
                at_time = time.fromisoformat(at.group("time"))
            except ValueError:
                raise InvalidFieldError(
                    "text", mark, "expected a time of day like 'at 09:30'"
                ) from None
            continue
        dated = _ANCHOR_MARK.fullmatch(mark)
        if dated is not None:
            if dated.group("on") is not None:
                anchor = (dated.group("on"), 0, "calendar")
            else:
                days = int(dated.group("days")) * (-1 if dated.group("side") == "before" else 1)
                basis = "business" if dated.group("business") else "calendar"
                anchor = (dated.group("name"), days, basis)
    return after, at_time, anchor


def has_subject(text: str) -> bool:
    """Whether ``text`` holds a ``subject "…"`` that an outline reads as a subject.

    :meth:`~cadencekit.Touchpoint.describe` marks a label holding one
    ``(verbatim)``, so that :meth:`~cadencekit.Cadence.from_text` keeps it
    as the label it is.

    Example:
        >>> has_subject('Ask, subject "Quick question"'), has_subject("Subject line test")
        (True, False)
    """
    return "subject" in text.lower() and bool(_subjects(text)[1])


def _touches(body: str, call_before: bool = False) -> list[_Touch]:
    """The touches one day line (or sub-line) names.

    ``call_before``: an earlier line of the same day has a call, so a touch
    of this line may be its fallback ("Day 3: Call" then "Day 3: Voicemail
    if no answer").
    """
    described = _described(body, call_before)
    if described is not None:
        return described
    body, subjects = _subjects(body)
    marks = [(m.start(), _MARK_KINDS[m.group("mark")[0].lower()]) for m in _MARK.finditer(body)]
    body = _mask(_mask(body, _MARK), _ONLY_THEN)
    masked = _mask(body, _NOT_CHANNELS)
    mentions = _mentions(masked)
    if not mentions:
        return [_touch(Channel.EMAIL, (), body, marks, (0, len(body)), (False, False), subjects)]
    groups: list[list[_Mention]] = [[mentions[0]]]
    for mention in mentions[1:]:
        last = groups[-1][-1]
        gap = masked[last.end : mention.start]
        if mention.channel is last.channel and not _REPEAT.search(gap):
            groups[-1].append(mention)
        else:
            groups.append([mention])
    # Cut the line between groups: at the last connector in the gap, else
    # right before the next channel word. A "/" or "or" there joins the two
    # groups into one touch (the second an alternative) instead.
    units: list[list[list[_Mention]]] = [[groups[0]]]
    bounds: list[tuple[int, int]] = []
    start = 0
    for group, following in itertools.pairwise(groups):
        gap_start, gap_end = group[-1].end, following[0].start
        connectors = list(_CONNECTOR.finditer(masked, gap_start, gap_end))
        if connectors and _ALTERNATIVE.fullmatch(connectors[-1].group()):
            units[-1].append(following)
            continue
        if connectors:
            bounds.append((start, connectors[-1].start()))
            start = connectors[-1].end()
        else:
            bounds.append((start, gap_end))
            start = gap_end
        units.append([following])
    bounds.append((start, len(body)))
    _lead_conditions(body, masked, units, bounds, call_before)
    touches: list[_Touch] = []
    call_seen = call_before
    for index, (unit, (a, b)) in enumerate(zip(units, bounds, strict=True)):
        channel = unit[0][0].channel
        alternatives = tuple(
            dict.fromkeys(g[0].channel for g in unit[1:] if g[0].channel is not channel)
        )
        # A fallback needs a call earlier on the line (Cadence checks the day).
        eligible = channel is not Channel.CALL and call_seen
        call_seen = call_seen or channel is Channel.CALL
        joined = (
            eligible
            and channel is Channel.VOICEMAIL
            and units[index - 1][0][0].channel is Channel.CALL
            and _FALLBACK_JOIN.search(masked, units[index - 1][-1][-1].end, unit[0][0].start)
            is not None
        )
        touches.append(_touch(channel, alternatives, body, marks, (a, b), (eligible, joined), []))
    for position, subject in subjects:
        emails = [i for i, touch in enumerate(touches) if touch.channel is Channel.EMAIL]
        holder = next(i for i, (a, b) in enumerate(bounds) if position < b or i == len(bounds) - 1)
        if emails:
            before = [i for i in emails if bounds[i][0] <= position]
            target = before[-1] if before else emails[0]
        else:
            target = holder
        touches[target] = touches[target]._replace(subject=subject)
    return touches


def _lead_conditions(
    body: str,
    masked: str,
    units: list[list[list[_Mention]]],
    bounds: list[tuple[int, int]],
    call_before: bool,
) -> None:
    """Give a condition that opens a touch's clause to that touch, not the one before.

    "Call. If nobody picks up, leave a voicemail": the cut would fall at the
    comma, leaving "If nobody picks up" to the call. When a no-answer
    condition starts a clause (after ``.``, ``;``, ``,``, a dash, ``and``
    or ``then``) between a call and the touch after it, the cut moves to the
    condition, so the touch's part says it and the touch is a fallback. A
    condition right after a touch ("email if no answer, then ...") stays
    that touch's. ``bounds`` is changed in place.
    """
    call_seen = call_before
    for index, unit in enumerate(units):
        if index and call_seen and unit[0][0].channel is not Channel.CALL:
            gap_start = units[index - 1][-1][-1].end
            found = _NO_ANSWER.search(body, gap_start, unit[0][0].end)
            if (
                found is not None
                and found.start() < unit[0][0].start
                and found.start() < bounds[index][0]
                and _CLAUSE_END.search(masked, gap_start, found.start()) is not None
            ):
                bounds[index - 1] = (bounds[index - 1][0], found.start())
                bounds[index] = (found.start(), bounds[index][1])
        call_seen = call_seen or unit[0][0].channel is Channel.CALL


def _touch(
    channel: Channel,
    alternatives: tuple[Channel, ...],
    body: str,
    marks: list[tuple[int, str]],
    bounds: tuple[int, int],
    fallback: tuple[bool, bool],
    subjects: list[tuple[int, str]],
) -> _Touch:
    """One touch from its part ``body[start:end]`` of the line and the marks inside it.

    ``fallback`` is (may be one, joined to its call as one).
    """
    start, end = bounds
    first = bisect.bisect_left(marks, (start, ""))
    last = bisect.bisect_left(marks, (end, ""))
    kinds = {kind for _, kind in marks[first:last]}
    eligible, joined = fallback
    said = "fallback" in kinds or _NO_ANSWER.search(body, start, end) is not None
    automated = True if "automated" in kinds else False if "manual" in kinds else None
    plain = "plain" in kinds or _PLAIN.search(body, start, end) is not None
    return _Touch(
        channel,
        _label(body[start:end]),
        subjects[0][1] if subjects else None,
        alternatives,
        eligible and (joined or said),
        automated,
        "plain" if plain else "html",
    )


def span_basis(title: str | None, last_day: int) -> str | None:
    """The day basis a title's stated span implies for a cadence ending on ``last_day``.

    ``"calendar"`` or ``"business"`` when the title says so ("(20 calendar
    days)") or when only that basis fits the span; None when the title
    states no span or both bases fit it (or neither).

    Example:
        >>> span_basis("Re-engagement cadence (2-3 weeks)", 20)
        'calendar'
        >>> span_basis("Cold outreach cadence (7-10 days)", 10) is None
        True
    """
    if not title:
        return None
    match = _SPAN.search(title[:_SPAN_SEARCHED])
    if match is None:
        return None
    high = int(match.group("high"))
    kind = (match.group("kind") or "").strip().lower()
    if kind:
        return "calendar" if kind == "calendar" else "business"
    if match.group("unit").lower().startswith("day"):
        return None  # "10 days" fits Day 10 in either basis
    business, calendar = last_day <= 5 * high, last_day <= 7 * high
    return "calendar" if calendar and not business else None


def _error(line_number: int, line: str, problem: str) -> InvalidFieldError:
    return InvalidFieldError("text", line.strip(), f"line {line_number}: {problem}")


def parse_outline(text: object) -> Outline:
    """Read an outline into its title, objective and steps (see the module docs).

    Example:
        >>> outline = parse_outline(chr(10).join(["Cold", "Day 1: Email/InMail", "Day 3: Email then call"]))
        >>> outline.title, [(s.day, s.channel.value, s.alternatives) for s in outline.steps]
        ('Cold', [(1, 'email', (<Channel.LINKEDIN: 'linkedin'>,)), (3, 'email', ()), (3, 'call', ())])
    """
    if not isinstance(text, str):
        raise InvalidFieldError("text", text, "expected the outline as a string")
    title: str | None = None
    objective: str | None = None
    steps: list[OutlineStep] = []
    basis: str | None = None
    last_day: tuple[int, int] | None = None  # (day, line number)
    open_day: tuple[int, int] | None = None  # a "Day N:" line with nothing after it
    open_day_used = False
    number = 0  # the step number of the last step line
    stated: int | None = None  # a "Step N" an open day line gave its first step
    call_day = 0  # the last day a line named a call on

    def next_number() -> int:
        nonlocal number, stated
        number = stated if stated is not None else number + 1
        stated = None
        return number

    def close_open_day() -> None:
        nonlocal open_day, open_day_used
        if open_day is not None and not open_day_used:
            steps.append(
                OutlineStep(
                    Channel.EMAIL, open_day[0], None, None, open_day[1], number=next_number()
                )
            )
        open_day = None
        open_day_used = False

    for line_number, raw in enumerate(text.splitlines(), start=1):
        line = _clean(raw)
        if not line.strip():
            continue
        day_line = _DAY_LINE.match(line)
        if day_line is not None:
            close_open_day()
            digits = day_line.group("day")
            if _FRACTION.match(line, day_line.end("day")):
                raise _error(line_number, raw, "a day is a whole number, like 'Day 2: Email'")
            if len(digits) > _MAX_DAY_DIGITS:
                raise _error(
                    line_number,
                    raw,
                    f"a day has at most {_MAX_DAY_DIGITS} digits, like 'Day 30: Call'",
                )
            day = int(digits)
            if day_line.group("range"):
                raise _error(line_number, raw, "a range of days; write one 'Day N: …' line per day")
            if day < 1:
                raise _error(
                    line_number, raw, f"Day {day} is not a cadence day; days start at Day 1"
                )
            if last_day is not None and day < last_day[0]:
                raise _error(
                    line_number,
                    raw,
                    f"Day {day} comes after Day {last_day[0]} (line {last_day[1]}); "
                    "days must not go backwards",
                )
            last_day = (day, line_number)
            if day_line.group("step") is not None:
                stated = _stated_step(day_line.group("step"), number, line_number, raw)
            body = day_line.group("body").strip()
            if not body.strip(_EDGE_PUNCTUATION):
                open_day = (day, line_number)
                continue
            step_number = next_number()
            added = [
                _step(touch, day, line_number, step_number)
                for touch in _touches(body, call_day == day)
            ]
            steps.extend(added)
            call_day = _call_day(added, call_day)
            continue
        if last_day is None:
            basis_line = _BASIS_LINE.match(line)
            if basis_line is not None:
                basis = basis_line.group("basis").lower()
                continue
        objective_line = _OBJECTIVE_LINE.match(line)
        if objective_line is not None:
            if objective is None:
                objective = objective_line.group("text").strip()
            continue
        if open_day is not None:
            sub_line = _SUB_LINE.match(line)
            if sub_line is not None:
                open_day_used = True
                step_number = next_number()
                added = [
                    _step(touch, open_day[0], line_number, step_number)
                    for touch in _touches(sub_line.group("body"), call_day == open_day[0])
                ]
                steps.extend(added)
                call_day = _call_day(added, call_day)
                continue
            close_open_day()
        if last_day is None and title is None:
            title = _TITLE_CLEAN.sub("", line).strip().rstrip(":").strip() or None
    close_open_day()
    if not steps:
        shown = text if len(text) <= 60 else text[:57] + "..."
        raise InvalidFieldError(
            "text", shown, "no line like 'Day 1: Email' found; write one 'Day N: …' line per day"
        )
    if basis is None:
        basis = span_basis(title, steps[-1].day)
    return Outline(title, objective, tuple(steps), basis)


def _call_day(added: list[OutlineStep], call_day: int) -> int:
    """The last day with a call, after a line's steps ``added``."""
    return next((s.day for s in reversed(added) if s.channel is Channel.CALL), call_day)


def _stated_step(digits: str, previous: int, line_number: int, raw: str) -> int:
    """The number a ``Step N`` in front of a day line states; it must come after ``previous``."""
    if len(digits) > _MAX_DAY_DIGITS:
        raise _error(
            line_number, raw, f"a step has at most {_MAX_DAY_DIGITS} digits, like 'Step 3 — Day 5'"
        )
    stated = int(digits)
    if stated <= previous:
        raise _error(
            line_number,
            raw,
            f"Step {stated} comes after step {previous}; step numbers must increase line by line",
        )
    return stated


def _step(touch: _Touch, day: int, line: int, number: int) -> OutlineStep:
    return OutlineStep(
        touch.channel,
        day,
        touch.label,
        touch.subject,
        line,
        touch.alternatives,
        touch.skip_if_connected,
        touch.automated,
        touch.format,
        number,
        touch.after,
        touch.at_time,
        touch.anchor,
    )
