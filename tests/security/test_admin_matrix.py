"""Role × path matrix of the admin, generated from the admin registry.

For every registered model, every path an attacker could use (change list,
change page, add, change, delete, bulk delete, history list, history detail,
revert, import page, import confirm, import template, export, autocomplete)
is requested by every role, and the outcome is compared with the one table
below. A model registered later without a row in ACCESS fails the test.

Levels: "-" nothing; "R" read (list, record, history, export, autocomplete);
"W" read and write (also add, change, delete, revert, import).
Columns: Lesend, Fachamt on a record of its own unit, Fachamt on a record of
another unit, Redaktion, Administration, superuser. Anonymous users are
always sent to the login page.
"""

import datetime
import io
import uuid
from pathlib import Path

from django.contrib import admin
from django.contrib.auth.models import Group, Permission, User
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django_tasks_db.models import DBTaskResult

from concept.models import Goal, Organisation
from inquiries.models import OparlImportRun, Person
from kassel_integration.admin_base import GuardedAdminMixin
from monitoring.models import AnnualReport
from roundtable.models import Consultation, Event, Feedback
from tests import factories
from tests.admin_forms import change_form_data

pytestmark = pytest.mark.django_db

ROLES = ["Lesend", "Fachamt", "Fachamt fremd", "Redaktion", "Administration", "su"]

ACCESS = {
    #                           Lesend  Fachamt fremd  Redaktion Admin.  su
    "auth.group": "-  -  -  -  W  W",
    "auth.user": "-  -  -  -  W  W",
    "axes.accessattempt": "-  -  -  -  W  W",
    "axes.accesslog": "-  -  -  -  W  W",
    "axes.accessfailurelog": "-  -  -  -  W  W",
    "concept.concept": "R  -  -  W  W  W",
    "concept.fieldofaction": "R  -  -  W  W  W",
    "concept.topic": "R  -  -  W  W  W",
    "concept.goal": "R  R  -  W  W  W",
    "concept.indicator": "R  R  -  W  W  W",
    "concept.organisation": "R  R  R  W  W  W",
    "concept.measure": "R  -  -  W  W  W",
    "inquiries.inquiry": "R  -  -  W  W  W",
    "inquiries.question": "R  -  -  W  W  W",
    "inquiries.faction": "R  -  -  W  W  W",
    "inquiries.committee": "R  -  -  W  W  W",
    "inquiries.person": "R  -  -  W  W  W",
    # A record of the runs of manage.py oparl_import: read, never edited.
    "inquiries.oparlimportrun": "R  -  -  R  W  W",
    # The Fachamt reports, but does not delete, its own statuses.
    "monitoring.goalstatus": "R  W* -  W  W  W",
    "monitoring.metric": "R  -  -  W  W  W",
    "monitoring.district": "R  -  -  W  W  W",
    "monitoring.observation": "R  -  -  W  W  W",
    # Issued reports are frozen: nobody adds, changes or reverts them in a
    # form (the Redaktion issues them through "Bericht erstellen").
    "monitoring.annualreport": "R  -  -  R  W  W",
    "roundtable.event": "R  -  -  W  W  W",
    "roundtable.feedback": "R  -  -  W  W  W",
    "roundtable.consultation": "R  -  -  W  W  W",
    # The task queue (report jobs with tracebacks): read-only, superuser
    # only; rows are written by the worker only.
    "django_tasks_database.dbtaskresult": "-  -  -  -  -  R",
}
READ = {"list", "view", "history", "history_detail", "export", "autocomplete"}
WRITE = {
    "add",
    "change",
    "delete",
    "bulk_delete",
    "revert",
    "import",
    "confirm",
    "template",  # "Vorlage herunterladen" on the import page
}
# Paths a model does not have, or that stay closed to every role.
NEVER = {
    "monitoring.annualreport": {
        "add",
        "change",
        "revert",
        "history_detail",
        "bulk_delete",
    },
    "inquiries.oparlimportrun": {"add", "change"},
    "axes.accessattempt": {"add"},
    "axes.accesslog": {"add"},
    "axes.accessfailurelog": {"add"},
}
# Paths about the model rather than one record: the Fachamt's own column.
MODEL_PATHS = {"list", "add", "import", "confirm", "export", "template"}
WITHOUT_DELETE = {"monitoring.goalstatus": {"Fachamt"}}


