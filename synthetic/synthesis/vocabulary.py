"""The words of the generated data: themes of the Handlungsfelder, names,
committees, metric themes and the text templates of every app's rows.

Changing a list here changes the generated data (and the benchmark rows);
the order of the entries matters, since the generator draws from them.
"""

from dataclasses import dataclass

from concept.models import Measure, Organisation
from monitoring.models import GoalStatus
from roundtable.models import Feedback


@dataclass(frozen=True)
class FieldTheme:
    title: str
    topics: tuple[str, ...]
    main_goals: tuple[str, ...]
    subjects: tuple[str, ...]
    predicates: tuple[str, ...]
    offers: tuple[str, ...]  # dative plural: "an …", "von …", "bei …"


THEMES = (
    FieldTheme(
        "Bildung und Sprachförderung",
        (
            "Frühkindliche Bildung in Kindertagesstätten",
            "Sprachförderung für Kinder und Jugendliche",
            "Deutschkurse für Erwachsene",
            "Schulerfolg und Übergang in den Beruf",
            "Elternbildung und Elternbeteiligung",
            "Außerschulische Bildung und Lernhilfen",
        ),
        (
            "Die Sprachkompetenz der Menschen mit Migrationshintergrund hat sich "
            "verbessert.",
            "Kinder und Jugendliche mit Migrationshintergrund erreichen "
            "gleichwertige Bildungsabschlüsse.",
            "Eltern begleiten die Bildungswege ihrer Kinder aktiv und gut informiert.",
        ),
        (
            "Kinder mit Migrationshintergrund",
            "Neu zugewanderte Jugendliche",
            "Eltern mit geringen Deutschkenntnissen",
            "Geflüchtete Erwachsene",
            "Schülerinnen und Schüler nichtdeutscher Herkunftssprache",
            "Zugewanderte Frauen mit kleinen Kindern",
        ),
        (
            "besuchen früher und regelmäßiger eine Kindertageseinrichtung",
            "nehmen häufiger an Sprachkursen teil",
            "erreichen häufiger einen qualifizierten Schulabschluss",
            "finden wohnortnah passende Lern- und Förderangebote",
            "kennen die Bildungsangebote in ihrem Stadtteil",
            "werden bei Übergängen im Bildungssystem verlässlich begleitet",
            "nutzen Angebote der Hausaufgabenhilfe und Lernförderung",
        ),
        (
            "Integrationskursen",
            "Mama-lernt-Deutsch-Kursen",
            "Sprachförderangeboten in Kindertagesstätten",
            "Hausaufgabenhilfen",
            "Elterncafés an Grundschulen",
            "Intensivklassen",
        ),
    ),
    FieldTheme(
        "Kultur / Interkultur und interreligiöser Dialog",
        (
            "Interkulturelle Kulturarbeit",
            "Interreligiöser Dialog",
            "Migrantenorganisationen und Ehrenamt",
            "Erinnerungskultur und Stadtgeschichte",
            "Begegnung im öffentlichen Raum",
        ),
        (
            "Die kulturelle Vielfalt der Stadt ist im Kulturangebot sichtbar.",
            "Religionsgemeinschaften stehen in einem regelmäßigen Dialog miteinander.",
            "Migrantenorganisationen sind anerkannte Partner der Stadt.",
        ),
        (
            "Migrantenorganisationen",
            "Religionsgemeinschaften",
            "Kultureinrichtungen der Stadt",
            "Ehrenamtlich Engagierte mit Migrationshintergrund",
            "Künstlerinnen und Künstler mit Zuwanderungsgeschichte",
        ),
        (
            "sind in den Gremien der Kulturförderung vertreten",
            "beteiligen sich an gemeinsamen Veranstaltungen im Stadtteil",
            "werden bei der Beantragung von Fördermitteln beraten",
            "erreichen mit ihren Angeboten neue Zielgruppen",
            "pflegen einen regelmäßigen Austausch miteinander",
        ),
        (
            "interkulturellen Wochen",
            "Festen der Kulturen",
            "Führungen durch Moscheen, Kirchen und Synagogen",
            "Projekten der Stadtteilkultur",
            "Lesungen in mehreren Sprachen",
        ),
    ),
    FieldTheme(
        "Sport und Gesundheit",
        (
            "Sport im Verein",
            "Bewegung im Stadtteil",
            "Gesundheitsvorsorge",
            "Psychosoziale Versorgung",
            "Pflege und Alter",
        ),
        (
            "Menschen mit Migrationshintergrund treiben ebenso häufig Sport wie "
            "alle anderen.",
            "Die gesundheitliche Versorgung ist kultursensibel und für alle "
            "zugänglich.",
        ),
        (
            "Mädchen mit Migrationshintergrund",
            "Ältere Migrantinnen und Migranten",
            "Familien mit Zuwanderungsgeschichte",
            "Geflüchtete mit traumatischen Erfahrungen",
            "Sportvereine",
        ),
        (
            "sind in den Sportvereinen stärker vertreten",
            "nehmen die Vorsorgeuntersuchungen regelmäßig wahr",
            "finden kultursensible Pflege- und Beratungsangebote",
            "erhalten zeitnah psychosoziale Unterstützung",
            "öffnen ihre Angebote für neue Mitglieder",
        ),
        (
            "Schwimmkursen für Frauen",
            "Vorsorgeuntersuchungen",
            "Gesundheitslotsen-Projekten",
            "offenen Sporttreffs",
            "Beratungsstunden in mehreren Sprachen",
        ),
    ),
    FieldTheme(
        "Teilhabe am Arbeitsmarkt",
        (
            "Ausbildung",
            "Anerkennung ausländischer Abschlüsse",
            "Beschäftigung und Qualifizierung",
            "Selbstständigkeit und Gründung",
        ),
        (
            "Menschen mit Migrationshintergrund sind gleichberechtigt am "
            "Arbeitsmarkt beteiligt.",
            "Jugendliche mit Migrationshintergrund finden einen Ausbildungsplatz.",
        ),
        (
            "Jugendliche mit Migrationshintergrund",
            "Zugewanderte Fachkräfte",
            "Langzeitarbeitslose Migrantinnen und Migranten",
            "Unternehmerinnen und Unternehmer mit Zuwanderungsgeschichte",
            "Geflüchtete mit Arbeitserlaubnis",
        ),
        (
            "beginnen häufiger eine duale Ausbildung",
            "erhalten schneller eine Anerkennung ihrer Berufsabschlüsse",
            "finden eine sozialversicherungspflichtige Beschäftigung",
            "werden von Betrieben gezielt angesprochen",
            "nutzen die Gründungsberatung der Wirtschaftsförderung",
        ),
        (
            "Ausbildungspatenschaften",
            "Anerkennungsberatungen",
            "berufsbezogenen Deutschkursen",
            "Qualifizierungsmaßnahmen des Jobcenters",
            "Gründungsseminaren",
        ),
    ),
    FieldTheme(
        "Wohnen und Leben im Stadtteil",
        (
            "Nachbarschaft und Zusammenleben",
            "Wohnraumversorgung",
            "Stadtteilarbeit",
            "Beteiligung im Stadtteil",
        ),
        (
            "Menschen unterschiedlicher Herkunft leben gut zusammen in allen "
            "Stadtteilen.",
            "Zugewanderte beteiligen sich an der Entwicklung ihres Stadtteils.",
        ),
        (
            "Bewohnerinnen und Bewohner der Stadtteile",
            "Zugewanderte Familien",
            "Stadtteilzentren",
            "Wohnungsbaugesellschaften",
            "Ortsbeiräte",
        ),
        (
            "beteiligen sich an der Gestaltung ihres Wohnumfelds",
            "finden bezahlbaren Wohnraum in allen Stadtteilen",
            "bieten Treffpunkte für alle Generationen und Herkunftsgruppen",
            "berücksichtigen die Vielfalt der Mieterschaft",
            "beziehen Migrantenorganisationen in ihre Arbeit ein",
        ),
        (
            "Stadtteilkonferenzen",
            "Nachbarschaftsfesten",
            "Mieterberatungen",
            "Quartiersmanagements",
            "Stadtteilspaziergängen",
        ),
    ),
    FieldTheme(
        "kommunale Verwaltung – Integration als Querschnittsaufgabe",
        (
            "Interkulturelle Öffnung der Verwaltung",
            "Personalgewinnung",
            "Information und Beratung",
            "Integrationsmonitoring",
        ),
        (
            "Die Verwaltung ist interkulturell geöffnet.",
            "Integration ist als Querschnittsaufgabe in allen Ämtern verankert.",
        ),
        (
            "Beschäftigte der Stadtverwaltung",
            "Ämter und Eigenbetriebe",
            "Bürgerinnen und Bürger nichtdeutscher Herkunftssprache",
            "Auszubildende der Stadt Kassel",
            "Führungskräfte der Verwaltung",
        ),
        (
            "nehmen an Fortbildungen zur interkulturellen Kompetenz teil",
            "stellen wichtige Informationen in mehreren Sprachen bereit",
            "finden in allen Dienststellen verständliche Beratung",
            "spiegeln die Vielfalt der Stadtgesellschaft wider",
            "berichten jährlich über ihre Beiträge zum Integrationskonzept",
        ),
        (
            "interkulturellen Fortbildungen",
            "Dolmetscherdiensten",
            "mehrsprachigen Informationsblättern",
            "Ausbildungsmessen",
            "Sprechstunden im Bürgerbüro",
        ),
    ),
)

