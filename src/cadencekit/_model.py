"""The learned part of reading replies: a small linear model, and how it is weighed.

A multinomial logistic regression over the words of a reply's new text
(each distinct word, each pair of neighbouring words) and the character
3-, 4- and 5-grams of each distinct word, folded (lower case, accents
dropped). It is trained offline (:func:`train`, pure Python, seeded, so the
same rows give the same model) and shipped as package data
(``_reply_model.json``: int8 weights, base64), read once on first use.

Inference is pure Python and exact: each feature's weights for every
label, and a count, are packed into one integer, so a reply's scores are one
``sum`` of integers (a word seen in training is one look-up), then one
softmax.

How it is weighed against the rules (:func:`weigh`): the model is read only
where the rules say ``other`` or are less sure than ``below``; it never gives
an opt-out or a bounce, and never takes one away (the rules' reading of
those is final, and where the model's own best guess is an opt-out or a
bounce it abstains); it replaces the rules' label only when its probability
reaches ``least``.
"""

from __future__ import annotations

import base64
import functools
import itertools
import json
import math
import random
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from importlib import resources
from typing import Any, Final

import attrs

from ._convert import Reader
from ._frozen import FrozenMap
from ._replyparts import fold, words_in
from .errors import InvalidFieldError, SchemaError

__all__ = ["LABELS", "ReplyModel", "chosen", "train", "weigh"]

LABELS: Final = (
    "positive",
    "no",
    "maybe",
    "out_of_office",
    "other",
    "referral",
    "opt_out",
    "bounce",
)
"""The labels the model scores, in its weight order (the values of ``ReplyLabel``)."""

KEPT_OUT: Final = frozenset({"opt_out", "bounce"})
"""Labels the model never gives nor takes away: the rules keep them precise."""

GRAM_SIZES: Final = (3, 4, 5)
_BITS: Final = 40
"""Bits of one packed field: a reply of a million words still sums inside one."""
_FULL: Final = 1 << _BITS
_HALF: Final = 1 << (_BITS - 1)
_COUNT_SHIFT: Final = _BITS * len(LABELS)
_RESOURCE: Final = "_reply_model.json"
_FORMAT: Final = 1


# --- features --------------------------------------------------------------------------


def words_of(text: str) -> list[str]:
    """The words of ``text``, folded (lower case, accents dropped), in order.

    Example:
        >>> words_of("Nein danke, KEIN Interesse!")
        ['nein', 'danke', 'kein', 'interesse']
    """
    return words_in(fold(text))


def grams(word: str) -> list[str]:
    """The character 3-, 4- and 5-grams of ``word`` with a space on each side.

    Example:
        >>> grams("nope")
        [' no', 'nop', 'ope', 'pe ', ' nop', 'nope', 'ope ', ' nope', 'nope ']
    """
    padded = f" {word} "
    return [padded[i : i + n] for n in GRAM_SIZES for i in range(len(padded) - n + 1)]


def pairs(words: list[str]) -> set[tuple[str, str]]:
    """The distinct pairs of neighbouring words (a feature ``>first second``)."""
    return set(itertools.pairwise(words))


def features(text: str) -> Counter[str]:
    """What the model reads of a new text: tagged features and how often each occurs.

    Each distinct word counts once (``=word``), and so does each of its
    character n-grams (``~gram``: a gram two distinct words share counts
    twice); each distinct pair of neighbours once (``>a b``).

    Example:
        >>> sorted(features("no no"))
        ['=no', '>no no', '~ no', '~ no ', '~no ']
    """
    found: Counter[str] = Counter()
    said = words_of(text)
    for word in set(said):
        found["=" + word] += 1
        found.update("~" + gram for gram in grams(word))
    found.update(">" + " ".join(pair) for pair in pairs(said))
    return found


# --- the model -------------------------------------------------------------------------


def _pack(weights: Iterable[int]) -> int:
    """One integer holding ``weights`` (one field a label) and a count of one."""
    packed = 1 << _COUNT_SHIFT
    for index, weight in enumerate(weights):
        packed += weight << (_BITS * index)
    return packed


_OFFSET: Final = sum(_HALF << (_BITS * index) for index in range(len(LABELS)))
"""Half a field added to each label's field: every field is then whole and non-negative."""
_SHIFTS: Final = tuple(_BITS * index for index in range(len(LABELS)))