def expected(label, role, path) -> bool:
    if path in NEVER.get(label, ()):
        return False
    if role == "Fachamt fremd" and path in MODEL_PATHS:
        role = "Fachamt"
    level = ACCESS[label].split()[ROLES.index(role)]
    if level == "-":
        return False
    if path in READ:
        return True
    if path in ("delete", "bulk_delete") and role in WITHOUT_DELETE.get(label, ()):
        return False
    return level.startswith("W")


def member(name, group=None, **extra):
    user = User.objects.create_user(name, password="x", is_staff=True, **extra)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def world(settings):
    """One record of every registered model; Jugendamt's goal, indicator and
    status belong to the Fachamt user, Kulturamt's do not."""
    # the task rows belong to the database backend, as in production
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    jugendamt = factories.OrganisationFactory(name="Jugendamt", slug="jugendamt")
    kulturamt = factories.OrganisationFactory(name="Kulturamt", slug="kulturamt")
    topic = factories.TopicFactory(field__concept__is_current=True)
    own_goal = factories.GoalFactory(topic=topic, responsible_organisations=[jugendamt])
    foreign_goal = factories.GoalFactory(
        topic=topic, responsible_organisations=[kulturamt]
    )
    users = {
        "Lesend": member("lesend", "Lesend"),
        "Fachamt": member("fachamt", "Fachamt"),
        "Redaktion": member("redaktion", "Redaktion"),
        "Administration": member("administration", "Administration"),
        "su": member("su", is_superuser=True),
    }
    users["Fachamt fremd"] = users["Fachamt"]
    jugendamt.members.add(users["Fachamt"])
    inquiry = factories.InquiryFactory()
    metric = factories.MetricFactory()
    event = Event.objects.create(
        slug="rt-2019", kind="runder_tisch", title="Runder Tisch 2019"
    )
    records = {
        "auth.group": Group.objects.get(name="Lesend"),
        "auth.user": users["Lesend"],
        "axes.accessattempt": AccessAttempt.objects.create(
            username="x", ip_address="127.0.0.1", failures_since_start=1
        ),
        "axes.accesslog": AccessLog.objects.create(
            username="x", ip_address="127.0.0.1"
        ),
        "axes.accessfailurelog": AccessFailureLog.objects.create(
            username="x", ip_address="127.0.0.1"
        ),
        "concept.concept": topic.field.concept,
        "concept.fieldofaction": topic.field,
        "concept.topic": topic,
        "concept.goal": (own_goal, foreign_goal),
        "concept.indicator": (
            factories.IndicatorFactory(goal=own_goal),
            factories.IndicatorFactory(goal=foreign_goal),
        ),
        "concept.organisation": jugendamt,
        "concept.measure": factories.MeasureFactory(),
        "inquiries.inquiry": inquiry,
        "inquiries.question": factories.QuestionFactory(inquiry=inquiry),
        "inquiries.faction": inquiry.faction,
        "inquiries.committee": inquiry.committee,
        "inquiries.person": Person.objects.create(name="Erika Muster"),
        "inquiries.oparlimportrun": OparlImportRun.objects.create(
            url="https://ratsinfo.example/oparl/v1.1/", started_at=timezone.now()
        ),
        "monitoring.goalstatus": (
            factories.GoalStatusFactory(goal=own_goal, review="entwurf"),
            factories.GoalStatusFactory(goal=foreign_goal, review="entwurf"),
        ),
        "monitoring.metric": metric,
        "monitoring.district": factories.DistrictFactory(),
        "monitoring.observation": factories.ObservationFactory(metric=metric),
        "monitoring.annualreport": AnnualReport.objects.create(year=2020, version=1),
        "roundtable.event": event,
        "roundtable.feedback": Feedback.objects.create(
            kind="empfehlung", title="Sprachkurse", text="Mehr Kurse.", event=event
        ),
        "django_tasks_database.dbtaskresult": DBTaskResult.objects.create(
            args_kwargs={"args": [1], "kwargs": {}},
            task_path="monitoring.report.tasks.annual_report_task",
            backend_name="default",
            run_after=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
        ),
        "roundtable.consultation": Consultation.objects.create(
            title="Entwurf 2026",
            opens_on=datetime.date(2026, 1, 1),
            closes_on=datetime.date(2026, 2, 1),
        ),
    }
    return users, records


