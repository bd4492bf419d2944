"""Generated Runder Tisch: events, feedback (most approved and public) and
its follow-ups."""

import datetime
import random

from django.utils.text import slugify

from roundtable.models import Event, Feedback, FollowUp

from .common import (
    FIRST_YEAR,
    LAST_YEAR,
    SLUG_PREFIX,
    SOURCE,
    Progress,
    bulk_create,
    no_progress,
    planned_counts,
    random_day,
)
from .concept import ConceptData
from .vocabulary import (
    CONTACTS,
    EVENT_VENUES,
    FEEDBACK_TEXTS,
    FOLLOW_UPS,
    JUSTIFICATIONS,
    MONTHS,
    THEMES,
)

FOLLOW_UP_COUNTS = {
    Feedback.Disposition.RECEIVED: (0, 0),
    Feedback.Disposition.REVIEWED: (0, 1),
    Feedback.Disposition.ADOPTED: (1, 2),
    Feedback.Disposition.IN_PROGRESS: (1, 3),
    Feedback.Disposition.DONE: (2, 4),
    Feedback.Disposition.NOT_ADOPTED: (0, 1),
}
EVENT_KINDS = (
    Event.Kind.ROUND_TABLE,
    Event.Kind.LOCAL,
    Event.Kind.ROUND_TABLE,
    Event.Kind.WORKING_CIRCLE,
    Event.Kind.LOCAL,
    Event.Kind.PRESENTATION,
    Event.Kind.ROUND_TABLE,
    Event.Kind.KICK_OFF,
)


def synthesize_roundtable(
    rng: random.Random,
    scale: int,
    progress: Progress = no_progress,
    *,
    concept: ConceptData,
) -> None:
    """``scale`` events, 50·``scale`` feedback items (most approved and
    public) and their follow-ups."""
    events = _synthesize_events(rng, scale, concept, progress)
    held = [e for e in events if e.state == Event.State.HELD]
    fields = concept.fields_with_goals()
    count = planned_counts(scale=scale)["feedback"]
    specs = [_feedback(rng, concept, held, fields) for _ in range(count)]
    bulk_create(
        Feedback,
        [item for item, _fld in specs],
        label="Rückmeldungen",
        progress=progress,
    )
    _synthesize_feedback_links(rng, concept, specs, progress)


# --------------------------------------------------------------------------
# Events


def _synthesize_events(rng, scale, concept: ConceptData, progress) -> list[Event]:
    count = planned_counts(scale=scale)["events"]
    days = sorted(
        random_day(
            rng, datetime.date(FIRST_YEAR, 1, 15), datetime.date(LAST_YEAR, 11, 30)
        )
        for _ in range(count)
    )
    events = [_event(rng, index, day, concept) for index, day in enumerate(days)]
    return bulk_create(Event, events, label="Veranstaltungen", progress=progress)


def _event(rng, index: int, day: datetime.date, concept: ConceptData) -> Event:
    """Event number ``index`` on ``day`` (not saved): the kinds in turn,
    every 20th postponed and every 20th (offset) cancelled."""
    kind = EVENT_KINDS[index % len(EVENT_KINDS)]
    district = rng.choice(concept.districts)
    theme = rng.choice(THEMES)
    state = {9: Event.State.CANCELLED, 19: Event.State.POSTPONED}.get(
        index % 20, Event.State.HELD
    )
    editions = [c for c in concept.concepts if c.stand_date <= day]
    documents_lead = rng.randint(3, 28)
    later = day + datetime.timedelta(days=rng.randint(60, 150))
    return Event(
        slug=f"{SLUG_PREFIX}{index + 1:04d}-{slugify(kind.label)}"[:120],
        kind=kind,
        title=_event_title(kind, day, district, theme.title),
        date=day,
        date_note=(
            f"verschoben auf {MONTHS[later.month - 1]} {later.year}"
            if state == Event.State.POSTPONED
            else ""
        ),
        state=state,
        venue=rng.choice(EVENT_VENUES).format(district=district),
        participants=(rng.randint(12, 150) if state == Event.State.HELD else None),
        participants_approximate=rng.random() < 0.3,
        invitation_sent_on=day - datetime.timedelta(days=rng.randint(35, 56)),
        registration_deadline=day - datetime.timedelta(days=rng.randint(3, 14)),
        documents_sent_on=day - datetime.timedelta(days=documents_lead),
        concept=editions[-1] if editions else None,
        description=(
            f"Austausch von Verwaltung, Trägern und Migrantenorganisationen "
            f"zum Handlungsfeld „{theme.title}“."
        ),
        source=SOURCE,
    )


