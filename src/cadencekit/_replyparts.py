"""The pieces :func:`cadencekit.read_reply` is made of, below the phrase matcher.

Text folding (lower case, accents dropped, one character for one, so
positions stay valid), prefix-factored regular expressions of word lists, a
reply's language from its commonest words, key words matched through a
typo (a bounded edit distance, no dependency), and the dates: the first
day an out-of-office person is back, and when a "maybe" says to come back.

Everything here is linear in the text: each regular expression is either
prefix-factored literals or bounded repeats, with no nested unbounded
quantifiers.
"""

from __future__ import annotations

import calendar as _monthcal
import functools
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Any, Final, TypeAlias

from . import _phrases

# --- folding -------------------------------------------------------------------------

# One character for one character, so positions in the folded text are
# positions in the reply: lower case (done first) and accents dropped.
_FOLD: Final = str.maketrans(
    "àáâãäåāçćčèéêëēėęìíîïīñńòóôõöøōùúûüūýÿžźż’‘`´",
    "aaaaaaaccceeeeeeeiiiiinnooooooouuuuuyyzzz''''",
)
WORD: Final = re.compile(r"\w+")
_NON_ASCII: Final = re.compile(r"[^\x00-\x7f]")
_FOLDED: Final = {chr(k): chr(v) for k, v in _FOLD.items() if isinstance(v, int)}


def _fold_char(match: re.Match[str]) -> str:
    char = match.group()
    return _FOLDED.get(char, char)