def record_for(records, label, role):
    record = records[label]
    if isinstance(record, tuple):
        return record[1] if role == "Fachamt fremd" else record[0]
    return record


def admin_url(model_admin, name, *args):
    opts = model_admin.opts
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{name}", args=args)


def history_id(obj):
    history = getattr(obj, "history", None)
    if history is None or not hasattr(history, "order_by"):
        return None
    return history.order_by("-history_id").values_list("history_id", flat=True).first()


def autocomplete_source(model):
    """(app_label, model_name, field_name) of a field that autocompletes
    ``model`` in the admin, or None."""
    for source_model, source_admin in admin.site._registry.items():
        for name in source_admin.autocomplete_fields:
            if source_model._meta.get_field(name).related_model is model:
                opts = source_model._meta
                return opts.app_label, opts.model_name, name
    return None


def fingerprint(obj):
    """Everything a write could change: the row, and its history."""
    model = type(obj)
    row = model._default_manager.filter(pk=obj.pk).values().first()
    return row, history_id(obj)


class Probe:
    """Requests every path of one model admin as one role."""

    def __init__(self, client, superclient, model_admin, obj):
        self.client, self.superclient = client, superclient
        self.admin, self.obj = model_admin, obj

    def allowed_get(self, url):
        response = self.client.get(url)
        assert response.status_code < 500, url
        return response.status_code == 200

    def allowed_post(self, url, data, success_codes=(302,)):
        response = self.client.post(url, data)
        assert response.status_code < 500, url
        location = response.headers.get("Location", "")
        refused = response.status_code in (403, 404) or (
            response.status_code == 302
            and (location.endswith(reverse("admin:index")) or "login" in location)
        )
        return response.status_code in success_codes and not refused

    def outcomes(self):
        obj, model_admin = self.obj, self.admin
        pk = obj.pk
        result = {
            "list": self.allowed_get(admin_url(model_admin, "changelist")),
            "view": self.allowed_get(admin_url(model_admin, "change", pk)),
            "add": self.allowed_get(admin_url(model_admin, "add")),
            "delete": self.allowed_get(admin_url(model_admin, "delete", pk)),
            "history": self.allowed_get(admin_url(model_admin, "history", pk)),
        }
        before = fingerprint(obj)
        change_page = self.superclient.get(admin_url(model_admin, "change", pk))
        if change_page.status_code == 200 and b'type="submit"' in change_page.content:
            data = change_form_data(change_page.content)
            result["change"] = self.allowed_post(
                admin_url(model_admin, "change", pk), data
            )
        else:
            result["change"] = False
        if not result["change"]:
            assert fingerprint(obj) == before, "refused change wrote"
        result["bulk_delete"] = self.bulk_delete_offered()
        version = history_id(obj)
        if version is not None:
            url = admin_url(model_admin, "simple_history", pk, version)
            result["history_detail"] = self.allowed_get(url)
            before = fingerprint(obj)
            form = self.superclient.get(url)
            data = change_form_data(form.content) if form.status_code == 200 else {}
            result["revert"] = self.allowed_post(url, data)
            if not result["revert"]:
                assert fingerprint(obj) == before, "refused revert wrote"
        else:
            result["history_detail"] = result["revert"] = False
        result.update(self.import_export())
        result["autocomplete"] = self.autocomplete()
        return result

    def bulk_delete_offered(self):
        """The delete action's confirmation page (nothing is deleted yet)."""
        response = self.client.post(
            admin_url(self.admin, "changelist"),
            {
                "action": "delete_selected",
                "index": "0",
                "_selected_action": [self.obj.pk],
            },
        )
        assert response.status_code < 500
        return (
            response.status_code == 200
            and b"delete-selected-confirmation" in response.content
        )

    def import_export(self):
        try:
            import_url = admin_url(self.admin, "import")
        except NoReverseMatch:
            return {
                "import": False,
                "confirm": False,
                "export": False,
                "template": False,
            }
        confirm = self.client.post(
            admin_url(self.admin, "process_import"),
            {
                "format": "0",
                "import_file_name": f"fehlt-{uuid.uuid4().hex}.csv",
                "original_file_name": "ziele.csv",
            },
        )
        assert confirm.status_code < 500
        export = self.client.post(
            admin_url(self.admin, "export"), {"format": "0", "export_items": []}
        )
        assert export.status_code < 500
        template = self.client.get(admin_url(self.admin, "import_template", "xlsx"))
        assert template.status_code < 500
        return {
            "import": self.allowed_get(import_url),
            # A permitted confirm whose file is gone asks for it again.
            "confirm": confirm.status_code == 302
            and confirm.headers["Location"].endswith(import_url),
            "export": export.status_code == 200
            and export.headers.get("Content-Type", "").startswith("text/csv"),
            "template": template.status_code == 200
            and template.content.startswith(b"PK"),
        }

    def autocomplete(self):
        source = autocomplete_source(type(self.obj))
        if source is None:
            return False  # not a path of this model (see _applies)
        app_label, model_name, field_name = source
        response = self.client.get(
            reverse("admin:autocomplete"),
            {
                "app_label": app_label,
                "model_name": model_name,
                "field_name": field_name,
            },
        )
        assert response.status_code < 500
        if response.status_code != 200:
            return False
        return str(self.obj.pk) in {hit["id"] for hit in response.json()["results"]}


