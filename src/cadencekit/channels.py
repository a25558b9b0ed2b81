"""The channels a touch goes out on: email, calls, LinkedIn's actions, texts, and a team's own.

Example:
    >>> from cadencekit import Channel
    >>> Channel("email").label
    'Email'
    >>> Channel.CALL.is_manual, Channel.EMAIL.is_manual
    (True, False)
    >>> Channel("linkedin_inmail").label, Channel.LINKEDIN_INMAIL.family
    ('LinkedIn InMail', <Channel.LINKEDIN: 'linkedin'>)
    >>> gift = Channel.custom("Direct mail")
    >>> gift.value, gift.label, gift.is_manual
    ('custom:direct mail', 'Direct mail', True)
"""

from __future__ import annotations

import enum
import re
from typing import Final

from .errors import CheckedEnum, InvalidFieldError

__all__ = ["CUSTOM_PREFIX", "Channel"]

CUSTOM_PREFIX: Final = "custom:"
"""What a team's own channel's value starts with: ``"custom:direct mail"``."""

_LABELS = {
    "email": "Email",
    "call": "Call",
    "voicemail": "Voicemail",
    "linkedin": "LinkedIn",
    "sms": "SMS",
    "meeting": "Meeting",
    "task": "Task",
    "linkedin_connect": "LinkedIn connect",
    "linkedin_message": "LinkedIn message",
    "linkedin_inmail": "LinkedIn InMail",
    "linkedin_visit": "LinkedIn profile visit",
    "whatsapp": "WhatsApp",
}

# A team's channel name: a letter or digit, then letters, digits, spaces, "-", "_", "&",
# "'" or "." (40 characters at most), read without case and with spaces collapsed.
_CUSTOM_NAME: Final = re.compile(r"[^\W_][\w &'.-]{0,39}")
_CUSTOM_HELP: Final = (
    "expected a team's channel name after 'custom:', like 'custom:direct mail' "
    "(letters, digits, spaces, '-', '_', '&', \"'\" or '.', 40 characters at most)"
)


