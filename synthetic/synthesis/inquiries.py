"""Generated inquiries of the factions with numbered questions and the
Magistrat's answers; the factions, committees and people come from the
catalogues in ``vocabulary`` (existing rows of the same name are reused)."""

import datetime
import random
from dataclasses import dataclass

from concept.models import FieldOfAction, Goal, Organisation
from inquiries.models import Committee, Faction, Inquiry, Person, Question
from inquiries.oparl.common import LEGISLATIVE_TERMS
from inquiries.oparl.files import full_text_refresh, full_text_stale
from inquiries.services import inquiry_due_date_default

from .common import (
    FIRST_YEAR,
    LAST_YEAR,
    OPEN_SINCE,
    REFERENCE_PREFIX,
    Progress,
    bulk_create,
    catalogue_rows,
    german_number,
    no_progress,
    planned_counts,
    random_day,
)
from .concept import ConceptData
from .vocabulary import (
    ASSESSMENTS,
    CONTACTS,
    FACTIONS,
    FIELD_COMMITTEES,
    INTEGRATION_COMMITTEES,
    INTRODUCTIONS,
    MAGISTRATE,
    MEMBER_ROLE,
    PREAMBLES,
    FieldTheme,
)


@dataclass(frozen=True)
class Catalogues:
    """Who asks, signs and deliberates: rows shared with the real data."""

    factions: list[Faction]
    weights: list[int]
    signers: dict[int, list[Person]]
    magistrate: list[Person]
    integration: list[Committee]
    by_field: list[Committee]


@dataclass(frozen=True)
class Subject:
    """What one inquiry is about."""

    field: FieldOfAction
    theme: FieldTheme
    topic: str
    district: str


def synthesize_inquiries(
    rng: random.Random,
    scale: int,
    progress: Progress = no_progress,
    *,
    concept: ConceptData,
) -> list[Inquiry]:
    """100·``scale`` inquiries with 600·``scale`` numbered questions; most are
    answered, the latest ones partly still open."""
    catalogues = _inquiry_catalogues()
    count = planned_counts(scale=scale)["inquiries"]
    sizes = _question_counts(rng, count)
    days = sorted(
        random_day(
            rng, datetime.date(FIRST_YEAR, 1, 2), datetime.date(LAST_YEAR, 12, 15)
        )
        for _ in range(count)
    )
    running: dict[int, int] = {}
    inquiries, specs = [], []
    for submitted, size in zip(days, sizes, strict=True):
        wp = _wahlperiode(submitted)
        running[wp] = running.get(wp, 0) + 1
        number = f"{REFERENCE_PREFIX}{wp}.{running[wp]}"
        inquiry, subject = _inquiry(rng, concept, catalogues, number, submitted)
        inquiries.append(inquiry)
        specs.append((inquiry, size, subject))
    bulk_create(Inquiry, inquiries, label="Anfragen", progress=progress)
    _synthesize_responsibilities(rng, concept, inquiries, progress)
    _synthesize_questions(rng, concept, specs, progress)
    # bulk writes send no signals: the new inquiries' full texts are written
    # here (only they have none yet)
    full_text_refresh(full_text_stale())
    return inquiries


def _inquiry_catalogues() -> Catalogues:
    factions = catalogue_rows(
        Faction,
        [{"name": name} for name in FACTIONS],
        [{"full_name": full} for full, _weight, _people in FACTIONS.values()],
    )
    signers = {}
    for faction, (_full, _weight, people) in zip(
        factions, FACTIONS.values(), strict=True
    ):
        signers[faction.pk] = catalogue_rows(
            Person,
            [{"name": name, "role": role or MEMBER_ROLE} for name, role in people],
            [{"faction": faction} for _ in people],
        )
    magistrate = catalogue_rows(
        Person,
        [{"name": name, "role": role} for name, role in MAGISTRATE],
        [{} for _ in MAGISTRATE],
    )
    integration = catalogue_rows(
        Committee,
        [{"name": name} for name, _f, _u in INTEGRATION_COMMITTEES],
        [{"valid_from": f, "valid_until": u} for _n, f, u in INTEGRATION_COMMITTEES],
    )
    by_field = catalogue_rows(
        Committee,
        [{"name": name} for name in FIELD_COMMITTEES],
        [{} for _ in FIELD_COMMITTEES],
    )
    weights = [weight for _full, weight, _people in FACTIONS.values()]
    return Catalogues(factions, weights, signers, magistrate, integration, by_field)