def test_every_registered_model_has_a_row_and_the_guarded_base():
    """A model added to the admin without a row here fails."""
    registered = {m._meta.label_lower: a for m, a in admin.site._registry.items()}
    assert set(registered) == set(ACCESS)
    for label, model_admin in registered.items():
        assert isinstance(model_admin, GuardedAdminMixin), label


@pytest.mark.parametrize("label", sorted(ACCESS))
def test_role_path_matrix(label, world, client):
    """Each role reaches exactly the paths its row in ACCESS allows."""
    users, records = world
    model = next(m for m in admin.site._registry if m._meta.label_lower == label)
    model_admin = admin.site._registry[model]
    superclient = type(client)()
    superclient.force_login(users["su"])
    mismatches = []
    for role in ROLES:
        obj = record_for(records, label, role)
        client.force_login(users[role])
        outcomes = Probe(client, superclient, model_admin, obj).outcomes()
        for path, allowed in outcomes.items():
            if not _applies(model_admin, obj, path):
                continue
            want = expected(label, role, path)
            if allowed != want:
                mismatches.append(f"{role} {path}: {allowed} (erwartet {want})")
    client.logout()
    anonymous = Probe(client, superclient, model_admin, record_for(records, label, ""))
    for path, allowed in anonymous.outcomes().items():
        if allowed and _applies(model_admin, anonymous.obj, path):
            mismatches.append(f"anonym {path}: erlaubt")
    assert not mismatches, "\n".join(mismatches)


def _applies(model_admin, obj, path):
    if path in ("history_detail", "revert"):
        return history_id(obj) is not None
    if path in ("import", "confirm", "export", "template"):
        return hasattr(model_admin, "import_action")
    if path == "autocomplete":
        return autocomplete_source(type(obj)) is not None
    return True


# The reproductions of the issue, by the path each took.