class Channel(CheckedEnum, enum.StrEnum):
    """A channel a touchpoint uses; its value is the lower-case name.

    The built-in channels are email, call, voicemail, SMS, meeting and
    task; LinkedIn's four actions, ``linkedin_connect`` (a connection
    request, with or without a note), ``linkedin_message`` (a message to a
    first-degree connection), ``linkedin_inmail`` (a paid message to
    anyone) and ``linkedin_visit`` (a profile visit: the prospect sees
    who looked); ``whatsapp``; and ``linkedin``, a LinkedIn touch whose
    action the cadence leaves to the rep (what the one LinkedIn step of
    sequencing tools is, most often a message). ``linkedin`` stays its own
    channel, so data written before the actions existed reads and reports
    as it did; :attr:`family` groups the five as LinkedIn.

    A team's own channel (a gift, direct mail, a video message) is
    ``Channel.custom("Direct mail")``, or the value ``"custom:direct mail"``
    wherever a channel is read (touchpoints, events, capacities, rules,
    dicts): the prefix says it is meant, so a typo (``"emial"``) is still
    refused. Its name is read without case and with spaces collapsed; it is
    a manual step, reported under its own name. A custom channel is a
    channel value like any other (it compares, hashes and pickles by its
    value) but is not listed when iterating ``Channel``.

    Example:
        >>> Channel.LINKEDIN.value, Channel.LINKEDIN.label
        ('linkedin', 'LinkedIn')
        >>> Channel("custom:Direct  Mail") == Channel.custom("direct mail")
        True
        >>> Channel("custom:")
        Traceback (most recent call last):
        ...
        cadencekit.errors.InvalidFieldError: channel 'custom:': expected a team's channel name after 'custom:', like 'custom:direct mail' (letters, digits, spaces, '-', '_', '&', "'" or '.', 40 characters at most)
    """

    EMAIL = "email"
    CALL = "call"
    VOICEMAIL = "voicemail"
    LINKEDIN = "linkedin"
    SMS = "sms"
    MEETING = "meeting"
    TASK = "task"
    LINKEDIN_CONNECT = "linkedin_connect"
    LINKEDIN_MESSAGE = "linkedin_message"
    LINKEDIN_INMAIL = "linkedin_inmail"
    LINKEDIN_VISIT = "linkedin_visit"
    WHATSAPP = "whatsapp"

    @classmethod
    def _missing_(cls, value: object) -> Channel | None:
        found = cls._read_custom(value, "channel")
        if found is not None:
            return found
        raise InvalidFieldError("channel", value, _accepted())

    @classmethod
    def _read_custom(cls, value: object, field: str) -> Channel | None:
        """A team's channel from ``"custom:<name>"`` (None: not that form); a bad name is refused."""
        if not isinstance(value, str):
            return None
        text = value.strip()
        if text[: len(CUSTOM_PREFIX)].lower() != CUSTOM_PREFIX:
            return None
        name = " ".join(text[len(CUSTOM_PREFIX) :].split()).lower()
        if not _CUSTOM_NAME.fullmatch(name):
            raise InvalidFieldError(field, value, _CUSTOM_HELP)
        canonical = CUSTOM_PREFIX + name
        # A value of the enum's type that is not one of its members: str's constructor
        # builds it, and it carries what an enum member carries (compares, hashes and
        # pickles by its value, as Channel(value) reads it back).
        member = str.__new__(cls, canonical)
        member._value_ = canonical
        member._name_ = canonical
        member._sort_order_ = len(cls._member_names_)  # type: ignore[attr-defined]
        return member

    @classmethod
    def custom(cls, name: str) -> Channel:
        """A team's own channel by its name: ``Channel.custom("Direct mail")``.

        Example:
            >>> Channel.custom("Video message").value
            'custom:video message'
        """
        found = cls._read_custom(CUSTOM_PREFIX + name if isinstance(name, str) else name, "name")
        if found is None:
            raise InvalidFieldError("name", name, "expected a channel name, like 'Direct mail'")
        return found

    @property
    def is_custom(self) -> bool:
        """Whether this is a team's own channel (``custom:...``).

        Example:
            >>> Channel.custom("gift").is_custom, Channel.TASK.is_custom
            (True, False)
        """
        return self.value.startswith(CUSTOM_PREFIX)

    @property
    def label(self) -> str:
        """The name a person writes: ``Email``, ``LinkedIn InMail``, a team's ``Direct mail``."""
        label = _LABELS.get(self.value)
        if label is not None:
            return label
        name = self.value[len(CUSTOM_PREFIX) :]
        return name[:1].upper() + name[1:]

    @property
    def family(self) -> Channel:
        """The channel it is a kind of: LinkedIn for LinkedIn's actions, else itself.

        Lint counts families when it asks for several channels (a connect
        and a message are both LinkedIn).

        Example:
            >>> Channel.LINKEDIN_CONNECT.family, Channel.SMS.family
            (<Channel.LINKEDIN: 'linkedin'>, <Channel.SMS: 'sms'>)
        """
        return Channel.LINKEDIN if self.value.startswith("linkedin") else self

    @property
    def is_manual(self) -> bool:
        """Whether a rep carries it out by hand, by default: all but email.

        Emails go out automatically and count against a mailbox, not the
        rep's day. Calls, voicemails, LinkedIn's actions, WhatsApp,
        meetings, tasks, text messages and a team's own channels are the
        rep's own work, as sequencing tools treat them; a step that goes
        out otherwise says so with ``Touchpoint(..., automated=...)``,
        which is what planning and rep calendars read.
        ``Touchpoint.automated`` defaults to ``not channel.is_manual``.

        Example:
            >>> Channel.SMS.is_manual, Channel.EMAIL.is_manual, Channel.WHATSAPP.is_manual
            (True, False, True)
        """
        return self is not Channel.EMAIL

    @property
    def order(self) -> tuple[int, str]:
        """Where it sorts in tables and reports: the built-in channels in their order, then a team's by name.

        Example:
            >>> sorted([Channel.custom("gift"), Channel.WHATSAPP, Channel.EMAIL], key=lambda c: c.order)
            [<Channel.EMAIL: 'email'>, <Channel.WHATSAPP: 'whatsapp'>, <Channel.custom:gift: 'custom:gift'>]
        """
        return (_ORDER.get(self.value, len(_ORDER)), self.value)


_ORDER: Final = {channel.value: position for position, channel in enumerate(Channel)}


def _accepted() -> str:
    """What a channel may be, for an error: the values, or a team's own."""
    values = ", ".join(repr(channel.value) for channel in Channel)
    return f"expected one of {values}, or 'custom:<name>' for a team's own channel"