def _question_counts(rng: random.Random, count: int) -> list[int]:
    """Pairs of inquiries with 6 ± d questions: exactly 6 per inquiry on
    average."""
    sizes = []
    for _ in range(count // 2):
        delta = rng.randint(-5, 5)
        sizes.extend([6 + delta, 6 - delta])
    if len(sizes) < count:
        sizes.append(6)
    return sizes


def _wahlperiode(day: datetime.date) -> int:
    """The number of the Wahlperiode: the 16th began in 2006."""
    return 15 + sum(1 for term in LEGISLATIVE_TERMS if term.start <= day)


def _inquiry(rng, concept: ConceptData, catalogues: Catalogues, number, submitted):
    """One inquiry (not saved) and what it is about."""
    fld = rng.choice(concept.fields_with_goals())
    theme = concept.theme_by_field[fld.pk]
    faction = rng.choices(catalogues.factions, catalogues.weights)[0]
    meeting = submitted + datetime.timedelta(days=rng.randint(14, 60))
    status = _status(rng, submitted)
    answered = status == Inquiry.Status.ANSWERED
    answered_on = _answered_on(rng, submitted, meeting) if answered else None
    committee = _committee(rng, catalogues, submitted, fld)
    subject = Subject(
        fld, theme, rng.choice(theme.topics), rng.choice(concept.districts)
    )
    title, preamble = _title_and_preamble(rng, subject, submitted)
    inquiry = Inquiry(
        reference_number=number,
        title=title,
        faction=faction,
        signed_by=rng.choice(catalogues.signers[faction.pk]),
        submitted_on=submitted,
        committee=committee,
        meeting_date=meeting,
        due_date=inquiry_due_date_default(meeting_date=meeting),
        preamble=f"{preamble}\n\nWir fragen den Magistrat:",
        status=status,
        answering_organisation=rng.choice(concept.administrative_units),
        answered_on=answered_on,
        answer_received_on=(
            answered_on + datetime.timedelta(days=rng.randint(0, 3))
            if answered_on
            else None
        ),
        answer_signed_by=rng.choice(catalogues.magistrate) if answered else None,
        answer_introduction=rng.choice(INTRODUCTIONS) if answered else "",
        internal_contact=f"{rng.choice(CONTACTS)}, Tel. {rng.randint(1000, 7999)}",
        internal_note=(
            f"Rückfrage beim Fachamt am "
            f"{submitted + datetime.timedelta(days=3):%d.%m.%Y}."
            if rng.random() < 0.2
            else ""
        ),
    )
    return inquiry, subject


def _status(rng, submitted: datetime.date) -> str:
    """Any status for the latest inquiries; almost all older ones answered."""
    if submitted >= OPEN_SINCE:
        return rng.choice(Inquiry.Status.values)
    return (
        Inquiry.Status.ANSWERED if rng.random() < 0.98 else Inquiry.Status.IN_PROGRESS
    )


def _answered_on(rng, submitted: datetime.date, meeting: datetime.date):
    """Mostly in time, a week before the meeting; 15 % after it."""
    late = rng.random() < 0.15
    if late:
        return meeting + datetime.timedelta(days=rng.randint(1, 60))
    return submitted + datetime.timedelta(
        days=rng.randint(5, max(5, (meeting - submitted).days - 7))
    )


def _committee(rng, catalogues: Catalogues, submitted: datetime.date, fld):
    """The integration committee of the time, or in 30 % the field's own."""
    if submitted.year < 2016:
        committee = catalogues.integration[0]
    elif submitted.year < 2021:
        committee = catalogues.integration[1]
    else:
        committee = catalogues.integration[2]
    if rng.random() < 0.3:
        committee = catalogues.by_field[fld.number - 1]
    return committee


def _title_and_preamble(rng, subject: Subject, submitted: datetime.date):
    offer = rng.choice(subject.theme.offers)
    title = rng.choice(
        (
            f"{subject.topic}: Sachstand {submitted.year}",
            f"{subject.topic} im Stadtteil {subject.district}",
            f"Nachfrage nach {offer}",
            f"Finanzierung von {offer}",
            "Umsetzung des Integrationskonzepts im Handlungsfeld "
            f"„{subject.theme.title}“",
            f"Wartezeiten bei {offer}",
        )
    )
    preamble = " ".join(
        text.format(
            field=subject.theme.title,
            offer=offer,
            topic=subject.topic,
            district=subject.district,
        )
        for text in rng.sample(PREAMBLES, rng.randint(1, 2))
    )
    return title, preamble


def _synthesize_responsibilities(rng, concept: ConceptData, inquiries, progress):
    """The answering unit and one more (possibly the same) per inquiry."""
    responsible = [
        Inquiry.responsible_organisations.through(
            inquiry_id=inquiry.pk, organisation_id=unit.pk
        )
        for inquiry in inquiries
        for unit in {inquiry.answering_organisation}
        | set(rng.sample(concept.administrative_units, 1))
    ]
    bulk_create(type(responsible[0]), responsible, label=None, progress=progress)


def _synthesize_questions(rng, concept: ConceptData, specs, progress) -> None:
    questions, goal_links, field_links = [], [], []
    for inquiry, size, subject in specs:
        asked, goals, fields = _inquiry_questions(rng, concept, inquiry, size, subject)
        questions += asked
        goal_links += goals
        field_links += fields
    bulk_create(Question, questions, label="Fragen", progress=progress)
    question_goal = Question.goals.through
    bulk_create(
        question_goal,
        [question_goal(question_id=q.pk, goal_id=g.pk) for q, g in goal_links],
        label=None,
        progress=progress,
    )
    question_field = Question.fields_of_action.through
    bulk_create(
        question_field,
        [
            question_field(question_id=q.pk, fieldofaction_id=f.pk)
            for q, f in field_links
        ],
        label=None,
        progress=progress,
    )


def _inquiry_questions(rng, concept: ConceptData, inquiry, size, subject):
    """The ``size`` questions of ``inquiry`` (not saved), answered as far as
    its status says, and their links: (question, goal) pairs, always when it
    asks about the goal, and (question, field) pairs."""
    questions, goal_links, field_links = [], [], []
    goals = concept.goals_by_field[subject.field.pk]
    kinds = rng.sample(QUESTION_KINDS, min(size, len(QUESTION_KINDS)))
    kinds += [rng.choice(QUESTION_KINDS) for _ in range(size - len(kinds))]
    answered_count = {
        Inquiry.Status.ANSWERED: size,
        Inquiry.Status.DRAFT: size,
        Inquiry.Status.IN_PROGRESS: size // 2,
        Inquiry.Status.RECEIVED: 0,
    }[inquiry.status]
    numbers = _question_numbers(rng, size)
    for position, (number, kind) in enumerate(
        zip(numbers, kinds, strict=True), start=1
    ):
        goal = rng.choice(goals)
        asked = Asked(
            year=inquiry.submitted_on.year,
            subject=subject,
            districts=concept.districts,
            goal=goal,
            orgs=rng.sample(concept.organisations, min(3, len(concept.organisations))),
        )
        text, answer = _question(rng, kind, asked)
        question = Question(
            inquiry=inquiry,
            position=position,
            number=number,
            text=text,
            answer=answer if position <= answered_count else "",
        )
        questions.append(question)
        if kind == "goal" or rng.random() < 0.15:
            goal_links.append((question, goal))
        if rng.random() < 0.4:
            field_links.append((question, subject.field))
    return questions, goal_links, field_links


def _question_numbers(rng: random.Random, count: int) -> list[str]:
    """ "1", "2", … and now and then a last question split into "3a", "3b"."""
    if count >= 3 and rng.random() < 0.15:
        lettered = rng.randint(2, min(4, count - 1))
        base = count - lettered + 1
        return [str(n) for n in range(1, base)] + [
            f"{base}{letter}" for letter in "abcd"[:lettered]
        ]
    return [str(n) for n in range(1, count + 1)]


# --------------------------------------------------------------------------
# The questions, one writer per kind: (rng, offer, asked) → (text, answer)


@dataclass(frozen=True)
class Asked:
    """What a question refers to."""

    year: int
    subject: Subject
    districts: list[str]
    goal: Goal
    orgs: list[Organisation]


def _question(rng, kind: str, asked: Asked) -> tuple[str, str]:
    """The text of one question and its Markdown answer."""
    offer = rng.choice(asked.subject.theme.offers)
    return QUESTION_WRITERS[kind](rng, offer, asked)


def _count_question(rng, offer, asked: Asked):
    year = asked.year
    before, now = rng.randint(80, 900), rng.randint(80, 900)
    change = round(abs(now - before) / before * 100)
    trend = "gestiegen" if now >= before else "gesunken"
    return (
        f"Wie viele Personen haben im Jahr {year - 1} an {offer} teilgenommen, "
        f"und wie hat sich die Zahl seit {year - 4} entwickelt?",
        f"Im Jahr {year - 1} haben {german_number(now)} Personen an {offer} "
        f"teilgenommen. {year - 4} waren es {german_number(before)}; die Zahl "
        f"ist damit um {change} % {trend}.",
    )


def _table_question(rng, offer, asked: Asked):
    year, districts = asked.year, asked.districts
    rows = "\n".join(
        f"| {name} | {rng.randint(5, 240)} | {rng.randint(5, 240)} |"
        for name in rng.sample(districts, min(len(districts), rng.randint(3, 6)))
    )
    return (
        f"Wie verteilen sich die Teilnehmenden an {offer} auf die Stadtteile?",
        f"Die Teilnehmendenzahlen nach Stadtteilen (Auswahl):\n\n"
        f"| Stadtteil | {year - 2} | {year - 1} |\n| --- | ---: | ---: |\n{rows}"
        f"\n\nFür die übrigen Stadtteile liegen keine getrennten Zahlen vor.",
    )


def _providers_question(rng, offer, asked: Asked):
    district = asked.subject.district
    listed = "\n".join(f"- {org.name}" for org in asked.orgs)
    return (
        f"Welche Träger sind im Stadtteil {district} an {offer} beteiligt?",
        f"Im Stadtteil {district} sind derzeit beteiligt:\n\n{listed}\n\n"
        f"Die Koordination liegt beim Zukunftsbüro.",
    )


def _funding_question(rng, offer, asked: Asked):
    year = asked.year
    amount = rng.randint(4, 160) * 2500
    return (
        f"Wie hoch war die städtische Förderung von {offer} im Haushaltsjahr "
        f"{year - 1}?",
        f"Die städtische Förderung von {offer} betrug im Haushaltsjahr "
        f"{year - 1} **{german_number(amount)} €**. Hinzu kommen Mittel des "
        f"Landes Hessen aus dem Landesprogramm „WIR“.",
    )


def _goal_question(rng, offer, asked: Asked):
    return (
        f"Wie bewertet der Magistrat den Stand der Umsetzung des Ziels "
        f"„{asked.goal.text.rstrip('.')}“?",
        f"{rng.choice(ASSESSMENTS)} {rng.choice(ASSESSMENTS)}",
    )


def _plans_question(rng, offer, asked: Asked):
    year, topic, district = asked.year, asked.subject.topic, asked.subject.district
    return (
        f"Welche Maßnahmen plant der Magistrat im Teilbereich „{topic}“ für die "
        f"Jahre {year + 1} bis {year + 3}?",
        f"Geplant sind:\n\n1. die Fortführung von {offer},\n2. eine "
        f"Bestandsaufnahme im Stadtteil {district} und\n3. ein Bericht im "
        f"zuständigen Ausschuss bis Ende {year + 1}.",
    )


def _waiting_question(rng, offer, asked: Asked):
    weeks = rng.randint(2, 30)
    return (
        f"Gibt es Wartelisten bei {offer}, und wie lang sind sie derzeit?",
        f"Ja. Die durchschnittliche Wartezeit beträgt derzeit etwa {weeks} "
        f"Wochen; auf den Wartelisten stehen rund "
        f"{german_number(rng.randint(10, 400))} Personen.",
    )


def _gaps_question(rng, offer, asked: Asked):
    districts = asked.districts
    missing = ", ".join(rng.sample(districts, min(len(districts), 3)))
    return (
        f"In welchen Stadtteilen reicht das Angebot an {offer} nach Kenntnis "
        f"des Magistrats nicht aus?",
        f"Nach Einschätzung der Fachämter vor allem in {missing}. "
        f"{rng.choice(ASSESSMENTS)}",
    )


def _participation_question(rng, offer, asked: Asked):
    return (
        f"Wie werden Migrantenorganisationen in die Planung von {offer} einbezogen?",
        "Migrantenorganisationen sind in der städtischen AG Integration und in "
        "den Unter-Arbeitsgruppen vertreten und werden vor jeder "
        "Fortschreibung schriftlich beteiligt.",
    )


def _working_group_question(rng, offer, asked: Asked):
    return (
        f"Welche Ergebnisse hat die Unter-Arbeitsgruppe „{asked.subject.theme.title}“ "
        f"seit dem letzten Runden Tisch erarbeitet?",
        f"Die Unter-Arbeitsgruppe hat sich {rng.randint(2, 6)}-mal getroffen und "
        f"Empfehlungen zu {offer} erarbeitet, die dem nächsten Runden Tisch "
        f"vorgelegt werden.",
    )


QUESTION_WRITERS = {
    "count": _count_question,
    "table": _table_question,
    "providers": _providers_question,
    "funding": _funding_question,
    "goal": _goal_question,
    "plans": _plans_question,
    "waiting": _waiting_question,
    "gaps": _gaps_question,
    "participation": _participation_question,
    "working_group": _working_group_question,
}
# The order matters: the kinds of an inquiry's questions are drawn from it.
QUESTION_KINDS = tuple(QUESTION_WRITERS)