def test_lesend_cannot_publish_a_draft_answer_through_the_history_form(world, client):
    """A read-only user's POST to a version of an inquiry is refused."""
    users, records = world
    inquiry = records["inquiries.inquiry"]
    inquiry.status = "in_bearbeitung"
    inquiry.answered_on = None
    inquiry.save()
    version = history_id(inquiry)
    superclient = type(client)()
    superclient.force_login(users["su"])
    url = reverse("admin:inquiries_inquiry_simple_history", args=[inquiry.pk, version])
    data = change_form_data(superclient.get(url).content)
    data.update(status=["beantwortet"], answered_on=["12.06.2020"])
    client.force_login(users["Lesend"])
    assert client.post(url, data).status_code == 403
    inquiry.refresh_from_db()
    assert inquiry.status == "in_bearbeitung" and inquiry.answered_on is None


def test_fachamt_cannot_join_another_unit_or_see_staff_names(world, client):
    """Membership is not on the Fachamt's forms, and no form lists accounts."""
    users, records = world
    kulturamt = Organisation.objects.get(name="Kulturamt")
    client.force_login(users["Fachamt"])
    for url in (
        reverse("admin:concept_organisation_change", args=[kulturamt.pk]),
        reverse(
            "admin:concept_organisation_simple_history",
            args=[kulturamt.pk, history_id(kulturamt)],
        ),
    ):
        page = client.get(url)
        assert page.status_code == 200
        assert b"administration" not in page.content and b">su<" not in page.content
        client.post(url, {"name": "Kulturamt", "members": [users["Fachamt"].pk]})
    assert not kulturamt.members.filter(pk=users["Fachamt"].pk).exists()


def test_fachamt_cannot_read_another_units_status_history(world, client):
    """History list and version of a foreign status are refused."""
    users, records = world
    foreign = records["monitoring.goalstatus"][1]
    foreign.narrative = "Vertrauliche Einschätzung des Kulturamts"
    foreign.save()
    client.force_login(users["Fachamt"])
    for url in (
        reverse("admin:monitoring_goalstatus_history", args=[foreign.pk]),
        reverse(
            "admin:monitoring_goalstatus_simple_history",
            args=[foreign.pk, history_id(foreign)],
        ),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403, 404)
        assert b"Vertrauliche" not in response.content


def goal_csv(goal, text):
    return (
        "Fassung,Nummer,Teilbereich,Ziel,Indikatoren,Verantwortlich,Fußnote\n"
        f"{goal.concept.slug},{goal.code},{goal.topic.code},{text},Ein Indikator,"
        "Jugendamt,\n"
    ).encode()


def test_fachamt_and_lesend_cannot_import_over_goals(world, client):
    """The import of a goal CSV is refused to those who may not change goals."""
    users, records = world
    goal = records["concept.goal"][0]
    for role in ("Fachamt", "Lesend"):
        client.force_login(users[role])
        upload = io.BytesIO(goal_csv(goal, "Überschrieben"))
        upload.name = "ziele.csv"
        response = client.post(
            reverse("admin:concept_goal_import"),
            {"format": "0", "import_file": upload, "resource": "0"},
        )
        assert response.status_code == 403
    goal.refresh_from_db()
    assert goal.text != "Überschrieben"


def test_import_of_a_new_row_needs_the_add_permission(world, client):
    """A user who may change but not add goals cannot create one by import."""
    users, records = world
    editor = member("editor")
    editor.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="concept",
            codename__in=["view_goal", "change_goal", "all_units"],
        )
    )
    goal = records["concept.goal"][0]
    new = Goal(concept=goal.concept, topic=goal.topic, code=f"{goal.topic.code}.99")
    client.force_login(User.objects.get(pk=editor.pk))
    upload = io.BytesIO(goal_csv(new, "Neues Ziel"))
    upload.name = "ziele.csv"
    response = client.post(
        reverse("admin:concept_goal_import"),
        {"format": "0", "import_file": upload, "resource": "0"},
    )
    assert response.status_code == 200
    assert "neuen Datensatz anlegen" in response.content.decode()
    assert b"confirm_form" not in response.content
    assert not Goal.objects.filter(code=new.code).exists()


