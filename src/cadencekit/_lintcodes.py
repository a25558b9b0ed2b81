"""The lint codes, kept where both ``cadence`` (``Cadence.allow``) and ``lint`` see them.

``lint.py`` holds each code's severity, practice and check; this list only
names them, so a cadence can be checked for codes it allows without
importing the lint module (which imports cadence).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Final

from .errors import InvalidFieldError

LINT_CODES: Final = (
    "too-short",
    "too-few-touches",
    "over-contacting",
    "sms-cluster",
    "shrinking-gaps",
    "single-channel",
    "over-automation",
    "empty-follow-up",
    "no-value-step",
    "missing-cta",
    "not-personalized",
    "no-breakup",
    "after-breakup",
    "unknown-field",
    "malformed-field",
    "pitch-in-plain-text",
    "no-unsubscribe",
    "no-sender-identity",
    "night-send",
    "message-not-connected",
    "time-outside-window",
)
"""Every lint code, in the order the docs list them."""


def lint_codes(value: object, field: str) -> frozenset[str]:
    """A frozenset of known lint codes from a code or an iterable of codes.

    A single string is read as one code. An unknown code raises
    :class:`~cadencekit.InvalidFieldError` naming it and listing the codes.
    """
    if isinstance(value, str):
        items: tuple[object, ...] = (value,)
    elif isinstance(value, Iterable) and not isinstance(value, bytes | Mapping):
        items = tuple(value)
    else:
        raise InvalidFieldError(
            field, value, "expected lint codes, like ('single-channel', 'no-breakup')"
        )
    for item in items:
        if not isinstance(item, str) or item not in LINT_CODES:
            raise InvalidFieldError(
                field, item, f"not a lint code; use one of {', '.join(LINT_CODES)}"
            )
    return frozenset(items)  # type: ignore[arg-type]
