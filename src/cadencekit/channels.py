"""The channels a touch goes out on: email, call, voicemail, LinkedIn, SMS, meeting, task.

Example:
    >>> from cadencekit import Channel
    >>> Channel("email").label
    'Email'
    >>> Channel.CALL.is_manual, Channel.EMAIL.is_manual
    (True, False)
"""

from __future__ import annotations

import enum

from .errors import CheckedEnum

__all__ = ["Channel"]

_LABELS = {
    "email": "Email",
    "call": "Call",
    "voicemail": "Voicemail",
    "linkedin": "LinkedIn",
    "sms": "SMS",
    "meeting": "Meeting",
    "task": "Task",
}


class Channel(CheckedEnum, enum.StrEnum):
    """A channel a touchpoint uses; its value is the lower-case name.

    Example:
        >>> Channel.LINKEDIN.value, Channel.LINKEDIN.label
        ('linkedin', 'LinkedIn')
    """

    EMAIL = "email"
    CALL = "call"
    VOICEMAIL = "voicemail"
    LINKEDIN = "linkedin"
    SMS = "sms"
    MEETING = "meeting"
    TASK = "task"

    @property
    def label(self) -> str:
        """The name a person writes in an outline: ``Email``, ``LinkedIn``, ``SMS``."""
        return _LABELS[self.value]

    @property
    def is_manual(self) -> bool:
        """Whether a rep carries it out by hand, by default: all but email.

        Emails go out automatically and count against a mailbox, not the
        rep's day. Calls, voicemails, LinkedIn, meetings, tasks and text
        messages are the rep's own work, as sequencing tools treat them; a
        step whose texts (or emails) go out otherwise says so with
        ``Touchpoint(..., automated=...)``, which is what planning and rep
        calendars read. ``Touchpoint.automated`` defaults to ``not
        channel.is_manual``.

        Example:
            >>> Channel.SMS.is_manual, Channel.EMAIL.is_manual
            (True, False)
        """
        return self is not Channel.EMAIL