def test_no_superuser_by_the_administration(world, client):
    """Administration cannot make itself superuser nor touch a superuser."""
    users, _records = world
    admin_user = users["Administration"]
    client.force_login(admin_user)
    url = reverse("admin:auth_user_change", args=[admin_user.pk])
    data = change_form_data(client.get(url).content)
    data["is_superuser"] = ["on"]
    client.post(url, data)
    admin_user.refresh_from_db()
    assert not admin_user.is_superuser
    su_url = reverse("admin:auth_user_change", args=[users["su"].pk])
    assert client.get(su_url).status_code == 302  # "does not exist"
    password_url = reverse("admin:auth_user_password_change", args=[users["su"].pk])
    assert client.get(password_url).status_code == 404


def test_only_approvers_are_offered_the_approve_action(world, client):
    """The Fachamt's status list offers no "freigeben" action."""
    users, _records = world
    url = reverse("admin:monitoring_goalstatus_changelist")
    client.force_login(users["Fachamt"])
    assert b"approve_selected" not in client.get(url).content
    client.force_login(users["Redaktion"])
    assert b"approve_selected" in client.get(url).content


# Found by attacking the admin as each role (issue #13 closing round).


def test_import_confirm_reads_only_a_file_this_session_previewed(
    world, client, tmp_path, settings
):
    """A file name never previewed is not imported, and not deleted."""
    import tempfile

    users, _records = world
    victim = Path(tempfile.gettempdir()) / f"fremd-{uuid.uuid4().hex}.csv"
    victim.write_text("Kennzahl,Jahr,Wert,Einheit\n", encoding="utf-8")
    client.force_login(users["Redaktion"])
    response = client.post(
        reverse("admin:monitoring_observation_process_import"),
        {
            "format": "0",
            "import_file_name": victim.name,
            "original_file_name": "x.csv",
        },
    )
    assert response.status_code == 302
    assert victim.exists()
    victim.unlink()


def test_superusers_are_not_offered_as_unit_members(world, client):
    """The Redaktion assigns staff to units, but never a superuser account."""
    users, _records = world
    client.force_login(users["Redaktion"])
    kulturamt = Organisation.objects.get(name="Kulturamt")
    page = client.get(reverse("admin:concept_organisation_change", args=[kulturamt.pk]))
    options = page.context["adminform"].form.fields["members"].queryset
    assert users["su"] not in options and users["Fachamt"] in options


def test_nobody_without_access_filters_units_by_their_staff(world, client):
    """?members=<id> on the organisation list is refused to Lesend."""
    users, _records = world
    client.force_login(users["Lesend"])
    url = reverse("admin:concept_organisation_changelist")
    response = client.get(url, {"members": users["Fachamt"].pk})
    assert response.status_code == 400


def test_fachamt_completeness_shows_only_its_own_units(world, client):
    """The completeness page lists the Jugendamt, not the Kulturamt."""
    users, records = world
    concept = records["concept.concept"]
    concept.is_current = True
    concept.save()
    client.force_login(users["Fachamt"])
    html = client.get(
        reverse("admin:monitoring_goalstatus_completeness"), {"jahr": 2025}
    ).content.decode()
    assert "Jugendamt" in html and "Kulturamt" not in html


def test_a_foreign_record_answers_as_if_it_did_not_exist(world, client):
    """History and the view-on-site redirect of a foreign status are 404."""
    from django.contrib.contenttypes.models import ContentType

    users, records = world
    foreign = records["monitoring.goalstatus"][1]
    client.force_login(users["Fachamt"])
    content_type = ContentType.objects.get_for_model(foreign)
    for url in (
        reverse("admin:monitoring_goalstatus_history", args=[foreign.pk]),
        reverse("admin:view_on_site", args=[content_type.pk, foreign.pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_a_status_no_longer_approved_loses_its_stamp(world):
    """The Fachamt resubmitting an approved status clears who approved it."""
    from monitoring.reporting_round import goal_status_save

    users, records = world
    status = records["monitoring.goalstatus"][0]
    status.review = "freigegeben"
    status.approved_by = users["Redaktion"]
    status.save()
    status.review = "eingereicht"
    goal_status_save(status=status, user=users["Fachamt"])
    status.refresh_from_db()
    assert status.approved_by is None and status.approved_at is None