GUIDELINES = (
    "Integration bedeutet miteinander, nicht nebeneinander; sie ist Aufgabe "
    "der ganzen Stadtgesellschaft.",
    "Vielfalt ist eine Stärke der Stadt Kassel und wird sichtbar gemacht.",
    "Sprache ist ein Schlüssel zur Teilhabe; Mehrsprachigkeit wird geschätzt.",
    "Alle Menschen haben gleiche Chancen auf Bildung, Arbeit und Wohnen.",
    "Zugewanderte gestalten die Integrationspolitik mit.",
    "Die Stadtverwaltung öffnet sich interkulturell.",
    "Integration wird vor Ort in den Stadtteilen gestaltet.",
    "Diskriminierung wird entschieden entgegengetreten.",
    "Erfolge und Defizite werden regelmäßig gemessen und öffentlich berichtet.",
    "Ehrenamtliches Engagement wird anerkannt und unterstützt.",
    "Religionsfreiheit und der Dialog der Religionen werden gefördert.",
    "Neu Zugewanderte werden von Anfang an willkommen geheißen.",
)

GOAL_SUFFIXES = (
    "",
    "",
    "",
    " – insbesondere in Stadtteilen mit hohem Zuwanderungsanteil",
    " bis zum Ende des Umsetzungszeitraums",
    " in allen Stadtteilen",
)

