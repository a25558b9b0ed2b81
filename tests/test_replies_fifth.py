"""read_reply, fifth release of issue 24: date forms, requests to stop and declines it adds.

Each form is stated in the languages that write it, in sentences of our own. The replies
arrive on Wednesday 13 January 2027, 10:00 in the replier's zone, read by the rules alone.
"""

from __future__ import annotations

from datetime import date

import pytest

import cadencekit as ck

ZONES = {
    "en": ("Europe/London", "GB"),
    "us": ("America/New_York", "US"),
    "de": ("Europe/Berlin", "DE"),
    "fr": ("Europe/Paris", "FR"),
    "es": ("Europe/Madrid", "ES"),
    "nl": ("Europe/Amsterdam", "NL"),
    "pt": ("Europe/Lisbon", "PT"),
    "it": ("Europe/Rome", "IT"),
    "sv": ("Europe/Stockholm", "SE"),
}


def read(text: str, language: str) -> ck.ReplyReading:
    zone, country = ZONES[language]
    return ck.read_reply(
        text,
        received_at="2027-01-13T10:00:00",  # a Wednesday
        tz=zone,
        calendar=ck.BusinessCalendar(country=country),
        model=False,
    )


def away_until(text: str, language: str) -> date | None:
    reading = read(text, language)
    assert reading.label is ck.ReplyLabel.OUT_OF_OFFICE, text
    return reading.until


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        # a weekday's short name before the day's number: "until" names the day back
        ("en", "I'm OOO till Mon 18th.", date(2027, 1, 18)),
        ("fr", "Je suis absent jusqu'au lun. 18 janv.", date(2027, 1, 18)),
        ("es", "Estoy fuera hasta el lun. 18 de ene.", date(2027, 1, 18)),
        ("it", "Sono fuori ufficio fino a lun 18 gen.", date(2027, 1, 18)),
        ("nl", "Ik ben afwezig tot ma 18 jan.", date(2027, 1, 18)),
        ("pt", "Estou ausente até seg., 18 jan.", date(2027, 1, 18)),
        ("sv", "Jag är borta till mån 18 jan.", date(2027, 1, 18)),
        ("de", "Ich bin ab Mo., 18.01. wieder da.", date(2027, 1, 18)),
        # and with a last-day cue, back the day after
        ("sv", "Jag är borta t.o.m. mån 18/1.", date(2027, 1, 19)),
        ("nl", "Ik ben afwezig t/m ma 18 jan.", date(2027, 1, 19)),
        # a full weekday and a bare day's number, "inclusive" after it
        ("fr", "Je suis absent jusqu'au lundi 18 inclus.", date(2027, 1, 19)),
        ("es", "Estoy de vacaciones hasta el lunes 18 inclusive.", date(2027, 1, 19)),
        ("it", "Sono in ferie fino a lunedì 18 compreso.", date(2027, 1, 19)),
        # day, dash, short month
        ("en", "Out until 18-Jan.", date(2027, 1, 18)),
    ],
)
def test_a_weekdays_short_name_and_a_bare_day_number(
    language: str, text: str, expected: date
) -> None:
    assert away_until(text, language) == expected


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        # a range of days of one month, with a dash: the last is the last day away
        ("sv", "Jag är ledig 11-24 januari.", date(2027, 1, 25)),
        ("sv", "Jag är ledig 11–24 jan.", date(2027, 1, 25)),
        ("de", "Ich bin vom 11.–22. Januar im Urlaub.", date(2027, 1, 23)),
        ("nl", "Ik ben met vakantie 11-22 januari.", date(2027, 1, 23)),
        ("fr", "En congés 11-22 janvier, réponse à mon retour.", date(2027, 1, 23)),
        ("es", "De vacaciones 11-22 de enero.", date(2027, 1, 23)),
        ("en", "Out of office Jan 11-18.", date(2027, 1, 19)),
        ("en", "Out of office 11-18 January.", date(2027, 1, 19)),
        # two numeric dates joined by a dash
        ("us", "OOO 1/11-1/18.", date(2027, 1, 19)),
        ("de", "Urlaub: 11.01.-22.01.2027", date(2027, 1, 23)),
    ],
)
def test_a_range_with_a_dash_names_the_last_day_away(
    language: str, text: str, expected: date
) -> None:
    assert away_until(text, language) == expected


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "I'm out for the rest of the week."),
        ("en", "On a business trip this week, replies will be slow."),
        ("de", "Ich bin diese Woche nicht im Büro."),
        ("de", "Ich bin bis Ende der Woche nicht erreichbar."),
        ("fr", "Je suis absent jusqu'à la fin de la semaine."),
        ("es", "Estoy fuera el resto de la semana."),
        ("nl", "Ik ben de rest van de week afwezig."),
        ("pt", "Estou fora o resto da semana."),
        ("it", "Sono fuori ufficio per il resto della settimana."),
        ("sv", "Jag är borta resten av veckan."),
    ],
)
def test_away_the_rest_of_the_week_is_back_on_monday(language: str, text: str) -> None:
    assert away_until(text, language) == date(2027, 1, 18)


def test_a_day_back_named_after_this_week_wins() -> None:
    text = "Wir sind diese Woche auf der Messe und ab Donnerstag, den 21., wieder im Büro."
    assert away_until(text, "de") == date(2027, 1, 21)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "On leave for the rest of January."),
        ("de", "Ich bin den ganzen Januar im Urlaub."),
        ("fr", "Je suis absent tout le mois de janvier."),
        ("es", "Estoy de baja todo el mes de enero."),
        ("nl", "Ik ben heel januari met verlof."),
        ("pt", "Estou de licença todo o mês de janeiro."),
        ("it", "Sono in ferie per tutto il mese di gennaio."),
        ("sv", "Jag är föräldraledig hela januari."),
    ],
)
def test_away_the_whole_month_is_back_on_the_first_of_the_next(language: str, text: str) -> None:
    assert away_until(text, language) == date(2027, 2, 1)


def test_a_back_that_leads_to_a_later_date_governs_that_date() -> None:
    text = "I'm away for two weeks from the 11th, back on the 25th."
    assert away_until(text, "en") == date(2027, 1, 25)
    assert away_until("Am 18. Januar wieder zurück.", "de") == date(2027, 1, 18)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Out of office. Happy to meet Monday 10:30 when I'm back."),
        ("de", "Ich bin nicht im Büro. Montag 14 Uhr passt für den Rückruf."),
        ("en", "I'm out of the office, so 18 people are covering for me."),
    ],
)
def test_a_time_or_a_short_word_before_a_number_is_no_day(language: str, text: str) -> None:
    until = away_until(text, language)
    assert until not in (date(2027, 1, 18), date(2027, 2, 10), date(2027, 1, 14))


def test_a_snooze_word_wins_over_this_week() -> None:
    reading = read("Können Sie mich in zwei Wochen nochmal anrufen? Diese Woche ist Messe.", "de")
    assert reading.label is ck.ReplyLabel.MAYBE
    assert reading.until == date(2027, 1, 27)