def _event_title(kind, day: datetime.date, district: str, field_title: str) -> str:
    return {
        Event.Kind.ROUND_TABLE: f"Runder Tisch Integration {day.year}",
        Event.Kind.LOCAL: f"Lokaltermin {district}",
        Event.Kind.WORKING_CIRCLE: f"Arbeitskreis „{field_title}“",
        Event.Kind.PRESENTATION: (
            f"Vorstellung des Integrationskonzepts im Ortsbeirat {district}"
        ),
        Event.Kind.KICK_OFF: f"Auftaktveranstaltung zur Fortschreibung {day.year}",
    }[kind]


# --------------------------------------------------------------------------
# Feedback


def _feedback(rng, concept: ConceptData, held: list[Event], fields):
    """One feedback item (not saved), 90 % from a held event, the rest sent
    online; and its field."""
    event = rng.choice(held) if held and rng.random() < 0.9 else None
    received = (
        event.date
        if event
        else random_day(
            rng, datetime.date(FIRST_YEAR, 1, 1), datetime.date(LAST_YEAR, 12, 1)
        )
    )
    fld = rng.choice(fields)
    theme = concept.theme_by_field[fld.pk]
    kind = rng.choices(list(FEEDBACK_TEXTS), weights=(35, 35, 15, 15))[0]
    title, text = FEEDBACK_TEXTS[kind]
    values = {
        "offer": rng.choice(theme.offers),
        "district": rng.choice(concept.districts),
        "field": theme.title,
        "next": received.year + 1,
    }
    moderation, is_public, disposition = _moderation(rng)
    organisation = rng.choice(concept.organisations) if rng.random() < 0.7 else None
    online = event is None
    item = Feedback(
        kind=kind,
        title=title.format(**values)[:200],
        text=text.format(**values),
        source_organisation=organisation,
        source_name="" if organisation else "Einzelperson (online)",
        event=event,
        received_on=received,
        moderation=moderation,
        is_public=is_public,
        disposition=disposition,
        justification=(
            rng.choice(JUSTIFICATIONS).format(**values)
            if disposition == Feedback.Disposition.NOT_ADOPTED
            else ""
        ),
        submitter_name=rng.choice(CONTACTS) if online else "",
        submitter_email=(
            f"rueckmeldung{rng.randint(100, 999)}@example.org" if online else ""
        ),
        reply_wanted=online and rng.random() < 0.5,
        source=SOURCE,
    )
    return item, fld


def _moderation(rng):
    """(moderation, public?, disposition): 85 % approved, most of them public
    and in every stage of being dealt with."""
    Moderation = Feedback.Moderation
    roll = rng.random()
    moderation = (
        Moderation.APPROVED
        if roll < 0.85
        else Moderation.PENDING
        if roll < 0.95
        else Moderation.REJECTED
    )
    is_public = moderation == Moderation.APPROVED and rng.random() < 0.95
    disposition = (
        rng.choices(list(FOLLOW_UP_COUNTS), weights=(10, 20, 20, 20, 20, 10))[0]
        if moderation == Moderation.APPROVED
        else Feedback.Disposition.RECEIVED
    )
    return moderation, is_public, disposition


def _synthesize_feedback_links(rng, concept: ConceptData, specs, progress) -> None:
    """Each item's field, for 30 % a goal of it, and its follow-ups."""
    field_links, goal_links, follow_ups = [], [], []
    for item, fld in specs:
        field_links.append(
            Feedback.fields_of_action.through(
                feedback_id=item.pk, fieldofaction_id=fld.pk
            )
        )
        if rng.random() < 0.3:
            goal = rng.choice(concept.goals_by_field[fld.pk])
            goal_links.append(
                Feedback.goals.through(feedback_id=item.pk, goal_id=goal.pk)
            )
        follow_ups.extend(_follow_ups(rng, concept, item))
    bulk_create(type(field_links[0]), field_links, label=None, progress=progress)
    if goal_links:
        bulk_create(type(goal_links[0]), goal_links, label=None, progress=progress)
    bulk_create(FollowUp, follow_ups, label="Weiterverfolgungen", progress=progress)


def _follow_ups(rng, concept: ConceptData, item: Feedback) -> list[FollowUp]:
    """As many steps as the item's disposition suggests, weeks to months
    apart; some name a measure."""
    low, high = FOLLOW_UP_COUNTS[item.disposition]
    day = item.received_on
    follow_ups = []
    for _ in range(rng.randint(low, high)):
        day = day + datetime.timedelta(days=rng.randint(14, 180))
        measure = rng.choice(concept.measures) if rng.random() < 0.3 else None
        template = FOLLOW_UPS[-1] if measure else rng.choice(FOLLOW_UPS[:-1])
        follow_ups.append(
            FollowUp(
                feedback=item,
                date=day,
                text=template.format(
                    measure=measure.title if measure else "",
                    district=rng.choice(concept.districts),
                ),
                organisation=rng.choice(concept.administrative_units),
                measure=measure,
            )
        )
    return follow_ups
