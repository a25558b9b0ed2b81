"""An enrollment's history: the events applied, shared by its versions (private).

Applying an event makes a new enrollment; the versions of one enrollment
share one append-only list of events, each seeing its first ``n`` items, so
applying costs the same however long the history. The list indexes the
events that carry an id, so a duplicate delivery is found with one lookup.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from typing import Final

from .events import Event, EventKind

__all__ = ["Items", "Log", "Seen", "earliest_of_each"]

_TIMEOUT: Final = EventKind.TIMEOUT


_LOCK: Final = threading.Lock()


class Items(list[Event]):
    """A history's events, with the place of each that carries an id (indexed when first asked)."""

    __slots__ = ("ids",)

    def __init__(self, events: Iterable[Event] = ()) -> None:
        super().__init__(events)
        self.ids: dict[tuple[EventKind, str], int] | None = None


class Log:
    """An append-only history shared by the versions of one enrollment.

    Each version sees the first ``n`` items of one list. Applying an event
    to the newest version appends in place (no copy of the history, so the
    cost does not grow with it); extending an older version, whose list
    already went on, copies its first ``n`` items. The list also knows
    where each event with an id is, so a duplicate is found with one
    lookup whatever the history's length. Equal logs hold equal items; a
    pickle holds only this version's items.
    """

    __slots__ = ("items", "n")

    def __init__(self, items: Items, n: int) -> None:
        self.items = items
        self.n = n

    @classmethod
    def of(cls, items: Iterable[Event]) -> Log:
        listed = Items(items)
        return cls(listed, len(listed))

    def view(self) -> tuple[Event, ...]:
        items = self.items
        return tuple(items) if len(items) == self.n else tuple(items[: self.n])

    def last(self) -> Event:
        return self.items[self.n - 1]

    def find(self, identity: tuple[EventKind, str]) -> Event | None:
        """This version's event with ``identity`` (its kind and id), or None."""
        items = self.items
        ids = items.ids
        if ids is None:
            with _LOCK:  # built once for the list, whichever version asks first
                ids = items.ids
                if ids is None:
                    ids = {}
                    for place, event in enumerate(items):
                        if event.id is not None:
                            ids.setdefault((event.kind, event.id), place)
                    items.ids = ids
        index = ids.get(identity)
        return items[index] if index is not None and index < self.n else None

    def extended(self, new: Sequence[Event]) -> Log:
        with _LOCK:  # two threads extending one version: one appends, one copies
            items = self.items
            if len(items) == self.n:
                ids = items.ids
                if ids is not None:  # the index follows the list
                    for index, event in enumerate(new, len(items)):
                        if event.id is not None:
                            ids.setdefault((event.kind, event.id), index)
                items.extend(new)
            else:
                items = Items([*items[: self.n], *new])
        return Log(items, self.n + len(new))

    def __len__(self) -> int:
        return self.n

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Log):
            return NotImplemented
        if self.n != other.n:
            return False
        return self.items is other.items or self.items[: self.n] == other.items[: other.n]

    def __hash__(self) -> int:
        return hash(self.view())

    def __reduce__(self) -> tuple[object, ...]:
        return (Log.of, (self.view(),))


class Seen:
    """The ``(kind, id)`` of every event kept: a version's history, and what a fold adds to it."""

    __slots__ = ("log", "new")

    def __init__(self, log: Log) -> None:
        self.log = log
        self.new: set[tuple[EventKind, str]] = set()

    def __contains__(self, identity: object) -> bool:
        return identity in self.new or self.log.find(identity) is not None  # type: ignore[arg-type]

    def add(self, identity: tuple[EventKind, str]) -> None:
        self.new.add(identity)


def earliest_of_each(
    events: Iterable[Event], seen: set[tuple[EventKind, str]] | Seen
) -> list[Event]:
    """One event per identity ``(kind, id)``: the earliest (ties by content); new ones only.

    The events keep their given order (the first delivery's place), so a
    history already in time order needs no sort.
    """
    given = list(events)  # a new list: the caller may sort it
    named = [(event.kind, event.id) for event in given if event.id is not None]
    if not named or (type(seen) is set and not seen and len(set(named)) == len(named)):
        return given  # no (kind, id) twice, none seen before: every event counts
    kept: list[Event] = []
    first: dict[tuple[EventKind, str], int] = {}
    for event in given:
        if event.id is None or event.kind is _TIMEOUT:  # a host's timeout is a tick: all count
            kept.append(event)
            continue
        identity = (event.kind, event.id)
        if identity in seen:
            continue
        index = first.get(identity)
        if index is None:
            first[identity] = len(kept)
            kept.append(event)
        elif Event.sort_key(event) < Event.sort_key(kept[index]):
            kept[index] = event
    return kept