INDICATORS = (
    "Zahl der Teilnehmenden an {offer}",
    "Entwicklung der Nachfrage nach {offer} nach Stadtteilen",
    "Befragung der Teilnehmenden an {offer} zur Zufriedenheit",
    "Wartezeiten bei {offer}",
    "Zahl der Stadtteile mit {offer}",
    "Jährlicher Sachbericht der Träger von {offer}",
)

MEASURE_TITLES = (
    ("Ausbau von {offer}", Measure.Kind.MEASURE),
    ("Koordinierungsstelle zu {offer}", Measure.Kind.BODY),
    ("Modellprojekt mit {offer} in {district}", Measure.Kind.PROJECT),
    ("Förderprogramm für Träger von {offer}", Measure.Kind.PROGRAMME),
    ("Netzwerk zu {offer} im Stadtteil {district}", Measure.Kind.BODY),
    ("Regelangebot mit {offer}", Measure.Kind.OFFER),
)

FUNDING = (
    "Städtischer Haushalt",
    "Landesprogramm „WIR“ des Landes Hessen",
    "Bundesprogramm, kommunaler Eigenanteil 20 %",
    "Europäischer Sozialfonds (ESF) und städtische Mittel",
    "Spenden und Stiftungsmittel",
)

ORGANISATION_PATTERNS = (
    ("Stadtteilzentrum {district}", Organisation.Kind.MUNICIPAL_BODY),
    ("Interkultureller Treffpunkt {district}", Organisation.Kind.ASSOCIATION),
    ("Nachbarschaftsverein {district} e. V.", Organisation.Kind.ASSOCIATION),
    ("Familienzentrum {district}", Organisation.Kind.PROVIDER),
    ("Jugendtreff {district}", Organisation.Kind.MUNICIPAL_BODY),
    ("Kulturverein {district} e. V.", Organisation.Kind.ASSOCIATION),
    ("Frauentreff {district}", Organisation.Kind.ASSOCIATION),
    (
        "Deutsch-Türkischer Freundeskreis {district} e. V.",
        Organisation.Kind.MIGRANT_ORGANISATION,
    ),
    (
        "Afrikanischer Elternverein {district} e. V.",
        Organisation.Kind.MIGRANT_ORGANISATION,
    ),
    ("Lernhilfe {district} e. V.", Organisation.Kind.ASSOCIATION),
    ("Sportgemeinschaft {district} e. V.", Organisation.Kind.ASSOCIATION),
    ("Evangelische Kirchengemeinde {district}", Organisation.Kind.RELIGIOUS),
)