def _unpack(total: int) -> tuple[list[int], int]:
    """The per-label sums and the count a sum of packed integers holds.

    Each label's sum is a signed field; with half a field added to each
    (``_OFFSET``) no field borrows from the next, so each is read by a
    shift and a mask.
    """
    shifted = total + _OFFSET
    mask = _FULL - 1
    return [((shifted >> shift) & mask) - _HALF for shift in _SHIFTS], shifted >> _COUNT_SHIFT


class _Compiled:
    """A model's weights as packed integers: per known word (its own and its grams'), per gram, per pair."""

    __slots__ = ("grams", "pairs", "words")

    def __init__(self, weights: Mapping[str, tuple[int, ...]], seen: Iterable[str]) -> None:
        self.grams: dict[str, int] = {}
        # a pair by its two words: ("a", "b") for ">a b" (no string joined per reply)
        self.pairs: dict[tuple[str, ...], int] = {}
        own: dict[str, int] = {}
        for key, values in weights.items():
            if key[0] == ">":
                self.pairs[tuple(key[1:].split(" ", 1))] = _pack(values)
                continue
            table = {"~": self.grams, "=": own}[key[0]]
            table[key[1:]] = _pack(values)
        get = self.grams.get
        self.words = {word: sum(get(gram, 0) for gram in grams(word)) for word in seen}
        for word, packed in own.items():
            self.words[word] = packed + sum(get(gram, 0) for gram in grams(word))


def _weights(value: object) -> FrozenMap[str, tuple[int, ...]]:
    if isinstance(value, FrozenMap) and all(type(v) is tuple for v in value.values()):
        items = value
    elif isinstance(value, Mapping):
        items = FrozenMap({key: tuple(v) if isinstance(v, list) else v for key, v in value.items()})
    else:
        raise InvalidFieldError("weights", value, "expected a mapping of feature to weights")
    for key, values in items.items():
        if not (isinstance(key, str) and len(key) > 1 and key[0] in "=~>"):
            raise InvalidFieldError(
                "weights", key, "expected a feature: '=word', '~gram' or '>first second'"
            )
        if not (
            isinstance(values, tuple)
            and len(values) == len(LABELS)
            and all(type(v) is int and -127 <= v <= 127 for v in values)
        ):
            raise InvalidFieldError(
                f"weights[{key!r}]",
                values,
                f"expected {len(LABELS)} whole numbers from -127 to 127",
            )
    return items


def _bias(value: object) -> tuple[int, ...]:
    if (
        isinstance(value, tuple | list)
        and len(value) == len(LABELS)
        and all(type(v) is int for v in value)
    ):
        return tuple(value)
    raise InvalidFieldError("bias", value, f"expected {len(LABELS)} whole numbers, one a label")


def _labels(value: object) -> tuple[str, ...]:
    if isinstance(value, tuple | list) and tuple(value) == LABELS:
        return LABELS
    raise InvalidFieldError("labels", value, f"expected the labels in the order {list(LABELS)}")


