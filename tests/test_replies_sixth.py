"""read_reply, sixth release of issue 24: requests to stop, declines and snoozes it adds.

Each form is stated in the languages that write it, in sentences of our own, and read by the
rules alone. The replies arrive on Wednesday 13 January 2027, 10:00 in the replier's zone.
"""

from __future__ import annotations

import pytest

import cadencekit as ck

ZONES = {
    "en": "Europe/London",
    "de": "Europe/Berlin",
    "es": "Europe/Madrid",
    "nl": "Europe/Amsterdam",
    "it": "Europe/Rome",
}


def label(text: str, language: str) -> str:
    reading = ck.read_reply(
        text, received_at="2027-01-13T10:00:00", tz=ZONES[language], model=False
    )
    return reading.label.value


@pytest.mark.parametrize(
    ("language", "text"),
    [
        # a removal imperative with the replier joined to it as a clitic, in every person
        ("es", "Eliminadme, por favor."),
        ("es", "Borradme."),
        ("es", "Bórreme, gracias."),
        ("es", "Exclúyanme de todo."),
        ("es", "Retírenme."),
        ("it", "Eliminatemi."),
        ("it", "Rimuovimi, grazie."),
        ("it", "Mi disiscriva."),
        ("it", "Mi tolga dalla vostra lista."),
        ("nl", "Schrap me."),
        ("nl", "Haal me eraf, graag."),
        ("de", "Lösch mich."),
        ("de", "Entfernt mich bitte."),
        # a way of contacting in the vosotros and usted forms, under a negation, with a "more"
        ("es", "Por favor, no me contactéis más."),
        ("es", "No me escribáis más."),
        ("es", "No me contacte más, gracias."),
        # "never again" said by volver a
        ("es", "No vuelvas a escribirme."),
        ("es", "Por favor, no vuelva a contactarme."),
        # a polite request not to, and a way of contacting
        ("it", "La prego di non inviarmi email."),
        ("it", "Vi chiedo di non mandarmi comunicazioni."),
        ("it", "Vi diffido dal contattarmi ulteriormente."),
        ("it", "Gradirei non ricevere più le vostre comunicazioni."),
        ("es", "Le pido que no me envíe correos."),
        ("nl", "Ik verzoek u geen mails meer te sturen."),
        # "no further" in Dutch, as "keine weiteren" in German
        ("nl", "Graag geen verdere mails."),
        # what a removal removes: the replier's contact or the sender's records
        ("it", "Eliminate il mio contatto dai vostri archivi."),
        ("it", "Cancellate i miei recapiti."),
        # a request to stop written as a wish: a negated "want", a removal in the subjunctive
        # or passive, data no longer used, an impersonal "please do not"
        ("de", "ICH WILL KEINE MAILS VON IHNEN!"),
        ("de", "Wir möchten keine Zusendungen."),
        ("it", "Vorrei che il mio indirizzo venga tolto dalle vostre liste."),
        ("it", "Preferirei che il mio nominativo venisse cancellato dal vostro database."),
        ("it", "Si prega di non inviare altre mail a questo indirizzo."),
        ("en", "Please make sure my address is no longer used for your campaigns."),
        ("es", "Me gustaría que mi correo dejara de aparecer en su lista."),
        ("nl", "Wij verwachten dat onze gegevens uit jullie bestand worden verwijderd."),
        ("nl", "Graag geen correspondentie meer."),
    ],
)
def test_requests_to_stop(language: str, text: str) -> None:
    assert label(text, language) == "opt_out"


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        # a request not to hesitate asks for nothing
        ("it", "Sì, mi interessa: vi prego di non esitare a contattarmi martedì.", "positive"),
        ("es", "Sí, me interesa. Le pido que no dude en contactarme el martes.", "positive"),
        # "sácame de dudas" is a question, not a removal
        ("es", "Sácame de dudas: ¿cuánto cuesta?", "positive"),
        # a decline as a whole sentence
        ("it", "Preferiamo non andare avanti.", "no"),
        ("it", "Preferirei non procedere.", "no"),
        ("it", "Per ora passiamo.", "no"),
        ("it", "Non è per noi.", "no"),
        ("es", "Preferimos no continuar.", "no"),
        ("es", "Prefiero no seguir, gracias.", "no"),
        ("de", "Wir machen das intern.", "no"),
        # a removal the replier did asks for nothing
        ("it", "Ho cancellato la vostra email per errore, potete rimandarla?", "other"),
        # a time to come back to it
        ("es", "Volvemos a hablar en marzo.", "maybe"),
        ("nl", "Kunt u in maart terugkomen?", "maybe"),
        ("es", "Vuelva a contactarnos en el cuarto trimestre.", "maybe"),
        ("it", "Potremmo riparlarne nel terzo trimestre.", "maybe"),
        # "already" said by a verb of using, whatever the tool's name
        ("it", "Usiamo già Pipedrive, grazie.", "no"),
        ("es", "Ya usamos Pipedrive.", "no"),
        ("nl", "Wij gebruiken al Pipedrive.", "no"),
        ("de", "Wir nutzen bereits Pipedrive.", "no"),
        # not seeing the point
        ("nl", "Ik zie niet in wat dit voor ons zou betekenen.", "no"),
        ("es", "No veo qué aportaría esto.", "no"),
        # passing the message on, in Dutch, and who handles it, in German
        ("nl", "Ik stuur uw mail door naar onze inkoopafdeling.", "referral"),
        ("de", "Das läuft über unseren Einkauf: einkauf@example.de", "referral"),
        # a kind of leave written as one word, or a stay away
        ("de", "Ich bin bis 4. Januar im Weihnachtsurlaub.", "out_of_office"),
        ("de", "Ich bin bis Ende Januar in Kur.", "out_of_office"),
        ("nl", "Ik ben met vaderschapsverlof tot 1 juni.", "out_of_office"),
        # "let's talk" and a when: later is a maybe, tomorrow (at any hour) is to talk now
        ("es", "Hablemos en dos semanas, ahora estoy liado.", "maybe"),
        ("es", "Hablemos mañana a las diez.", "positive"),
        ("es", "Llámame mañana a las diez.", "positive"),
        ("de", "Melden Sie sich am Montag, 3. März.", "maybe"),
        # a visit asked for is a yes
        ("nl", "Kunnen jullie langskomen op ons kantoor?", "positive"),
        ("de", "Können Sie bei uns vorbeikommen?", "positive"),
        # away "at the moment" is away, not a maybe
        ("nl", "Ik ben momenteel niet aanwezig.", "out_of_office"),
    ],
)
def test_other_forms(language: str, text: str, expected: str) -> None:
    assert label(text, language) == expected
