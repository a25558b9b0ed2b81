"""What a report reads of an enrollment: its events as rows, its steps and how it stands.

``report()`` folds these. It makes them from an :class:`~cadencekit.Enrollment`
with :func:`summary_of`; an :class:`~cadencekit.EventTable` makes them from its
columns without building enrollments (``tables.py``), and with
:func:`summary_of` for the enrollments it hands to the engine. One layout for
both, here, so the two cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from datetime import datetime
from operator import attrgetter
from typing import Final

from .cadence import Cadence, Touchpoint
from .channels import Channel
from .enrollment import Enrollment, Status
from .events import CallResult, EventKind, Response
from .rules import ExitReason

# One event: its kind, step, response, call result, channel, variant and moment.
Row = tuple[
    EventKind, int | None, Response | None, CallResult | None, Channel | None, str | None, datetime
]
ROW: Final = attrgetter("kind", "step", "response", "call_result", "channel", "variant", "at")
AT: Final = 6  # where a row keeps its moment

# Whom an enrollment is of: the prospect, cadence, owner, account and facts (what a
# report slices by).
Card = tuple[str, Cadence, str | None, str | None, Mapping[str, object]]
NO_FACTS: Final[Mapping[str, object]] = {}

# One enrollment: its rows in the order they were applied (an iterable read once: the
# table path zips them from its columns, making no tuple a row), the moment of its latest
# event (its start when it has none), its steps, status, exit reason, start, end and card.
# A paused enrollment's "end" is when its pause ends (None: at a resume), so a report as
# of a later ``now`` counts it active. Last, its shape and moments, where the table path
# knows them (None where it does not): a token that stands, for the length of one
# report, for the rows' kinds, steps, responses, results, channels and variants under
# one cadence (two enrollments with one token have rows alike but for their moments),
# and the rows' moments, so the report reads a shape once and only its moments per
# enrollment.
Shaped = tuple[Hashable, Sequence[datetime]]
Summary = tuple[
    Iterable[Row],
    datetime,
    Sequence[Touchpoint],
    Status,
    ExitReason | None,
    datetime,
    datetime | None,
    Card,
    Shaped | None,
]


def card_of(enrollment: Enrollment) -> Card:
    """Whom ``enrollment`` is of, as a report keeps it."""
    e = enrollment
    facts = getattr(e, "facts", None)  # Enrollment.facts, where the enrollment has them
    return e.prospect, e.cadence, e.owner, e.account, NO_FACTS if facts is None else facts


def summary_of(enrollment: Enrollment) -> Summary:
    """What a report reads of ``enrollment``."""
    e = enrollment
    steps, status, reason, started = e.steps, e.status, e.exit_reason, e.started
    ended = e.paused_until if status is Status.PAUSED else e.ended_at
    events = e.events
    latest = events[-1].at if events else started
    return map(ROW, events), latest, steps, status, reason, started, ended, card_of(e), None
