"""read_reply, fifth release of issue 24: date forms, requests to stop and declines it adds.

Each form is stated in the languages that write it, in sentences of our own. The replies
arrive on Wednesday 13 January 2027, 10:00 in the replier's zone, read by the rules alone.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

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


# --- requests to stop ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text"),
    [
        # a removal verb and what it removes, in the informal forms of address
        ("es", "Sacame de tu lista de una vez."),  # voseo
        ("es", "Sácame de tu base de datos."),
        ("es", "Dadme de baja, por favor."),  # vosotros
        ("es", "dar de vaja porfavor"),  # b and v, one sound in Spanish
        ("fr", "Retire-moi de ta liste stp."),
        ("de", "Nimm mich bitte aus deinem Verteiler."),
        ("it", "Toglimi dalla tua lista."),
        ("pt", "Me tira da tua lista."),
        ("nl", "Haal me van jouw lijst."),
        ("sv", "Ta bort mig från din lista."),
        # an English gerund after "mind", "stop"
        ("en", "Would you mind removing me from your mailing list though?"),
        ("en", "Could you look into deleting my details from your database?"),
        # receiving denied, and what would be received
        ("en", "I would like not to receive any further emails from your company."),
        ("sv", "Jag skulle helst inte vilja få fler mejl från er."),
        ("sv", "Jag vill slippa era mejl."),
        ("en", "Please don't write again."),
        ("en", "No more of this please."),
    ],
)
def test_requests_to_stop_in_informal_and_inflected_forms(language: str, text: str) -> None:
    assert read(text, language).label is ck.ReplyLabel.OPT_OUT


@pytest.mark.parametrize(
    "text",
    [
        # the negation after the verb, as a German main clause puts it
        "Bitte kontaktieren Sie mich künftig nicht mehr.",
        "Bitte rufen Sie mich nicht mehr an.",
        "Schreiben Sie mich bitte nicht mehr an.",
        "Melden Sie sich bitte nie wieder bei mir.",
        "Ich habe kein Interesse und möchte nicht weiter kontaktiert werden.",
        # a verb of ceasing whose particle ends the clause (einstellen, absehen, aufhören)
        "Bitte stellen Sie die Zusendung von E-Mails ein.",
        "Bitte sehen Sie von weiteren Mails ab.",
        "Hören Sie mit den Mails auf!",
        "Bitte stellen Sie den Versand Ihrer Newsletter an mich ein.",
    ],
)
def test_german_word_order_of_a_request_to_stop(text: str) -> None:
    assert read(text, "de").label is ck.ReplyLabel.OPT_OUT


@pytest.mark.parametrize(
    "text",
    [
        "Stellen Sie das Angebot bitte per Mail ein.",  # a means, not what is stopped
        "Wir stellen gerade neue Leute ein, schreiben Sie mir im März.",  # the particle's clause
        "Rufen Sie mich gerne an, aber nicht mehr heute.",
        "Melden Sie sich im April wieder.",
    ],
)
def test_german_verbs_and_negations_that_ask_for_nothing(text: str) -> None:
    assert read(text, "de").label is not ck.ReplyLabel.OPT_OUT


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "de",
            "Ich bin bis 14.02.2027 (einschließlich) im Skiurlaub. Ab 15.02. bin ich gerne wieder"
            " für Sie da.\n\nLiebe Grüße\nKatharina\n\nWenn Sie keine Nachrichten von uns mehr"
            " erhalten wollen, antworten Sie mit 'Abmelden' an service@example.at.",
            date(2027, 2, 15),
        ),
        (
            "sv",
            "Jag är på tjänsteresa och tillbaka på fredag.\n\nMvh Henrik\n\nOm du inte längre"
            " vill ta emot e-post från oss kan du avregistrera dig via länken i sidfoten.",
            date(2027, 1, 15),
        ),
        (
            "pt",
            "Estou de férias e retorno no dia 15/02/2027.\n\nAtt,\nCarlos\n\nPara não receber"
            " mais nossos e-mails, clique em descadastrar.",
            date(2027, 2, 15),
        ),
        (
            "en",
            "I'm out of the office until Monday.\n\nThanks,\nJo\n\nIf you no longer wish to"
            " hear from us, reply UNSUBSCRIBE.",
            date(2027, 1, 18),
        ),
        (
            "nl",
            "Ik ben afwezig tot maandag.\n\nGroet,\nTim\n\nAls u geen mails meer van ons wilt"
            " ontvangen, klik dan op afmelden.",
            date(2027, 1, 18),
        ),
    ],
)
def test_an_away_notes_instructions_to_the_reader_are_no_request(
    language: str, text: str, expected: date
) -> None:
    assert away_until(text, language) == expected


@pytest.mark.parametrize(
    ("language", "text"),
    [
        (
            "fr",
            "Non merci.\n\n--\nClaire Dubois\nResponsable Achats\n\nP.-S. : merci de ne plus"
            " m'envoyer de messages à cette adresse.",
        ),
        (
            "es",
            "Gracias.\n\nAndrés\n\nEste mensaje es confidencial. Si usted no es el destinatario,"
            " elimínelo.\n\nPD: no deseo seguir recibiendo estos correos, bórrenme de su base.",
        ),
        ("es", "Gracias.\n\n--\nAndrés\n\nP.D. Bórrenme de su lista."),
    ],
)
def test_a_postscript_in_each_languages_form_is_read_for_a_request(
    language: str, text: str
) -> None:
    assert read(text, language).label is ck.ReplyLabel.OPT_OUT


@pytest.mark.parametrize(
    ("language", "text"),
    [
        (
            "en",
            "From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>\nSubject: Delivery"
            " Status Notification (Failure)\n\n** Message not delivered **\nThe domain"
            " example.net couldn't be found.",
        ),
        (
            "de",
            "Von: Mail Delivery System <MAILER-DAEMON@mout.example.de>\nBetreff: Unzustellbar:"
            " Kurze Frage\n\nDie Domain konnte nicht gefunden werden. Die Nachricht wurde nicht"
            " zugestellt.",
        ),
    ],
)
def test_a_delivery_notice_under_its_own_headers_is_a_bounce(language: str, text: str) -> None:
    assert read(text, language).label is ck.ReplyLabel.BOUNCE


def test_a_forwarded_message_with_nothing_above_is_not_read_as_its_sender() -> None:
    text = (
        "From: Sam Lee <sam@acme.io>\nSent: Monday\nTo: Jo\nSubject: Quick question\n\n"
        "Not interested? Reply STOP."
    )
    assert read(text, "en").label is not ck.ReplyLabel.OPT_OUT


# --- dates after "from" words ----------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "sv",
            "Jag är ledig från och med 19/1 och åter på kontoret torsdag 4/2.",
            date(2027, 2, 4),
        ),
        ("de", "Ich bin ab 19.01. im Urlaub und ab 04.02. wieder im Büro.", date(2027, 2, 4)),
        ("es", "Estaré de vacaciones a partir del 19/01, regreso el 04/02.", date(2027, 2, 4)),
        ("nl", "Vanaf 19 januari ben ik met verlof, terug op 4 februari.", date(2027, 2, 4)),
        # alone, a "from" day with a word of return after it is the day back
        ("de", "Ab dem 18.01. bin ich wieder erreichbar.", date(2027, 1, 18)),
        ("nl", "Vanaf maandag 18 januari ben ik weer aanwezig.", date(2027, 1, 18)),
        # a reopening in the future tense
        (
            "it",
            "L'ufficio resterà chiuso per ferie e riaprirà il trenta gennaio.",
            date(2027, 1, 30),
        ),
        ("es", "La oficina está cerrada y reabrirá el lunes 18.", date(2027, 1, 18)),
    ],
)
def test_a_day_with_a_word_of_return_wins_over_a_from_day(
    language: str, text: str, expected: date
) -> None:
    assert away_until(text, language) == expected


def test_a_span_within_a_number_of_weeks_snoozes_a_maybe() -> None:
    reading = read("Estamos en pleno cierre. Vuelve a escribirme dentro de dos semanas.", "es")
    assert reading.label is ck.ReplyLabel.MAYBE
    assert reading.until == date(2027, 1, 27)


# --- declines, referrals ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text"),
    [
        (
            "en",
            "I've come to the view that it wouldn't make a difference for us, so we'll leave it there.",
        ),
        ("de", "Ein Wechsel lohnt sich für uns nicht."),
        ("de", "Servus, wir arbeiten seit Jahren mit HubSpot. Kein Wechsel geplant."),
        ("sv", "Vi har landat i att vi föredrar att behålla våra nuvarande rutiner."),
        ("sv", "Nej, det blir inget."),
        ("es", "Hemos decidido que preferimos seguir con lo que tenemos."),
        ("es", "Hola, ya elegimos a la competencia hace un mes. Suerte!"),
        ("es", "No veo que vaya a cambiar nada, así que lo vamos a dejar aquí."),
        ("pt", "Chegamos à conclusão de que vamos seguir com o que já fazemos hoje."),
        ("it", "Per ora restiamo con quello che abbiamo."),
        ("fr", "Après réflexion, nous en resterons là."),
        ("nl", "We laten het hierbij, bedankt."),
        # a denied negation's scope ends at its clause: the "no" after the "but" stands
        ("es", "No es que no me guste la propuesta, pero la respuesta es no."),
        ("en", "It's not that we're not interested, but the answer is no."),
    ],
)
def test_a_decline_said_as_a_whole_sentence_is_a_no(language: str, text: str) -> None:
    assert read(text, language).label is ck.ReplyLabel.NO


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("de", "Falsche Person. Schreiben Sie an einkauf@example.de."),
        ("es", "Dejé de trabajar en Tecnosur. Escribile a Diego Acosta (diego@example.com)."),
        ("es", "Ya no llevo esto; Lucía quedó a cargo de mis clientes."),
        (
            "en",
            "I am not handling this department now. Kindly connect with Ms. Rao"
            " (rao@example.in) who is looking after the same.",
        ),
    ],
)
def test_a_successor_or_another_address_after_a_wrong_person_is_a_referral(
    language: str, text: str
) -> None:
    assert read(text, language).label is ck.ReplyLabel.REFERRAL


def test_an_away_note_that_names_a_desk_to_write_to_stays_an_away_note() -> None:
    text = (
        "Aufgrund einer längeren Erkrankung bin ich bis auf Weiteres nicht im Dienst. Bitte"
        " wenden Sie sich an zentrale@example.de."
    )
    assert read(text, "de").label is ck.ReplyLabel.OUT_OF_OFFICE


def test_a_trial_asked_for_is_a_yes() -> None:
    reading = read("Does this integrate with QuickBooks Online? If so, I'd love a trial.", "en")
    assert reading.label is ck.ReplyLabel.POSITIVE


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        # the day the replier answers again is the day back
        (
            "en",
            "Automatic reply\n\nThanks for your message. I will respond on Monday 18 January.",
            date(2027, 1, 18),
        ),
        # limited access to mail until a day, in each language
        ("nl", "Ik heb tot maandag beperkt toegang tot mijn e-mail.", date(2027, 1, 18)),
        (
            "de",
            "Ich habe bis Montag nur eingeschränkten Zugriff auf meine E-Mails.",
            date(2027, 1, 18),
        ),
        (
            "sv",
            "Autosvar: Jag har begränsad tillgång till e-post fram till måndag.",
            date(2027, 1, 18),
        ),
    ],
)
def test_when_the_replier_reads_mail_again(language: str, text: str, expected: date) -> None:
    assert away_until(text, language) == expected


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("sv", "Inte särskilt intresserad."),
        ("it", "Non particolarmente interessato."),
        ("en", "I'm not really interested."),
        ("nl", "Niet echt interessant voor ons."),
    ],
)
def test_interest_under_a_negation_is_a_no(language: str, text: str) -> None:
    assert read(text, language).label is ck.ReplyLabel.NO


@pytest.mark.parametrize(
    ("language", "text"), [("sv", "Vi är intresserade!"), ("it", "Sono interessato.")]
)
def test_interest_alone_is_a_yes(language: str, text: str) -> None:
    assert read(text, language).label is ck.ReplyLabel.POSITIVE


@pytest.mark.parametrize(
    "text",
    [
        # a German verb of passing on, split round whom it goes to
        "Ich leite Ihre Anfrage an unseren IT-Leiter weiter.",
        "Ich gebe das an Frau Kuhn weiter.",
        "Das macht bei uns die Kollegin aus dem Einkauf, Frau Schulz: schulz@example.de",
    ],
)
def test_german_word_order_of_a_referral(text: str) -> None:
    assert read(text, "de").label is ck.ReplyLabel.REFERRAL


@pytest.mark.parametrize(
    "text",
    [
        "Bitte leiten Sie nichts an mich weiter.",
        "Wir leiten gerade ein Projekt, danach geht es weiter.",
    ],
)
def test_passing_on_to_the_replier_or_no_one_is_no_referral(text: str) -> None:
    assert read(text, "de").label is not ck.ReplyLabel.REFERRAL


def test_who_is_responsible_named_is_a_referral() -> None:
    assert (
        read("El responsable es Juan Pérez, juan@example.es.", "es").label is ck.ReplyLabel.REFERRAL
    )


def test_a_time_that_does_not_fit_now_is_a_maybe() -> None:
    reading = read("Im Moment passt es zeitlich nicht, gerne ab April wieder.", "de")
    assert reading.label is ck.ReplyLabel.MAYBE
    assert reading.until == date(2027, 4, 1)


_WORDS = st.sampled_from(["a", "b", "c", "end", "of", "the", "week"])
_KEYS = st.lists(_WORDS, min_size=1, max_size=6).map(" ".join)


@given(st.lists(_KEYS, max_size=12), st.frozensets(_KEYS, max_size=6))
def test_holding_finds_the_keys_with_a_run_of_words(keys: list[str], words: frozenset[str]) -> None:
    """``_holding`` is "a key holds one of the words as a run of its own words"."""
    from cadencekit.replies import _holding

    naive = frozenset(key for key in keys if any(f" {word} " in f" {key} " for word in words))
    assert _holding(keys, words) == naive


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        # an abbreviation's dots do not end the sentence its date is read in
        ("sv", "Jag är åter fr.o.m. 18/1.", date(2027, 1, 18)),
        ("sv", "Jag är åter på jobbet fr.o.m. måndag.", date(2027, 1, 18)),
        ("it", "Di ritorno lunedì 18.", date(2027, 1, 18)),
        ("nl", "Ik ben er niet t/m 18-1.", date(2027, 1, 19)),
        ("en", "Away till Monday Jan 18", date(2027, 1, 18)),
    ],
)
def test_terse_away_notes_with_their_day(language: str, text: str, expected: date) -> None:
    assert away_until(text, language) == expected


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("es", "Cancelen mi suscripción."),
        ("nl", "Ik wil uitgeschreven worden."),
        ("nl", "Laat me voortaan met rust."),
        ("en", "I want my email address deleted."),
    ],
)
def test_a_subscription_cancelled_or_a_removal_wanted_done(language: str, text: str) -> None:
    assert read(text, language).label is ck.ReplyLabel.OPT_OUT


@pytest.mark.parametrize(
    "text",
    [
        "I removed the attachment, can you resend?",
        "I deleted your email by mistake, can you resend it?",
        "My colleague was removed from your list, please add him back.",
        "Thanks, I have removed my old address from the signature.",
    ],
)
def test_a_removal_the_replier_did_or_about_someone_else_asks_for_nothing(text: str) -> None:
    assert read(text, "en").label is not ck.ReplyLabel.OPT_OUT


@pytest.mark.parametrize(
    ("language", "text"),
    [
        # "available again" before a day: the day back, as stated
        ("fr", "Je suis absent et ne lis pas mes mails, de nouveau disponible lundi."),
        ("sv", "Jag är ledig, tillgänglig igen måndag."),
        ("es", "Estoy fuera, de nuevo disponible el lunes."),
        ("de", "Ich bin im Urlaub, wieder erreichbar am 18.01."),
    ],
)
def test_available_again_on_a_day_is_back_that_day(language: str, text: str) -> None:
    assert away_until(text, language) == date(2027, 1, 18)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        # an away note that reads no mail is no request to stop, whatever "more" it says
        ("de", "Ich bin nicht im Büro und lese keine Mails. Ab Montag wieder erreichbar."),
        ("nl", "Ik lees mijn mail niet, vanaf maandag weer bereikbaar."),
        ("es", "Estoy de vacaciones y no leo el correo, vuelvo el lunes de nuevo."),
        ("sv", "Jag är på semester och läser inte mejl, åter måndag igen."),
        ("en", "I am out of office and will not be checking email again until Monday."),
    ],
)
def test_an_away_note_that_reads_no_mail_is_no_opt_out(language: str, text: str) -> None:
    assert away_until(text, language) == date(2027, 1, 18)


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "On holiday 4th-17th January.", date(2027, 1, 18)),
        ("de", "Zurück am 2027-01-18.", date(2027, 1, 18)),
        ("it", "Sono fuori fino a lun 18 gen.", date(2027, 1, 18)),
        ("it", "Sono fuori per il resto della settimana.", date(2027, 1, 18)),
        # the last day away a weekend day, in each language's inclusive words
        (
            "de",
            "Ich bin bis einschließlich Sonntag, 17. Januar 2027 nicht erreichbar.",
            date(2027, 1, 18),
        ),
        ("fr", "Je suis en congé jusqu'au dimanche 17 janvier inclus.", date(2027, 1, 18)),
        ("es", "Estoy de permiso hasta el domingo 17 de enero incluido.", date(2027, 1, 18)),
        ("pt", "Estou de licença até domingo, 17 de janeiro, inclusive.", date(2027, 1, 18)),
        ("it", "Sono in ferie fino a domenica 17 gennaio compresa.", date(2027, 1, 18)),
        ("sv", "Jag har semester till och med söndag 17 januari.", date(2027, 1, 18)),
        ("en", "I'm on leave up to and including Sunday 17 January.", date(2027, 1, 18)),
    ],
)
def test_more_native_date_forms(language: str, text: str, expected: date) -> None:
    assert away_until(text, language) == expected


@pytest.mark.parametrize(
    ("language", "text", "label"),
    [
        ("sv", "Det är Karin som har hand om det, karin@example.se.", "referral"),
        ("es", "Eso lo ve mi compañera Marta: marta@example.es.", "referral"),
        ("en", "Sarah on our ops team would be a better contact: sarah@example.com", "referral"),
        ("nl", "Kom in maart maar eens terug.", "maybe"),
        ("de", "Super, ich freue mich auf das Gespräch.", "positive"),
        ("en", "Thanks, but we've got this covered.", "no"),
    ],
)
def test_everyday_turns_of_phrase(language: str, text: str, label: str) -> None:
    assert read(text, language).label.value == label


@pytest.mark.parametrize(
    ("language", "text"),
    [
        # each mail system's "address not found", in the languages it writes
        (
            "de",
            "Adresse nicht gefunden\nIhre Nachricht wurde nicht an jo@example.de zugestellt, weil"
            " die Adresse nicht gefunden wurde.",
        ),
        (
            "sv",
            "Adressen hittades inte\nDitt meddelande levererades inte till jo@example.se eftersom"
            " adressen inte hittades.",
        ),
        (
            "en",
            "Delivery has failed to these recipients or groups:\n\njo@example.com\nThe email"
            " address you entered couldn't be found.",
        ),
        ("es", "No se ha encontrado la dirección\nTu mensaje no se ha entregado a jo@example.es."),
    ],
)
def test_address_not_found_notices_are_bounces(language: str, text: str) -> None:
    assert read(text, language).label is ck.ReplyLabel.BOUNCE


def test_a_delivery_that_went_wrong_elsewhere_is_no_bounce() -> None:
    assert (
        read("Produkten levererades inte i tid av er konkurrent.", "sv").label
        is not ck.ReplyLabel.BOUNCE
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an English short weekday alone, right after its cue: the next such day
        ("Back Mon.", date(2027, 1, 18)),
        ("OOO till Thurs.", date(2027, 1, 14)),
        ("Out until Tues, limited email.", date(2027, 1, 19)),
        ("I am out of office, back on Fri.", date(2027, 1, 15)),
    ],
)
def test_an_english_short_weekday_after_its_cue(text: str, expected: date) -> None:
    assert away_until(text, "en") == expected


@pytest.mark.parametrize(
    ("text", "label"),
    [("Mon is a good day for a call.", "other"), ("Sure, call me Thurs.", "positive")],
)
def test_a_short_weekday_elsewhere_is_no_away_note(text: str, label: str) -> None:
    assert read(text, "en").label.value == label