def _share(value: object, field: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise InvalidFieldError(field, value, "expected a number from 0 to 1")
    return float(value)


def _below(value: object) -> float:
    return _share(value, "below")


def _least(value: object) -> float:
    return _share(value, "least")


def _scale(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < math.inf:
        raise InvalidFieldError("scale", value, "expected a positive number")
    return float(value)


def _compile(model: ReplyModel) -> _Compiled:
    return _Compiled(model.weights, model.words)


def _words(value: object) -> tuple[str, ...]:
    if isinstance(value, tuple | list) and all(isinstance(w, str) and w for w in value):
        return tuple(value)
    raise InvalidFieldError("words", value, "expected a list of words")


@attrs.frozen(repr=False)
class ReplyModel:
    """A small linear model of replies, weighed with the rules by :func:`~cadencekit.read_reply`.

    A multinomial logistic regression over the words, neighbouring word
    pairs and character 3- to 5-grams of a reply's new text (its quoted
    thread, signature and footer cut away, as the rules read it). Pass
    ``model=True`` (the model cadencekit ships, :meth:`default`) or a model
    of your own (:func:`~cadencekit.train_reply_model`) to ``read_reply``.
    The rules keep opt-outs and bounces: the model never gives one nor
    takes one away. It reads the other labels where the rules say
    ``other`` or are less sure than ``below``, and replaces the rules'
    label when its probability reaches ``least``.

    Attributes:
        weights: each feature's weights, one whole number from -127 to 127
            a label (in :attr:`labels` order), in units of ``1 / scale``:
            ``"=word"``, ``"~gram"`` (a space marks a word's edge) and
            ``">first second"``.
        bias: each label's bias, in the same units.
        scale: what a weight of 1 is worth: the weight divided by ``scale``.
        below: the rules' confidence below which the model is read (it is
            always read where the rules say ``other``).
        least: the probability the model needs to replace the rules' label.
        trained_on: what it was trained on, in words.
        words: the words seen in training: what their n-grams weigh is
            added up once, when the model is loaded, so reading them is one
            look-up (a speed-up only: any word is read the same way).
        labels: the labels, in weight order (``ReplyLabel`` values).

    A pickle holds the :meth:`to_dict` data (nothing derived); the packed
    weights are rebuilt when it is loaded.

    Example:
        >>> import cadencekit as ck
        >>> model = ck.ReplyModel.default()
        >>> model.labels[:3], 0 < model.least <= 1
        (('positive', 'no', 'maybe'), True)
        >>> ck.ReplyModel.from_dict(model.to_dict()) == model
        True
    """

    weights: FrozenMap[str, tuple[int, ...]] = attrs.field(converter=_weights, eq=True)
    bias: tuple[int, ...] = attrs.field(converter=_bias)
    scale: float = attrs.field(converter=_scale)
    below: float = attrs.field(default=0.7, converter=_below)
    least: float = attrs.field(default=0.5, converter=_least)
    trained_on: str = ""
    words: tuple[str, ...] = attrs.field(default=(), converter=_words, repr=False)
    labels: tuple[str, ...] = attrs.field(default=LABELS, converter=_labels)
    _compiled: _Compiled = attrs.field(
        init=False, eq=False, repr=False, default=attrs.Factory(_compile, takes_self=True)
    )

    def __repr__(self) -> str:
        said = self.trained_on if len(self.trained_on) <= 60 else self.trained_on[:59] + "…"
        return (
            f"ReplyModel({len(self.weights):,} features, below={self.below:g}, "
            f"least={self.least:g}, trained_on={said!r})"
        )

    @classmethod
    def default(cls) -> ReplyModel:
        """The model cadencekit ships, read once on first use (the same value every call).

        Example:
            >>> ReplyModel.default() is ReplyModel.default()
            True
        """
        return _shipped()

    def __reduce__(self) -> tuple[Callable[[Mapping[str, Any]], ReplyModel], tuple[dict[str, Any]]]:
        # A pickle holds the model's defining data in the versioned to_dict
        # format, never the packed weights: those are rebuilt on loading, so a
        # pickle reads the same whatever layout a later version packs them in.
        return ReplyModel.from_dict, (self.to_dict(),)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: the features in order, their weights as base64 bytes.

        Example:
            >>> data = ReplyModel.default().to_dict()
            >>> data["version"], data["labels"][-2:]
            (1, ['opt_out', 'bounce'])
        """
        keys = sorted(self.weights)
        raw = bytes(w & 0xFF for key in keys for w in self.weights[key])
        return {
            "version": _FORMAT,
            "labels": list(self.labels),
            "bias": list(self.bias),
            "scale": self.scale,
            "below": self.below,
            "least": self.least,
            "trained_on": self.trained_on,
            "words": list(self.words),
            "features": keys,
            "weights": base64.b64encode(raw).decode("ascii"),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ReplyModel:
        """The model a :meth:`to_dict` payload describes (a file written by the training script).

        Example:
            >>> model = ReplyModel.default()
            >>> ReplyModel.from_dict(model.to_dict()).weights == model.weights
            True
        """
        reader = Reader(data)
        reader.version(_FORMAT)

        def make() -> ReplyModel:
            keys = reader.raw("features", "expected a list of features")
            coded = reader.string("weights")
            if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
                raise SchemaError("features", keys, "expected a list of features")
            try:
                raw = base64.b64decode(coded.encode("ascii"), validate=True)
            except ValueError:
                raise SchemaError("weights", coded, "expected base64 text") from None
            size = len(LABELS)
            if len(raw) != size * len(keys):
                raise SchemaError(
                    "weights", coded, f"expected {size} bytes for each of the {len(keys)} features"
                )
            signed = [b - 256 if b > 127 else b for b in raw]
            weights = {key: tuple(signed[i * size : (i + 1) * size]) for i, key in enumerate(keys)}
            return cls(
                weights=weights,
                bias=reader.raw("bias", "expected a list of whole numbers"),
                scale=reader.raw("scale", "expected a positive number"),
                below=reader.raw("below", "expected a number", 0.7),
                least=reader.raw("least", "expected a number", 0.5),
                trained_on=reader.string("trained_on", ""),
                words=reader.raw("words", "expected a list of words", []),
                labels=reader.raw("labels", "expected the labels", list(LABELS)),
            )

        return reader.build(make)


def probabilities(model: ReplyModel, text: str, folded: str | None = None) -> list[float]:
    """The model's probability of each label (in ``LABELS`` order) for a reply's new text.

    Exact integer sums, then one softmax: the same text gives the same
    floats on every run and platform. ``folded`` is ``fold(text)`` when the
    caller has it already.
    """
    said = words_of(text) if folded is None else words_in(folded)
    compiled = model._compiled
    distinct = set(said)
    packed = list(map(compiled.words.get, distinct))  # None: a word never seen in training
    total = sum(filter(None, packed))
    zeros = itertools.repeat(0)  # get(key, 0) through map: the loops run in C
    if None in packed:
        get = compiled.grams.get
        for word, known in zip(distinct, packed, strict=True):
            if known is None:
                total += sum(map(get, grams(word), zeros))
    # the distinct pairs of neighbours, as tuples of the words (no string joined per reply)
    total += sum(map(compiled.pairs.get, pairs(said), zeros))
    sums, count = _unpack(total)
    norm = math.sqrt(count) if count else 1.0
    scores = [(b + s / norm) / model.scale for b, s in zip(model.bias, sums, strict=True)]
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    whole = sum(exps)
    return [e / whole for e in exps]


def weigh(
    model: ReplyModel, text: str, label: str, confidence: float, folded: str | None = None
) -> tuple[str, float] | None:
    """The model's label and probability where it replaces the rules' reading; else None.

    Read only where the rules say ``other`` or are less sure than
    ``model.below``; never where the rules read an opt-out or bounce, nor
    where the model's best guess is one (it abstains: a person reads it);
    only when the model's probability reaches ``model.least`` and its label
    differs from the rules'. ``folded`` is ``fold(text)`` when the caller has it.
    """
    if label in KEPT_OUT or (label != "other" and confidence >= model.below):
        return None
    chances = probabilities(model, text, folded)
    best = max(range(len(LABELS)), key=chances.__getitem__)
    guess = LABELS[best]
    if guess in KEPT_OUT or guess == label or chances[best] < model.least:
        return None
    return guess, round(chances[best], 3)


def chosen(value: object) -> ReplyModel | None:
    """The model ``read_reply(..., model=value)`` reads with: None for False (the rules alone)."""
    if value is False:
        return None
    if value is True:
        return _shipped()
    if isinstance(value, ReplyModel):
        return value
    raise InvalidFieldError(
        "model", value, "expected True (the shipped model), False (rules alone) or a ReplyModel"
    )


@functools.cache
def _shipped() -> ReplyModel:
    """The model shipped as package data, read once."""
    text = resources.files(__package__).joinpath(_RESOURCE).read_text(encoding="utf-8")
    return ReplyModel.from_dict(json.loads(text))


# --- training ---------------------------------------------------------------------------


def examples(
    rows: Iterable[Mapping[str, Any] | tuple[str, str]], cut: Callable[[str], str]
) -> list[tuple[str, int]]:
    """``(new text, label index)`` of each labelled reply; a bad row raises, naming it."""
    found = []
    for index, row in enumerate(rows):
        if isinstance(row, Mapping):
            text, label = row.get("text"), row.get("label")
        elif isinstance(row, tuple | list) and len(row) == 2:
            text, label = row
        else:
            raise InvalidFieldError(
                f"rows[{index}]", row, "expected a mapping with 'text' and 'label', or a pair"
            )
        if not isinstance(text, str):
            raise InvalidFieldError(f"rows[{index}].text", text, "expected the reply's text")
        if label not in LABELS:
            raise InvalidFieldError(
                f"rows[{index}].label", label, f"expected one of {', '.join(map(repr, LABELS))}"
            )
        found.append((cut(text), LABELS.index(str(label))))
    if not found:
        raise InvalidFieldError("rows", [], "expected at least one labelled reply")
    return found


Example = tuple[list[int], list[float], int]
"""A reply as the trainer sees it: feature indexes, their values, the label index."""


def _encode(counted: list[tuple[Counter[str], int]], vocabulary: dict[str, int]) -> list[Example]:
    encoded = []
    for found, label in counted:
        kept = sorted((vocabulary[key], n) for key, n in found.items() if key in vocabulary)
        total = sum(n for _, n in kept)
        norm = 1 / math.sqrt(total) if total else 0.0
        encoded.append(([i for i, _ in kept], [n * norm for _, n in kept], label))
    return encoded


def _fit(
    data: list[Example], size: int, epochs: int, seed: int, l2: float
) -> tuple[list[list[float]], list[float]]:
    """Weights (a list per label) and biases by stochastic gradient descent on the log loss.

    The order of the replies is shuffled by ``random.Random(seed)`` (never
    the module's generator); the step shrinks as ``2 / sqrt(1 + epoch)``.
    """
    labels = len(LABELS)
    weights = [[0.0] * size for _ in range(labels)]
    bias = [0.0] * labels
    order = list(range(len(data)))
    shuffle = random.Random(seed).shuffle
    for epoch in range(epochs):
        shuffle(order)
        rate = 2.0 / math.sqrt(1 + epoch)
        decay = 1 - rate * l2
        for position in order:
            indexes, values, label = data[position]
            scores = [
                b + sum(map(float.__mul__, map(row.__getitem__, indexes), values))
                for b, row in zip(bias, weights, strict=True)
            ]
            top = max(scores)
            exps = [math.exp(s - top) for s in scores]
            whole = sum(exps)
            for k, row in enumerate(weights):
                gradient = exps[k] / whole - (k == label)
                if -1e-4 < gradient < 1e-4:
                    continue
                step = rate * gradient
                bias[k] -= step
                for index, value in zip(indexes, values, strict=True):
                    row[index] = row[index] * decay - step * value
    return weights, bias


def train(
    rows: Iterable[Mapping[str, Any] | tuple[str, str]],
    cut: Callable[[str], str],
    *,
    features_kept: int = 12_000,
    epochs: int = 20,
    seed: int = 0,
    below: float = 0.7,
    least: float = 0.5,
    trained_on: str = "",
) -> ReplyModel:
    """A model of the labelled ``rows``, each text cut to its new text by ``cut``.

    Features seen in at least two replies (in one when there are fewer than
    50) are fitted once; the ``features_kept`` with the largest weights are
    fitted again alone (so what the model reads is what it was fitted on),
    and their weights are rounded to whole numbers from -127 to 127.
    Deterministic: the same rows and options give an equal model.
    """
    if isinstance(features_kept, bool) or not isinstance(features_kept, int) or features_kept < 1:
        raise InvalidFieldError("features_kept", features_kept, "expected a whole number above 0")
    if isinstance(epochs, bool) or not isinstance(epochs, int) or epochs < 1:
        raise InvalidFieldError("epochs", epochs, "expected a whole number above 0")
    labelled = examples(rows, cut)
    counted = [(features(text), label) for text, label in labelled]
    seen = Counter(key for found, _ in counted for key in found)
    least_seen = 2 if len(counted) >= 50 else 1
    keys = sorted(key for key, n in seen.items() if n >= least_seen)
    l2 = 1.0 / (100 * len(counted))
    vocabulary = {key: index for index, key in enumerate(keys)}
    weights, _ = _fit(_encode(counted, vocabulary), len(keys), epochs, seed, l2)
    strength = [max(abs(row[i]) for row in weights) for i in range(len(keys))]
    ranked = sorted(range(len(keys)), key=lambda i: (-strength[i], keys[i]))
    keys = sorted(keys[i] for i in ranked[:features_kept] if strength[i] > 0)
    vocabulary = {key: index for index, key in enumerate(keys)}
    weights, bias = _fit(_encode(counted, vocabulary), len(keys), epochs, seed, l2)
    largest = max((abs(w) for row in weights for w in row), default=0.0)
    scale = 127 / largest if largest > 0 else 1.0
    return ReplyModel(
        weights={
            key: tuple(round(row[i] * scale) for row in weights) for i, key in enumerate(keys)
        },
        bias=tuple(round(b * scale) for b in bias),
        scale=scale,
        below=below,
        least=least,
        trained_on=trained_on,
        words=tuple(sorted({key[1:] for found, _ in counted for key in found if key[0] == "="})),
    )
