"""Keeps the OParl view of the data honest across edits (spec 2.8, 2.6):

* an object that disappears (deleted, or derived from fields that changed:
  a Consultation when the committee is removed, a Meeting when its last
  inquiry moves away, a Membership when the person leaves the faction, an
  answer Paper when the status goes back, a File made internal) leaves an
  ``OparlTombstone`` with the time of the change;
* an object whose embedded or listed content changes gets a new
  ``modified``: the Paper when one of its files or questions changes, both
  factions when a person moves between them;
* an inquiry's stored full text (its mainFile) is written anew when the
  inquiry or one of its questions is saved or deleted.

Signal handlers, like ``kassel_integration.freshness``, because every write
path must be covered: admin forms and inlines, import-export, the shell,
``loaddata``. Bulk writes that send no signals (``synthesize``) create
objects only and need no tombstones.
"""

import datetime

from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import timezone

from ..models import (
    Attachment,
    Committee,
    Faction,
    Inquiry,
    OparlTombstone,
    Person,
    Question,
)
from .common import (
    ANSWERED,
    _answer,
    _committee,
    _consultation,
    _faction,
    _file,
    _main_file,
    _meeting,
    _membership,
    _paper,
    _person,
)
from .files import attachment_facts, full_text_refresh

MEETING = "Meeting"


def oparl_paths(obj) -> dict[str, str]:
    """The OParl objects a row makes: {path: type}."""
    if isinstance(obj, Inquiry):
        paths = {_paper(obj.pk): "Paper", _main_file(obj.pk): "File"}
        if obj.status == ANSWERED:
            paths[_answer(obj.pk)] = "Paper"
        if obj.committee_id:
            paths[_consultation(obj.pk)] = "Consultation"
            if obj.meeting_date:
                paths[_meeting(obj.committee_id, obj.meeting_date)] = MEETING
        return paths
    if isinstance(obj, Attachment):
        return {_file(obj.pk): "File"} if obj.is_public and obj.file else {}
    if isinstance(obj, Person):
        paths = {_person(obj.pk): "Person"}
        if obj.faction_id:
            paths[_membership(obj.pk)] = "Membership"
        return paths
    if isinstance(obj, Faction):
        return {_faction(obj.pk): "Organization"}
    if isinstance(obj, Committee):
        return {_committee(obj.pk): "Organization"}
    return {}


def _meeting_held(path: str) -> bool:
    committee, day = path.removeprefix("meeting/").split("-")
    date = datetime.datetime.strptime(day, "%Y%m%d").date()
    return Inquiry.objects.filter(committee_id=committee, meeting_date=date).exists()


def tombstones_write(*, gone: dict[str, str], created: datetime.datetime) -> None:
    """Record the vanished paths (a meeting only once no inquiry holds it)."""
    now = timezone.now()
    for path, kind in gone.items():
        if kind == MEETING and _meeting_held(path):
            continue
        OparlTombstone.objects.update_or_create(
            path=path,
            defaults={"kind": kind, "created": created or now, "deleted_at": now},
        )


def _before(sender, instance, raw=False, **kwargs):
    old = sender.objects.filter(pk=instance.pk).first() if instance.pk else None
    instance._oparl_before = old


def _after_save(sender, instance, created, raw=False, **kwargs):
    old = getattr(instance, "_oparl_before", None)
    before = oparl_paths(old) if old is not None else {}
    after = oparl_paths(instance)
    gone = {path: kind for path, kind in before.items() if path not in after}
    if gone:
        tombstones_write(gone=gone, created=old.created)
    if after:
        OparlTombstone.objects.filter(path__in=list(after)).delete()
    if isinstance(instance, Attachment):
        _file_facts_update(instance, old)
    if raw:
        return  # loaddata: the fixture's stamps are the truth; load_seed and
        # restore write the full texts afterwards
    if isinstance(instance, Inquiry):
        full_text_refresh(Inquiry.objects.filter(pk=instance.pk))
    now = timezone.now()
    if isinstance(instance, Attachment) and (before or after):
        inquiries = {instance.inquiry_id, old.inquiry_id if old else None} - {None}
        Inquiry.objects.filter(pk__in=inquiries).update(modified=now)
    if isinstance(instance, Person):
        factions = {instance.faction_id, old.faction_id if old else None} - {None}
        if old is None or old.faction_id != instance.faction_id:
            Faction.objects.filter(pk__in=factions).update(modified=now)
    if isinstance(instance, Question):
        _question_changed(instance, now)


def _question_changed(question: Question, now: datetime.datetime) -> None:
    """Its paper is modified, and its full text changes with it (both papers'
    where the question moved to another inquiry)."""
    old = getattr(question, "_oparl_before", None)
    ids = {question.inquiry_id, old.inquiry_id if old else None} - {None}
    inquiries = Inquiry.objects.filter(pk__in=ids)
    inquiries.update(modified=now)
    full_text_refresh(inquiries)


def _file_facts_update(attachment: Attachment, old: Attachment | None) -> None:
    """Size, checksum, type and text of a new or replaced file."""
    same_file = old is not None and old.file.name == attachment.file.name
    if same_file and (attachment.file_sha512 or not attachment.file):
        return
    facts = attachment_facts(attachment)
    Attachment.objects.filter(pk=attachment.pk).update(**facts)
    for name, value in facts.items():
        setattr(attachment, name, value)


def _after_delete(sender, instance, **kwargs):
    paths = oparl_paths(instance)
    if paths:
        tombstones_write(gone=paths, created=instance.created)
    now = timezone.now()
    if isinstance(instance, Attachment) and paths:
        Inquiry.objects.filter(pk=instance.inquiry_id).update(modified=now)
    if isinstance(instance, Person) and instance.faction_id:
        Faction.objects.filter(pk=instance.faction_id).update(modified=now)
    if isinstance(instance, Question):
        _question_changed(instance, now)


TRACKED = (Inquiry, Attachment, Person, Faction, Committee)


def connect_signals() -> None:
    for model in TRACKED:
        uid = f"oparl-{model.__name__}"
        pre_save.connect(_before, sender=model, dispatch_uid=f"{uid}-pre")
        post_save.connect(_after_save, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_after_delete, sender=model, dispatch_uid=f"{uid}-del")
    pre_save.connect(_before, sender=Question, dispatch_uid="oparl-question-pre")
    post_save.connect(_after_save, sender=Question, dispatch_uid="oparl-question")
    post_delete.connect(_after_delete, sender=Question, dispatch_uid="oparl-q-del")