# name → (full name, weight of its inquiries, its people (name, role))
FACTIONS = {
    "SPD": (
        "SPD-Fraktion",
        20,
        [("Sabine Hartmann", "Fraktionsvorsitzende"), ("Mehmet Yıldırım", "")],
    ),
    "B90/Grüne": (
        "Fraktion Bündnis 90/Die Grünen",
        25,
        [("Jana Kowalski", "Fraktionsvorsitzende"), ("Thomas Brenner", "")],
    ),
    "CDU": (
        "CDU-Fraktion",
        20,
        [("Klaus Wiegand", "Fraktionsvorsitzender"), ("Petra Lindner", "")],
    ),
    "FDP": (
        "FDP-Fraktion",
        10,
        [("Miriam Schäfer", "Fraktionsvorsitzende"), ("Jörg Nolte", "")],
    ),
    "Kasseler Linke": (
        "Fraktion Kasseler Linke",
        20,
        [("Dragan Petrović", "Fraktionsvorsitzender"), ("Fatma Aksoy", "")],
    ),
    "Freie Wähler": (
        "Fraktion Freie Wähler",
        5,
        [("Uwe Rettberg", "Fraktionsvorsitzender"), ("Katharina Vogt", "")],
    ),
}
MEMBER_ROLE = "Stadtverordnete/r"
MAGISTRATE = [
    ("Leyla Rahimi", "Bürgermeisterin"),
    ("Stefan Hildebrandt", "Stadtrat"),
    ("Ute Sommerfeld", "Stadträtin"),
    ("Martin Eckhardt", "Im Auftrag"),
]
# name → (valid from, valid until, years it is chosen for the integration topic)
INTEGRATION_COMMITTEES = (
    ("Ausschuss für Sicherheit, Recht, Integration und Gleichstellung", None, 2015),
    ("Ausschuss für Recht, Sicherheit, Integration und Gleichstellung", 2016, 2020),
    ("Ausschuss für Soziales, Gesundheit, Integration und Sport", 2021, None),
)
FIELD_COMMITTEES = (
    "Ausschuss für Schule, Jugend und Bildung",
    "Ausschuss für Kultur",
    "Ausschuss für Soziales, Gesundheit und Sport",
    "Ausschuss für Wirtschaft, Finanzen und Beschäftigung",
    "Ausschuss für Stadtentwicklung, Mobilität und Verkehr",
    "Ausschuss für Personal und Verwaltung",
)
CONTACTS = (
    "Frau Albers",
    "Herr Brückner",
    "Frau Celik",
    "Herr Dietrich",
    "Frau Engel",
    "Herr Franke",
    "Frau Gül",
    "Herr Heinemann",
)

