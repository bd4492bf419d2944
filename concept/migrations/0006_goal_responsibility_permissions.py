"""The staff groups get the permissions of the new GoalResponsibility model,
as monitoring 0002 gave them those of every content model: Administration and
Redaktion all, Lesend and Fachamt view (the units of a goal are part of it).

0004 renamed the history model of the old many-to-many table; its content
type moved with it, but its permissions kept the old codenames
(``add_historicalgoal_responsible_organisations``), which a fresh database
never has, so a backup could not be restored. They are replaced by the
current ones, held by the same groups."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Administration": ["add", "change", "delete", "view"],
    "Redaktion": ["add", "change", "delete", "view"],
    "Lesend": ["view"],
    "Fachamt": ["view"],
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("concept")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for stale in Permission.objects.filter(
        content_type__app_label="concept",
        codename__endswith="_historicalgoal_responsible_organisations",
    ):
        action = stale.codename.split("_", 1)[0]
        current = Permission.objects.filter(
            content_type=stale.content_type,
            codename=f"{action}_historicalgoalresponsibility",
        ).first()
        if current is not None:
            for group in Group.objects.filter(permissions=stale):
                group.permissions.add(current)
        stale.delete()
    for name, actions in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="concept",
                codename__in=[f"{action}_goalresponsibility" for action in actions],
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("concept", "0005_source_wording"),
        ("monitoring", "0002_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
