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
        """Whether a rep carries it out by hand (calls, voicemails, LinkedIn, meetings, tasks).

        Emails and text messages go out automatically and count against a
        mailbox or a sender, not the rep's day.
        """
        return self not in (Channel.EMAIL, Channel.SMS)