# Metric themes: (name, unit, percent?, direction, field index, low, high)
METRIC_THEMES = (
    ("Kinder mit Migrationshintergrund in Kindertagesstätten", "Kinder", False,
     "hoeher", 0, 800, 3000),
    ("Teilnehmende an Integrationskursen", "Personen", False, "hoeher", 0, 300, 1500),
    ("Schulabgänger*innen ohne Abschluss", "%", True, "niedriger", 0, 4, 18),
    ("Sprachstandserhebungen mit Förderbedarf", "%", True, "niedriger", 0, 15, 45),
    ("Besuchende interkultureller Veranstaltungen", "Personen", False, "hoeher",
     1, 500, 8000),
    ("Geförderte interkulturelle Projekte", "Projekte", False, "hoeher", 1, 5, 60),
    ("Wahlbeteiligung bei der Ausländerbeiratswahl", "%", True, "hoeher", 1, 5, 20),
    ("Mitglieder mit Migrationshintergrund in Sportvereinen", "Personen", False,
     "hoeher", 2, 1000, 6000),
    ("Teilnahme an der Vorsorgeuntersuchung U9", "%", True, "hoeher", 2, 70, 95),
    ("Schwimmfähige Kinder am Ende der Grundschule", "%", True, "hoeher", 2, 40, 85),
    ("Arbeitslosenquote von Ausländer*innen", "%", True, "niedriger", 3, 8, 22),
    ("Auszubildende mit ausländischer Staatsangehörigkeit", "Personen", False,
     "hoeher", 3, 150, 900),
    ("Anerkennungsverfahren für ausländische Berufsabschlüsse", "Verfahren", False,
     "neutral", 3, 50, 600),
    ("Anteil der Bevölkerung mit Migrationshintergrund", "%", True, "neutral",
     4, 20, 45),
    ("Einbürgerungen", "Personen", False, "hoeher", 4, 300, 1200),
    ("Teilnehmende an Stadtteilkonferenzen", "Personen", False, "hoeher", 4, 50, 600),
    ("Beschäftigte mit Migrationshintergrund in der Stadtverwaltung", "%", True,
     "hoeher", 5, 5, 25),
    ("Teilnehmende an interkulturellen Fortbildungen", "Personen", False, "hoeher",
     5, 40, 500),
    ("Mehrsprachige Informationsangebote der Verwaltung", "Dokumente", False,
     "hoeher", 5, 10, 200),
)  # fmt: skip
METRIC_GROUPS = (
    "",
    " – Geflüchtete",
    " – Drittstaatsangehörige",
    " – EU-Bürger*innen",
    " – unter 25 Jahren",
    " – ab 55 Jahren",
    " – Neuzugewanderte",
    " – Spätaussiedler*innen",
)

EVENT_VENUES = (
    "Rathaus Kassel, Bürgersaal",
    "Stadtteilzentrum {district}",
    "Kulturzentrum Schlachthof",
    "Volkshochschule Region Kassel",
    "Bürgerhaus {district}",
)

PREAMBLES = (
    "Das Integrationskonzept der Stadt Kassel nennt für das Handlungsfeld "
    "„{field}“ verbindliche Ziele und Indikatoren.",
    "Aus den Stadtteilen erreichen uns Hinweise, dass die Nachfrage nach "
    "{offer} das Angebot deutlich übersteigt.",
    "Der letzte Integrationsbericht hat gezeigt, dass im Teilbereich „{topic}“ "
    "noch erheblicher Handlungsbedarf besteht.",
    "Die Träger von {offer} berichten von steigenden Teilnehmendenzahlen und "
    "unsicherer Finanzierung.",
    "Beim Runden Tisch Integration wurde mehrfach angeregt, die Angebote im "
    "Stadtteil {district} besser abzustimmen.",
)

INTRODUCTIONS = (
    "Die Anfrage beantworte ich wie folgt:",
    "Namens des Magistrats beantworte ich die Anfrage wie folgt:",
    "Die Fragen beantworte ich nach Rücksprache mit den beteiligten Ämtern wie folgt:",
    "",
)