def lower(text: str) -> str:
    """``text`` in lower case, one character for one (positions stay valid)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)  # "İ" and the like


def fold(text: str) -> str:
    """Lower case without accents, one character for one."""
    return fold_lowered(lower(text))


def fold_lowered(lowered: str) -> str:
    """:func:`fold` of a text :func:`lower` gave already: ``lower`` changes nothing twice.

    (Every character's lower case is its own lower case; a test checks it.)
    """
    return lowered if lowered.isascii() else _NON_ASCII.sub(_fold_char, lowered)


# Every ASCII character that is no word character (``\W``), as a space: an ASCII text
# split on whitespace after it gives the words ``WORD`` finds, without the regex.
_ASCII_NOT_WORD: Final = str.maketrans(
    {chr(c): " " for c in range(128) if not (chr(c).isalnum() or chr(c) == "_")}
)


def words_in(text: str) -> list[str]:
    """``WORD.findall(text)``: the runs of word characters, faster for an ASCII text.

    Example:
        >>> words_in("no, thanks! don't"), words_in("¡no, señor!")
        (['no', 'thanks', 'don', 't'], ['no', 'señor'])
    """
    if text.isascii():
        return text.translate(_ASCII_NOT_WORD).split()
    return WORD.findall(text)


def key(text: str) -> str:
    """The words of ``text``, folded, one space between: how phrases are compared."""
    return " ".join(WORD.findall(fold(text)))


def trie(keys: list[str]) -> str:
    """A regular expression matching any key, factored by prefix (fast, no nested repeats).

    A space in a key matches a short run of non-word characters ("no,
    thanks", "don't", "cc'd"). Longer continuations come first, so the
    longest key wins where the text allows it: a key that ends where longer
    ones go on is ``(?:longer|)``, the same choice as ``(?:longer)?`` in the
    same order, which the engine makes without a repeat's bookkeeping (the
    phrase pattern ran 15% faster).
    """
    root: dict[str, Any] = {}
    for item in keys:
        node = root
        for char in item:
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
        if "" in node:
            return "(?:" + "|".join(branches) + "|)"
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return emit(root)


def words(items: Iterable[str]) -> str:
    """Any of ``items`` (folded), as a prefix-factored group."""
    return "(?:" + trie(sorted({key(item) for item in items} - {""})) + ")"


def at_word_start(alternatives: Iterable[str]) -> str:
    r"""``(?<!\w)(?:a|b|...)`` written so that a search skips quickly to where it can match.

    Each alternative is a regular expression that starts with one literal
    word character. A pattern that starts with a look-behind is tried at
    every character of the text; one that starts with a choice of literal
    characters lets the engine skip every other character. So the word-start
    test moves after the first character (``(?<!\w.)``, the same test one
    character on), and the alternatives are grouped by that character, in
    their order: the same matches, found faster.

    Example:
        >>> import re
        >>> pattern = re.compile(at_word_start(["no", "not", "nie", "kein\\w{0,2}"]) + r"(?!\w)")
        >>> [m.group() for m in pattern.finditer("keine idee, nicht no, kno not")]
        ['keine', 'no', 'not']
    """
    tails: dict[str, list[str]] = {}
    for alternative in alternatives:
        first = alternative[:1]
        if not WORD.fullmatch(first):
            raise ValueError(f"expected an alternative starting with a letter, got {alternative!r}")
        tails.setdefault(first, []).append(alternative[1:])
    return (
        "(?:"
        + "|".join(
            re.escape(first) + r"(?<!\w.)(?:" + "|".join(rest) + ")"
            for first, rest in tails.items()
        )
        + ")"
    )


# --- the language of a reply --------------------------------------------------------

_DETECTED_WORDS: Final = 40
"""Words of a reply its language is read from: its start says it."""


@functools.cache
def _owners() -> dict[str, tuple[str, ...]]:
    owners: dict[str, list[str]] = {}
    for language, listed in _phrases.FUNCTION_WORDS.items():
        for word in listed:
            for part in WORD.findall(fold(word)):  # "c'est" counts as "c" and "est"
                if len(part) > 1 or word == part:
                    owners.setdefault(part, [])
                    if language not in owners[part]:
                        owners[part].append(language)
    return {word: tuple(langs) for word, langs in owners.items()}


_LANGUAGE_BITS: Final = 16
"""Bits of one language's count in a packed sum (a count is at most ``_DETECTED_WORDS``)."""


@functools.cache
def _packed_owners() -> tuple[tuple[tuple[int, str], ...], dict[str, int]]:
    """``_owners`` packed: each word's languages as one integer, a count of one a language.

    The first item is ``(shift, language)`` for each language, in the order
    ``_owners`` first names them, so that a sum of packed integers is read
    by a shift and a mask.
    """
    owners = _owners()
    languages = list(dict.fromkeys(itertools.chain.from_iterable(owners.values())))
    shift = {language: _LANGUAGE_BITS * index for index, language in enumerate(languages)}
    packed = {
        word: sum(1 << shift[language] for language in langs) for word, langs in owners.items()
    }
    return tuple((shift[language], language) for language in languages), packed


_LANGUAGE_MASK: Final = (1 << _LANGUAGE_BITS) - 1


def language_counts(tokens: list[str], lowered: str) -> Counter[str]:
    """How much the words of a reply (its folded text, split) say of each language.

    Each of the commonest short words of a language (``FUNCTION_WORDS``)
    counts one for every language that has it; each letter only some
    languages write (å, ñ, ß, ã) counts once for them. (The words' counts
    are one sum of packed integers, :func:`_packed_owners`.)
    """
    languages, packed = _packed_owners()
    total = sum(map(packed.get, tokens[:_DETECTED_WORDS], itertools.repeat(0)))
    counts: Counter[str] = Counter()
    if total:
        for shift, language in languages:
            said = (total >> shift) & _LANGUAGE_MASK
            if said:
                counts[language] = said
    head = lowered[: 8 * _DETECTED_WORDS]
    if not head.isascii():
        pattern, writers = _letters()
        found_letters = set(pattern.findall(head))
        counts.update(itertools.chain.from_iterable(writers[letter] for letter in found_letters))
    return counts


@functools.cache
def _letters() -> tuple[re.Pattern[str], dict[str, tuple[str, ...]]]:
    """The letters only some languages write, as one character class, and who writes each."""
    writers: dict[str, list[str]] = {}
    for language, letters in _phrases.LETTERS.items():
        for letter in letters:
            writers.setdefault(letter, []).append(language)
    pattern = re.compile("|".join(sorted(map(re.escape, writers), key=len, reverse=True)))
    return pattern, {letter: tuple(langs) for letter, langs in writers.items()}


def leader(counts: Counter[str]) -> str | None:
    """The language with the highest count; None when none counts or two tie."""
    if not counts:
        return None
    best = max(counts.values())
    leaders = [language for language, score in counts.items() if score == best]
    return leaders[0] if len(leaders) == 1 else None


def detect_language(tokens: list[str], lowered: str) -> str | None:
    """The language a reply is written in, from its words alone (see :func:`language_counts`).

    None when no word decides (a bare "?", a name) or two languages tie;
    :func:`cadencekit.read_reply` adds the phrases found to the count.

    Example:
        >>> text = "Bedankt voor je bericht, ik ben op vakantie."
        >>> detect_language(fold(text).split(), text.lower())
        'nl'
    """
    return leader(language_counts(tokens, lowered))


# --- key words through a typo ------------------------------------------------------


def edit_distance(a: str, b: str, limit: int) -> int:
    """The optimal-string-alignment distance of ``a`` and ``b``, or ``limit + 1`` past it.

    Insertions, deletions, substitutions and swaps of two neighbours each
    cost one. Only a band of ``2 * limit + 1`` diagonals is computed, so a
    key word against a word costs ``O(len * limit)``.

    Example:
        >>> edit_distance("unsubcribe", "unsubscribe", 1), edit_distance("nhemen", "nehmen", 1)
        (1, 1)
        >>> edit_distance("remove", "removal", 1)
        2
        >>> edit_distance("descadrastar", "descadastrar", 2)
        2
    """
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    far = limit + 1
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [far] * (len(b) + 1)
        current[0] = i
        low, high = max(1, i - limit), min(len(b), i + limit)
        for j in range(low, high + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                best = min(best, before[j - 2] + 1)
            current[j] = best
        if min(current[low - 1 : high + 1]) > limit:
            return far
        before, previous = previous, current
    return min(previous[len(b)], far)


_FUZZY_SHORTEST: Final = 6
"""A word shorter than this is never read as a misspelled key word: too many neighbours."""
_FUZZY_TWO_EDITS: Final = 11
"""A word this long may be two edits from a key word of its length and first four letters."""
_FUZZY_KEPT: Final = 4096
_PUNCTUATION: Final = "\"'.,;:!?()[]{}<>«»¡¿*_-–—/\\"
_fuzzy_seen: dict[str, tuple[str, str, str] | None] = {}


@functools.cache
def _fuzzy_targets() -> dict[int, tuple[str, ...]]:
    by_length: dict[int, list[str]] = {}
    for target in _phrases.FUZZY:
        by_length.setdefault(len(target), []).append(target)
    return {length: tuple(found) for length, found in by_length.items()}


def fuzzy_key_word(word: str) -> tuple[str, str, str] | None:
    """What ``word`` stands for when it is a key word of a request to stop, or one edit from one.

    ``(key word, language, kind)`` for "unsubscribe", "unsubcribe" or
    "nhemen"; None for any other word.

    Words are remembered (at most 4,096, then forgotten at once): a reply's
    words repeat across replies, so most look-ups are one dict access.
    """
    found = _fuzzy_seen.get(word, False)
    if found is not False:
        return found  # type: ignore[return-value]
    result: tuple[str, str, str] | None = None
    token, word = word, word.strip(_PUNCTUATION)
    if word not in _phrases.NOT_FUZZY and word.isalpha() and len(word) >= _FUZZY_SHORTEST:
        targets = _fuzzy_targets()
        for length in (len(word), len(word) - 1, len(word) + 1):
            for target in targets.get(length, ()):
                if target == word or edit_distance(word, target, 1) <= 1:
                    result = (target, *_phrases.FUZZY[target])
                    break
            if result is not None:
                break
        if result is None and len(word) >= _FUZZY_TWO_EDITS:  # "descadrastar": a letter moved
            for target in targets.get(len(word), ()):
                if target[:4] == word[:4] and edit_distance(word, target, 2) <= 2:
                    result = (target, *_phrases.FUZZY[target])
                    break
    if len(_fuzzy_seen) >= _FUZZY_KEPT:
        _fuzzy_seen.clear()
    _fuzzy_seen[token] = result
    return result


_not_fuzzy: set[str] = set()
"""Tokens seen that are no key word: one set difference skips them all (bounded, like the cache)."""


def fuzzy_words(tokens: list[str]) -> list[tuple[str, tuple[str, str, str]]]:
    """The tokens that are key words of a request to stop, maybe through a typo.

    Tokens are words, maybe with punctuation around them; each found is
    ``(word, (key word, language, kind))``.
    """
    if _not_fuzzy.issuperset(tokens):
        return []  # every word seen before and none a key word (most replies): no set built
    found = []
    for token in set(tokens) - _not_fuzzy:
        meant = fuzzy_key_word(token) if _FUZZY_SHORTEST <= len(token) <= 24 else None
        if meant is None:
            if len(_not_fuzzy) >= 8 * _FUZZY_KEPT:
                _not_fuzzy.clear()
            _not_fuzzy.add(token)
        else:
            found.append((token.strip(_PUNCTUATION), meant))
    return found


# --- dates ---------------------------------------------------------------------------


DATE_WORDS: Final = (
    *_phrases.WEEKDAYS,
    *_phrases.MONTHS,
    *_phrases.ORDINALS,
    *_phrases.END_OF,
    *_phrases.DAY_AFTER_TOMORROW,
    *_phrases.TOMORROW,
    *_phrases.NEXT_WEEK,
    *_phrases.END_OF_WEEK,
    "mon", "tue", "tues", "wed", "weds", "thu", "thur", "thurs", "fri",
)  # fmt: skip
"""What a date without digits starts with: its words, read with the phrases (an English short
weekday counts only right after its cue: "back Mon")."""

_WEEKDAY_NAMES: Final = {**_phrases.WEEKDAY_SHORT, **_phrases.WEEKDAYS}
"""Every weekday's name and short name (folded), with its number (Monday = 0)."""
ALONE_AFTER_CUE: Final = DATE_WORDS[-9:]
"""English short weekdays read alone, with no day's number, right after a cue ("back Mon")."""
_CUES_BEFORE_ALONE: Final = ("back", "until", "till", "til", "thru", "through", "returning",
                             "return", "ooo", "out", "on")  # fmt: skip
"""The words just before such a short weekday (one space between)."""


ORDINAL_SUFFIX: Final = r"(?:st|nd|rd|th|ten|ter|te|eme|er|ero|ro|ra|ste|de|e|o|º|ª|°|:e|:a|\.)"
"""What may follow a day's number: "11th", "11ten", "1er", "2ème", "1ro", "11de", "1º", "11:e"."""


@functools.cache
def _day_numbers() -> dict[str, int]:
    """The days of the month in words (``ORDINALS``), by their folded key."""
    return {key(word): day for word, day in _phrases.ORDINALS.items()}


@functools.cache
def date_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The date mentions, and the cue words before a date (named by what they say)."""
    month = words(_phrases.MONTHS) + r"\.?"
    weekday = words(_phrases.WEEKDAYS)
    short = words(_phrases.WEEKDAY_SHORT)
    ordinal = words(_phrases.ORDINALS)
    day = r"(?P<NAME>[0-3]?\d)" + ORDINAL_SUFFIX + "?"
    year = r"(?:\W{1,3}(?:de\s{1,3})?(?P<NAME>20\d\d)(?!\d))?"
    # "Montag, den 18.", "lun. 18 janv.", "Mo., 18.01.": a weekday before the day names it
    lead = (
        r"(?:(?P<NAME>"
        + weekday
        + r"|"
        + short
        + r"(?=\.?,?\s{1,3}\d))\W{1,3}(?:(?:the|den|dem|le|el|il|o|de)\s{1,3})?)?"
    )
    # a month's days from one to another: "11-24 januari", "11.–22. Januar", "Jan 11-18"
    dash = r"\s{0,2}[-–—]\s{0,2}"
    # a time after a weekday and a number is no day: "Monday 10:30", "Montag 14 Uhr"
    not_time = r"(?!\s{0,2}(?:[:h]\d|uhr|am|pm|a\.m|p\.m|horas|hs|ore|uur|u(?!\w)|kl)(?!\w))"
    day_leads = ("the", "le", "el", "den", "dem", "am", "zum", "il", "dia", "op")
    # "KW 3", "vecka 3", "v. 3", "week 3": a week of the year by its ISO number
    week_number = (
        words(_phrases.WEEK_NUMBER_WORDS) + r"\.?\s{0,2}(?P<kw_n>[1-5]?\d)(?!\w|[.,:/-]\d)"
    )
    after_cue = "(?:" + "|".join(f"(?<={cue} )" for cue in _CUES_BEFORE_ALONE) + ")"
    # What a date can start with: one look at a word start rejects the rest quickly.
    anchor = words(DATE_WORDS)
    dates = re.compile(
        r"(?<![\w./-])(?=\d|"
        + anchor
        + r"(?!\w)|"
        + short
        + r"\.?,?\s{1,3}\d|"
        + after_cue
        + words(ALONE_AFTER_CUE)
        + r"(?!\w)|"
        + week_number.replace("?P<kw_n>", "")
        + r"|"
        + words(_phrases.MID_MONTH)
        + r"[\s-]|(?:"
        + words(day_leads)
        + r")\s{1,3}(?:\d|"
        + words(_phrases.ORDINALS)
        + r"))(?:"
        r"(?P<iso>20\d\d)-(?P<iso_m>[01]\d)-(?P<iso_d>[0-3]\d)(?!\d)"
        r"|(?P<kw>" + week_number + r")"
        r"|(?P<mid>"
        + words(_phrases.MID_MONTH)
        + r")[\s-]{1,3}(?:(?:of|de|di)\s{1,3})?(?P<mid_m>"
        + words(m for m in _phrases.MONTHS if m not in _phrases.SHORT_MONTHS)
        + r")(?!\w)"
        r"|"
        + lead.replace("NAME", "rng_w")
        + r"[0-3]?\d"
        + ORDINAL_SUFFIX
        + r"?"
        + dash
        + r"(?P<rng_d>[0-3]?\d)"
        + ORDINAL_SUFFIX
        + r"?\s{0,3}(?:(?:de|of)\s{1,3})?(?P<rng_m>"
        + month
        + r")(?!\w)"
        + year.replace("NAME", "rng_y")
        + r"|"
        + lead.replace("NAME", "num_w")
        + r"(?P<num_a>[0-3]?\d)(?P<sep>[./-])(?P<num_b>[0-3]?\d)"
        r"(?:(?P=sep)(?P<num_y>20\d\d|\d\d)(?!\d))?"
        r"(?:\.?" + dash + r"(?P<num_a2>[0-3]?\d)(?P=sep)(?P<num_b2>[0-3]?\d)"
        r"(?:(?P=sep)(?P<num_y2>20\d\d|\d\d)(?!\d))?)?"
        r"\.?(?![\w/-]|\.\d)"
        r"|"
        + lead.replace("NAME", "dmy_w")
        + r"(?:"
        + day.replace("NAME", "dmy_d")
        + r"|(?:the\s{1,3})?(?P<dmy_o>"
        + ordinal
        + r"))(?:\s{0,3}|-)(?:(?:de|of)\s{1,3})?"
        r"(?P<dmy_m>"
        + month
        + r")(?!\w)"
        + year.replace("NAME", "dmy_y")
        + r"|"
        + lead.replace("NAME", "mdy_w")
        + r"(?P<mdy_m>"
        + month
        + r")\s{1,3}(?:the\s{1,3})?"
        r"(?P<mdy_d>[0-3]?\d)(?:st|nd|rd|th|\.)?(?!\w)"
        r"(?:"
        + dash
        + r"(?P<mdy_to>[0-3]?\d)(?:st|nd|rd|th)?(?![\w/-]|\.\d))?"
        + year.replace("NAME", "mdy_y")
        + r"|(?P<eom>"
        + words(_phrases.END_OF)
        + r")\W{1,3}(?P<eom_m>"
        + words(m for m in _phrases.MONTHS if m not in _phrases.SHORT_MONTHS)
        + r")(?!\w)"
        + year.replace("NAME", "eom_y")
        + r"|(?P<eom_this>"
        + words(_phrases.END_OF)
        + r")\W{1,3}(?:(?:the|this|des|du|del|do|della|van|de)\W{1,3})?"
        + words(_phrases.MONTH_WORDS_THIS)
        + r"(?!\w)"
        + r"|"
        + words(day_leads)
        + r"\s{1,3}(?P<only_d>[0-3]?\d)"
        + ORDINAL_SUFFIX
        + r"?"
        r"(?!\w|[./-]\d)(?!\W{0,3}(?:(?:de|of)\s{1,3})?" + words(_phrases.MONTHS) + r"(?!\w))"
        r"|(?P<eow>" + words(_phrases.END_OF_WEEK) + r")(?!\w)"
        r"|(?P<after>" + words(_phrases.DAY_AFTER_TOMORROW) + r")(?!\w)"
        # "Monday the 11th", "Freitag, den 15.": the day of the month decides
        r"|"
        + weekday
        + r"\W{1,3}(?:(?:the|den|dem|le|el|il|o|dia)\s{1,3}(?P<wd_d>[0-3]?\d)"
        + ORDINAL_SUFFIX
        + r"?|(?P<wd_e>[0-3]?\d)"
        + ORDINAL_SUFFIX
        + r"?)(?!\w|[./-]?\d)"
        + not_time
        + r"|"
        + short
        + r"(?:\.\s{0,2}(?P<wd_s>[0-3]?\d)"
        + ORDINAL_SUFFIX
        + r"?|\s{1,2}(?P<wd_t>[0-3]?\d)"
        + ORDINAL_SUFFIX
        + r")(?!\w|[./-]?\d)"
        + not_time
        + r"|(?P<week>"
        + weekday
        + r")(?!\w)"
        # "Back Mon.", "OOO till Thurs": an English short weekday alone, right after its cue
        + r"|"
        + after_cue
        + r"(?P<week_s>"
        + words(ALONE_AFTER_CUE)
        + r")(?!\w)"
        r"|(?P<tomorrow>" + words(_phrases.TOMORROW) + r")(?!\w)"
        r"|(?P<next_week>" + words(_phrases.NEXT_WEEK) + r")(?!\w)"
        r")",
    )
    cues = re.compile(
        r"(?<!\w)(?:(?P<back>"
        + words(_phrases.BACK_CUES)
        + r")|(?P<start>"
        + words(_phrases.FROM_CUES)
        + r")|(?P<last>"
        + words(_phrases.LAST_DAY_CUES)
        + r")|(?P<until>"
        + words(_phrases.UNTIL_CUES)
        + r"))(?!\w)"
    )
    return dates, cues


@functools.cache
def _range_end() -> re.Pattern[str]:
    """A date just after "to", "au", "al", a dash: the end of a range ("del 28 al 8 de enero")."""
    return re.compile(
        r"(?:(?<!\w)"
        + words(_phrases.RANGE_CUES)
        + r"\W{1,3}(?:(?:the|el|le|den|dem|de|il|o|lo|la)\W{1,3})?|[-–—]\s{0,3})$"
    )


@functools.cache
def _today() -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + words(_phrases.TODAY) + r"(?!\w)")


_NEW_YEAR_ROOTS: Final = ("new year", "neue", "nouvel", "nouvelle", "nuevo", "nieuwe", "novo",
                          "nuovo", "nya")  # fmt: skip


@functools.cache
def _back_new_year() -> re.Pattern[str]:
    """A return in the new year ("ab dem neuen Jahr wieder"): back on 1 January."""
    new_year = words(_phrases.NEW_YEAR)
    return re.compile(
        r"(?<!\w)(?:(?:"
        + words((*_phrases.BACK_CUES, *_phrases.FROM_CUES))
        + r")\W{1,3}(?:\w{1,8}\W{1,3}){0,2}"
        + new_year
        + r"|"
        + new_year
        + r"\W{1,3}(?:\w{1,12}\W{1,3}){0,2}"
        + words(_phrases.BACK_AFTER)
        + r")(?!\w)"
    )


@functools.cache
def _range_start() -> re.Pattern[str]:
    """A day of the month and "bis", "hasta", "até" just before a date: "del 4 hasta el 10"."""
    return re.compile(
        r"(?<!\w)(?:from|vom|von|du|del|de|dal|dall|van|fran|mellan)\s{1,3}[0-3]?\d"
        + ORDINAL_SUFFIX
        + r"?\s{1,3}"
        + words(_phrases.RANGE_UNTIL)
        + r"\W{1,3}(?:(?:the|el|le|den|dem|de|il|o|lo|la|zum|dia|ao)\W{1,3})?$"
    )


@functools.cache
def _range_between() -> re.Pattern[str]:
    """What stands between the two dates of a range: "bis", "hasta el", "a", a dash.

    Not an English "until" (nor Dutch "tot", Swedish "till"): "from the 21st until
    the 3rd" is back on the 3rd, as "until the 3rd" is.
    """
    return re.compile(
        r"\W{0,3}(?:(?:"
        + words((*_phrases.RANGE_CUES, *_phrases.RANGE_UNTIL))
        + r")\W{1,3}(?:(?:the|el|le|den|dem|de|il|o|lo|la|zum|dia|ao)\W{1,3})?|[-–—]\s{0,3})"
    )


@functools.cache
def _after_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    back = re.compile(
        r"\W{0,3}(?:(?!(?:and|och|und|et|y|e|en|ed)\W)\w{1,20}[^\w,;.!?]{1,3}){0,3}"
        + words(_phrases.BACK_AFTER)
        + r"(?!\w)(?!\W{1,3}(?:(?:on|the|am|le|el|il|op|den|dia|em|a|o)\W{1,3}){0,2}(?:\d|"
        + words(_WEEKDAY_NAMES)
        + r"(?!\w)))"
    )  # "am 5. Januar wieder zurück"; not "out Thursday and Friday, back Monday", nor
    # "semester vecka 2 och är tillbaka måndag 18 januari" (an "and" starts another clause)
    last = re.compile(r"\W{0,3}" + words(_phrases.LAST_DAY_AFTER) + r"(?!\w)")
    return back, last


def _month(name: str) -> int:
    return _phrases.MONTHS[key(name).split(" ")[0]]


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


def _end_of_month(month: int, year: int | None, today: date) -> date:
    if year is None:
        year = today.year if month >= today.month else today.year + 1
    return date(year, month, _monthcal.monthrange(year, month)[1])


def mentioned(match: re.Match[str], today: date, month_first: bool) -> date | None:
    """The date a match of the date pattern names, relative to ``today``."""
    try:
        return _named_date(match, today, month_first)
    except (OverflowError, ValueError):  # "tomorrow" on 9999-12-31, the 30th of February
        return None


def _named_date(match: re.Match[str], today: date, month_first: bool) -> date | None:
    g = match.group
    if g("iso"):
        return date(int(g("iso")), int(g("iso_m")), int(g("iso_d")))
    if g("mid"):  # "mid-February", "Mitte Februar": its 15th, the next one
        month = _month(g("mid_m"))
        named = _nearest_year(month, 15, today)
        return named if named is None or named >= today else date(named.year + 1, month, 15)
    if g("kw"):  # the Monday of that week, this year's or, once it is past, next year's
        year = today.isocalendar().year
        monday = date.fromisocalendar(year, int(g("kw_n")), 1)
        if monday + timedelta(days=6) < today:
            monday = date.fromisocalendar(year + 1, int(g("kw_n")), 1)
        return monday
    if g("rng_m"):  # "11-24 januari": the range's last day
        month, day = _month(g("rng_m")), int(g("rng_d"))
        return date(int(g("rng_y")), month, day) if g("rng_y") else _nearest_year(month, day, today)
    if g("num_a2"):  # "1/11-1/18": the range's last day
        month, day = _numeric(int(g("num_a2")), int(g("num_b2")), month_first)
        if g("num_y2"):
            year = int(g("num_y2"))
            return date(year + 2000 if year < 100 else year, month, day)
        return _nearest_year(month, day, today)
    if g("num_a"):
        month, day = _numeric(int(g("num_a")), int(g("num_b")), month_first)
        if g("num_w") and not g("num_y"):  # "Monday (1/11)": the order that falls on a Monday
            weekday = _WEEKDAY_NAMES[key(g("num_w"))]
            fitting = []  # the orders that fall on that weekday, a day still to come first
            for order in (month_first, not month_first):
                m, d = _numeric(int(g("num_a")), int(g("num_b")), order)
                named = _nearest_year(m, d, today) if m <= 12 else None
                if named is not None and named.weekday() == weekday:
                    fitting.append((named < today, order != month_first, m, d))
            if fitting:  # a day to come, then the convention
                _, _, month, day = min(fitting)
        if g("num_y"):
            year = int(g("num_y"))
            return date(year + 2000 if year < 100 else year, month, day)
        return _nearest_year(month, day, today)
    for prefix in ("dmy", "mdy"):
        if g(f"{prefix}_m"):
            month = _month(g(f"{prefix}_m"))
            ordinal = g("dmy_o") if prefix == "dmy" else None
            day = _day_numbers()[key(ordinal)] if ordinal else int(g(f"{prefix}_d"))
            if prefix == "mdy" and g("mdy_to"):  # "Jan 11-18": the range's last day
                day = int(g("mdy_to"))
            if g(f"{prefix}_y"):
                return date(int(g(f"{prefix}_y")), month, day)
            return _nearest_year(month, day, today)
    if g("eom_this"):  # "until the end of the month": this month's last day
        return _end_of_month(today.month, today.year, today)
    if g("eom"):
        stated = int(g("eom_y")) if g("eom_y") else None
        return _end_of_month(_month(g("eom_m")), stated, today)
    if g("eow"):  # "the rest of the week": its Sunday is the last day away
        return today + timedelta(days=6 - today.weekday())
    numbered = g("only_d") or g("wd_d") or g("wd_e") or g("wd_s") or g("wd_t")
    if numbered:
        return _day_of_month(int(numbered), today)
    if g("week") or g("week_s"):
        weekday = _WEEKDAY_NAMES[key(g("week") or g("week_s"))]
        return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)
    if g("tomorrow"):
        return today + timedelta(days=1)
    if g("after"):
        return today + timedelta(days=2)
    if g("next_week"):
        return today + timedelta(days=7 - today.weekday())
    return None


_AND_BEFORE: Final = re.compile(r"(?<!\w)(?:and|und|et|y|e|en|och|ed|\+|&)\W{1,3}$")
"""An "and" just before a day: one more day away ("off today and tomorrow")."""
_SENTENCE: Final = re.compile(r"(?<![\s.]\w)[.!?;\n]\s")
"""Where a sentence ends: not after a letter alone ("t.o.m. 14 jan", "z. B.")."""
_LAST_DAY_ORDINAL: Final = date.max.toordinal()


def _next_day(day: date) -> date | None:
    return None if day.toordinal() >= _LAST_DAY_ORDINAL else day + timedelta(days=1)


Windows: TypeAlias = "list[tuple[int, int]] | None"
"""Where in a text to look for dates: spans around the words that can start one; None: all."""


def windows_of(
    spots: Iterable[tuple[int, int]], before: int = 40, after: int = 30
) -> list[tuple[int, int]]:
    """Spans around ``spots``, ``before`` and ``after`` characters wider, merged where they meet."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spots):
        start, end = max(0, start - before), end + after
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _date_matches(folded: str, windows: Windows) -> Iterable[re.Match[str]]:
    dates = date_patterns()[0]
    if windows is None:
        yield from dates.finditer(folded)
        return
    last = 0
    for start, end in windows:
        for match in dates.finditer(folded, max(start, last), end):
            last = match.end()
            yield match


def return_date(
    folded: str,
    today: date,
    month_first: bool,
    windows: Windows = None,
    open_after: Callable[[date], date | None] | None = None,
) -> date | None:
    """The first day back an out-of-office text gives, or None.

    A date after "back", "returning", "wieder ab", "de retour", "regreso",
    "terug", "volto", "rientro", "tillbaka" ... is the first day back, as
    stated (a holiday or a weekend included: the person said so). A date
    after "through", "bis einschließlich", "t/m", "till och med", or
    followed by "inclusive", or ending a range ("21.12.-3.1.", "du 21 au
    23", "vom 4. bis 10."), or the end of a month ("bis Ende Juni"), is the
    last day away: the person is back the next calendar day. "Until" and
    its plain translations ("bis", "jusqu'au", "hasta", "até", "fino a")
    name the first day back ("out until Monday the 11th" is back on the
    11th). "Back in the new year" is back on 1 January; a note that names
    no day but today is back tomorrow. A
    first-day-back date wins over a last-day-away one, which wins over an
    "until" one; dates in the past are ignored. ``windows`` are the spans
    of the text where a date can be (None: anywhere).

    "Back after the holidays" ("nach den Feiertagen", "après les fêtes")
    with a date that is not a first day back ("until 24 December and back
    after the bank holidays") is the first open day after that date:
    ``open_after`` (the replier's calendar) says which.
    """
    if windows is not None and not windows:
        return _back_tomorrow(folded, today)
    cues = date_patterns()[1]
    back_after, last_after = _after_patterns()
    found: dict[str, list[date]] = {"back": [], "last": [], "until": [], "start": [], "bare": []}
    previous_end = -1
    for match in _date_matches(folded, windows):
        named = mentioned(match, today, month_first)
        ranged = previous_end >= 0 and _range_between().fullmatch(
            folded, previous_end, match.start()
        )  # "vom 21.12. bis 8.1.", "del 12 hasta el 23": a range names the days away
        window = folded[max(previous_end, match.start() - 40, 0) : match.start()]
        window = _SENTENCE.split(window)[-1]
        previous_end = match.end()
        if named is None:
            continue
        after = folded[match.end() : match.end() + 24]
        cue = None
        cue_end = -1
        for cue_match in cues.finditer(window):
            cue, cue_end = cue_match.lastgroup, cue_match.end()
        if cue != "back":
            range_end = _range_end().search(window)
            if range_end is not None and cue == "until" and cue_end > range_end.start():
                range_end = None  # the "au" of "jusqu'au", the "a" of "fino a": an until
            if range_end is None and cue == "until":
                before = folded[max(0, match.start() - 40) : match.start()]  # "vom 4. bis"
                range_end = _range_start().search(before)  # "del 4 hasta el 10"
            if (
                last_after.match(after)
                or ranged
                or range_end is not None
                or match.group("rng_m")
                or match.group("num_a2")
                or match.group("mdy_to")
                or match.group("eow")
            ):
                cue = "last"
            elif cue == "until" and (match.group("eom") or match.group("eom_this")):
                cue = "last"  # "bis Ende Juni", "until the end of June": back on 1 July
            elif cue in (None, "start") and back_after.match(after):
                cue = "back"  # "am 5. Januar zurück", "morgen ben ik er weer", "ab 18.1. wieder"
            elif (
                cue is None
                and match.group("tomorrow")
                and _today().search(folded, 0, match.start())
                and not _AND_BEFORE.search(folded, max(0, match.start() - 8), match.start())
            ):
                cue = "back"  # "Hoje tô fora, amanhã te respondo": away today, back tomorrow
        if cue in ("last", None) and match.group("kw"):
            named += timedelta(
                days=6
            )  # "t.o.m. vecka 2": the whole week away, back the Monday after
        if cue in ("back", "start") or (cue == "until" and open_after is None):
            found[cue].append(named)
        else:
            day = _next_day(named)
            if day is not None and open_after is not None:
                day = open_after(day)
            if day is not None:
                found[cue if cue in ("last", "until") else "bare"].append(day)
    if any(map(folded.__contains__, _NEW_YEAR_ROOTS)) and _back_new_year().search(folded):
        found["back"].append(date(today.year + 1, 1, 1))  # "ab dem neuen Jahr wieder"
    for kind in ("back", "last", "until", "start", "bare"):
        candidates = found[kind] if kind in ("back", "start") else found[kind][::-1]
        for day in candidates:
            if day >= today:
                return day
    return _back_tomorrow(folded, today)


def _back_tomorrow(folded: str, today: date) -> date | None:
    """The next day, for an away note that names no day but today ("out sick today")."""
    return _next_day(today) if _today().search(folded) else None


@functools.cache
def _after_holidays() -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + words(_phrases.AFTER_HOLIDAYS) + r"(?!\w)")


_HOLIDAY_WORDS: Final = ("holiday", "feiertag", "fetes", "ferie", "fiesta", "festivo", "feestdag",
                         "festas", "feriado", "feste", "helg")  # fmt: skip


def after_holidays(folded: str) -> bool:
    """True when a folded text says "back after the holidays", in one of the eight languages."""
    return any(map(folded.__contains__, _HOLIDAY_WORDS)) and bool(_after_holidays().search(folded))


# --- snoozes ---------------------------------------------------------------------------


@functools.cache
def _snooze_words() -> tuple[re.Pattern[str], dict[str, tuple[str, int]]]:
    """The words a snooze hangs on, as one pattern, and what each means: (kind, number)."""
    meaning: dict[str, tuple[str, int]] = {}
    quarters = _phrases.QUARTER_WORDS
    for n in range(1, 5):
        meaning[f"q{n}"] = meaning[f"t{n}"] = ("quarter", n)
        for suffix in ("", "st", "nd", "rd", "th", "e", "er", "eme", "o", " o", " º", "º", " e"):
            for word in quarters:
                meaning[key(f"{n}{suffix} {word}")] = ("quarter", n)
    for word, n in _phrases.QUARTER_ORDINALS.items():
        for quarter in quarters:
            meaning[key(f"{word} {quarter}")] = ("quarter", n)
    for half, n in _phrases.HALVES.items():
        meaning[key(half)] = ("half", n)
    for month, n in _phrases.MONTHS.items():
        if month not in _phrases.SHORT_MONTHS:
            meaning[month] = ("month", n)
    for season, n in _phrases.SEASONS.items():
        meaning[key(season)] = ("season", n)
    for kind, listed in (
        ("days", _phrases.DAYS_WORDS),
        ("weeks", _phrases.WEEKS_WORDS),
        ("months", _phrases.MONTHS_WORDS),
        ("next_month", _phrases.NEXT_MONTH),
        ("next_quarter", _phrases.NEXT_QUARTER),
        ("next_year", _phrases.NEXT_YEAR),
    ):
        for word in listed:
            meaning.setdefault(key(word), (kind, 0))
    return re.compile(r"(?<!\w)" + words(meaning) + r"(?!\w)"), meaning


@functools.cache
def _after_season() -> re.Pattern[str]:
    """After just before a season: "after the summer", "nach dem Sommer", "depois do verão"."""
    return re.compile(r"(?<!\w)" + words(_phrases.AFTER_SEASON) + r"\W{1,3}(?:\w{1,4}\W{1,3})?$")


@functools.cache
def _snooze_context() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """What must come before a month or a span, and what may follow a month or quarter.

    A month needs "in", "a partir de"...; a span "in two" ("in two weeks");
    a month or quarter may be followed by its year, or "next year".
    """
    lead = re.compile(
        r"(?<!\w)"
        + words(_phrases.MONTH_LEADS)
        + r"\W{1,3}(?:(?:de|del|of|the\s{1,3}month\s{1,3}of)\W{1,3})?$"
    )
    span = re.compile(
        r"(?<!\w)"
        + words(_phrases.IN_WORDS)
        + r"\W{1,3}(?P<n>\d{1,2}|"
        + words(_phrases.NUMBER_WORDS)
        + r")\W{1,3}$"
    )
    year = re.compile(
        r"\W{1,3}(?:of\W{1,3})?(?:(?P<year>20\d\d)(?!\d)|(?P<next>"
        + words(_phrases.NEXT_YEAR)
        + r")(?!\w))"
    )
    return lead, span, year


@functools.cache
def _through_month() -> re.Pattern[str]:
    """Before a month, words that it is away whole: back on the first of the next.

    A last-day cue ("through March", "t.o.m. mars") or the whole month ("the rest of
    January", "den ganzen Januar", "todo el mes de enero").
    """
    return re.compile(
        r"(?<!\w)"
        + words((*_phrases.LAST_DAY_CUES, *_phrases.WHOLE_MONTH))
        + r"\W{1,3}(?:(?:de|of)\W{1,3})?$"
    )


def _first_of(month: int, today: date, year: int | None) -> date | None:
    if year is not None:
        day = date(year, month, 1)
        return day if day > today else None
    day = date(today.year, month, 1)
    return day if day > today else date(today.year + 1, month, 1)


def _add_months(today: date, months: int) -> date:
    month = today.month - 1 + months
    year, month = today.year + month // 12, month % 12 + 1
    return date(year, month, min(today.day, _monthcal.monthrange(year, month)[1]))


def _snoozed(folded: str, word: str, start: int, end: int, today: date) -> tuple[int, date | None]:
    """(rank, day) of the snooze word ``word`` (a key) at ``start:end``: lower ranks are more precise."""
    _, meaning = _snooze_words()
    lead, span, year_after = _snooze_context()
    kind, number = meaning[word]
    if kind == "season":  # "maybe in spring": its first month's first day, the next one
        if _after_season().search(folded, max(0, start - 16), start):
            number = number % 12 + 3  # "after the summer": when it is over, 1 September
        stated = year_after.match(folded, end)
        year = None
        if stated is not None:
            year = int(stated.group("year")) if stated.group("year") else today.year + 1
        return 2, _first_of(number, today, year)
    if kind in ("quarter", "month", "half"):
        month = {"quarter": 3 * number - 2, "half": 6 * number - 5}.get(kind, number)
        if kind == "month" and lead.search(folded, max(0, start - 30), start) is None:
            return 9, None
        stated = year_after.match(folded, end)
        year = None
        if stated is not None:
            year = int(stated.group("year")) if stated.group("year") else today.year + 1
        if kind == "month" and _through_month().search(folded, max(0, start - 30), start):
            month = month % 12 + 1  # "föräldraledig till och med mars": back on 1 April
            year = None if year is None else year + (month == 1)
        return 2, _first_of(month, today, year)
    if kind in ("days", "weeks", "months"):
        counted = span.search(folded, max(0, start - 30), start)
        if counted is None:
            return 9, None
        count_text = key(counted.group("n"))
        count = int(count_text) if count_text.isdigit() else _phrases.NUMBER_WORDS[count_text]
        if kind == "days":
            return 3, today + timedelta(days=count)
        if kind == "weeks":
            return 3, today + timedelta(weeks=count)
        return 3, _add_months(today, count)
    if kind == "next_month":
        return 3, _add_months(today.replace(day=1), 1)
    if kind == "next_quarter":
        month = 3 * ((today.month - 1) // 3) + 4
        return 3, date(today.year + (month > 12), (month - 1) % 12 + 1, 1)
    return 4, date(today.year + 1, 1, 1)


def _busy_through(folded: str, match: re.Match[str]) -> bool:
    """Whether a maybe's date is the last day of a busy stretch, as an away note's last day is.

    After "through", "t.o.m.", or the end of a month after "until" ("until end of March").
    """
    window = _SENTENCE.split(folded[max(0, match.start() - 40) : match.start()])[-1]
    cue = None
    for cue_match in date_patterns()[1].finditer(window):
        cue = cue_match.lastgroup
    return cue == "last" or (cue == "until" and bool(match.group("eom") or match.group("eom_this")))


def snooze_date(
    folded: str,
    today: date,
    month_first: bool,
    windows: Windows = None,
    words_at: Iterable[tuple[str, int, int]] | None = None,
    years: bool = True,
) -> date | None:
    """When a "maybe" says to come back, or None.

    A stated day wins ("try me again on Monday", "am 22. Februar", "after
    3/1/2027", taken as stated), then a month or quarter ("in March", "a
    partir de março", "Q3", "au T3": its first day, the next one after the
    reply), then a span ("in two weeks": fourteen days on; "next quarter",
    "next month": its first day), then "next year" (1 January). Where two
    are as precise, the later in the text wins (the last word on when).

    ``windows`` are the spans where a date can be (None: anywhere);
    ``years`` False leaves out "next year" (an out-of-office's "happy new
    year" is no return date). ``words_at`` are the ``(key, start, end)`` of the phrases found that are
    a snooze word or hold one (every such word is one, or inside one): a
    snooze word ("next year") is read as it is, a phrase holding one ("in
    Q3") is searched again; None searches the whole text.
    """
    best: tuple[int, int, date] | None = None  # (rank, -position, day)
    for match in _date_matches(folded, windows):
        day = mentioned(match, today, month_first)
        if day is not None and (match.group("eow") or _busy_through(folded, match)):
            day = _next_day(day)  # "busy until the end of March": back to it on 1 April
        if day is not None and day > today:
            # "busy this week" says least of when: any other word of when wins over it
            candidate = (5 if match.group("eow") else 1, -match.start(), day)
            best = candidate if best is None or candidate < best else best
    pattern, meaning = _snooze_words()
    if words_at is None:
        found = [(key(m.group()), m.start(), m.end()) for m in pattern.finditer(folded)]
    else:
        found = []
        for word, start, end in words_at:
            if word in meaning:
                found.append((word, start, end))
            else:  # "in q3", "tercer trimestre": the snooze starts at most a word before
                found += [
                    (key(m.group()), m.start(), m.end())
                    for m in pattern.finditer(folded, max(0, start - 24), end)
                ]
    for word, start, end in found:
        try:
            rank, day = _snoozed(folded, word, start, end, today)
        except (OverflowError, ValueError):
            continue
        if day is not None and day > today and (years or rank < 4):
            candidate = (rank, -start, day)
            best = candidate if best is None or candidate < best else best
    return None if best is None else best[2]


@functools.cache
def when_words() -> tuple[frozenset[str], frozenset[str]]:
    """The words (keys) that can start a date, and those a snooze hangs on."""
    snoozes = {word for word, (kind, _) in _snooze_words()[1].items() if kind != "quarter"}
    snoozes |= {key(word) for word in _phrases.QUARTER_WORDS}
    snoozes |= {f"{letter}{n}" for letter in "qt" for n in range(1, 5)}
    return frozenset(key(word) for word in DATE_WORDS), frozenset(snoozes)