ASSESSMENTS = (
    "Der Magistrat bewertet die Entwicklung insgesamt positiv.",
    "Die Zielerreichung ist in den einzelnen Stadtteilen unterschiedlich weit "
    "fortgeschritten.",
    "Der Magistrat sieht weiteren Handlungsbedarf, insbesondere bei der "
    "Erreichbarkeit der Angebote.",
    "Die Angebote werden gut angenommen; die Nachfrage übersteigt teilweise "
    "die vorhandenen Plätze.",
    "Eine abschließende Bewertung ist erst nach Vorliegen des nächsten "
    "Integrationsberichts möglich.",
)

NARRATIVES = {
    GoalStatus.Status.NOT_STARTED: (
        "Zuständigkeiten und Mittel sind noch nicht geklärt.",
        "Die Umsetzung soll nach Abschluss der Haushaltsberatungen beginnen.",
    ),
    GoalStatus.Status.PLANNED: (
        "Ein Konzept liegt vor und wurde in der AG Integration abgestimmt.",
        "Die Mittel sind im Haushalt {next} eingeplant.",
    ),
    GoalStatus.Status.IN_PROGRESS: (
        "Die Angebote wurden {year} fortgeführt und in {n} Stadtteilen ausgebaut.",
        "Im Jahr {year} haben {n}0 Personen an den Angeboten teilgenommen.",
        "Die Zusammenarbeit mit den Trägern wurde **verstetigt**.",
    ),
    GoalStatus.Status.ACHIEVED: (
        "Das Ziel ist erreicht; die Indikatoren belegen es.",
        "Die Zielwerte wurden {year} erstmals erreicht.",
    ),
    GoalStatus.Status.ESTABLISHED: (
        "Das Angebot ist als Regelangebot im Haushalt abgesichert.",
        "Die Struktur arbeitet seit {n} Jahren dauerhaft.",
    ),
    GoalStatus.Status.DEFERRED: (
        "Die Umsetzung ruht, weil die Mittel {year} nicht bereitgestellt wurden.",
    ),
    GoalStatus.Status.DROPPED: (
        "Das Ziel wird nicht weiter verfolgt; es ist in einem anderen Ziel "
        "aufgegangen.",
    ),
}

FEEDBACK_TEXTS = {
    Feedback.Kind.RECOMMENDATION: (
        "Ausbau von {offer} in {district}",
        "Die Unter-Arbeitsgruppe „{field}“ empfiehlt, bei {offer} verbindliche "
        "Qualitätsstandards festzulegen und jährlich über die Ergebnisse zu "
        "berichten.",
    ),
    Feedback.Kind.SUGGESTION: (
        "Anregung zu {offer} im Stadtteil {district}",
        "Angeregt wird, das Angebot an {offer} im Stadtteil {district} "
        "auszubauen und besser mit dem Stadtteilzentrum abzustimmen.",
    ),
    Feedback.Kind.CRITICISM: (
        "Kritik an Wartezeiten bei {offer}",
        "Kritisiert werden lange Wartezeiten bei {offer} und fehlende "
        "Kinderbetreuung während der Angebote.",
    ),
    Feedback.Kind.QUESTION: (
        "Frage zur Finanzierung von {offer}",
        "Gefragt wird, wie die Finanzierung von {offer} ab {next} gesichert wird.",
    ),
}

JUSTIFICATIONS = (
    "Die Empfehlung wurde geprüft; die erforderlichen Mittel stehen im Haushalt "
    "{next} nicht zur Verfügung.",
    "Das Anliegen wird bereits durch ein bestehendes Angebot abgedeckt.",
    "Die Zuständigkeit liegt beim Land Hessen; der Magistrat hat die Anregung "
    "weitergeleitet.",
)

FOLLOW_UPS = (
    "Die Anregung wurde in der städtischen AG Integration vorgestellt und beraten.",
    "Das zuständige Fachamt hat die Anregung aufgegriffen und ein Konzept erarbeitet.",
    "Aufnahme in die Fortschreibung des Integrationskonzepts.",
    "Rückmeldung an die einreichende Organisation versandt.",
    "Bericht im Ausschuss über den Stand der Umsetzung.",
    "Die Maßnahme „{measure}“ wurde um ein Angebot im Stadtteil {district} erweitert.",
)

MONTHS = (
    "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
    "September", "Oktober", "November", "Dezember",
)  # fmt: skip
