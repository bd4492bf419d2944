"""One object rule for the roles (kassel_integration/permissions.py).

``concept.all_units`` replaces ``monitoring.report_all_goalstatus``: who holds
it sees the goals, indicators and statuses of every unit (Administration,
Redaktion, Lesend); the Fachamt only those of its own units.
``concept.manage_members`` (Administration, Redaktion) edits who belongs to a
unit and is the only way, besides user management, to see staff accounts.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "all_units": ["Administration", "Redaktion", "Lesend"],
    "manage_members": ["Administration", "Redaktion"],
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("concept")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for codename, groups in GRANTS.items():
        permission = Permission.objects.get(
            content_type__app_label="concept", codename=codename
        )
        for group in Group.objects.filter(name__in=groups):
            group.permissions.add(permission)
    Permission.objects.filter(
        content_type__app_label="monitoring", codename="report_all_goalstatus"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("concept", "0003_unit_permissions"),
        ("monitoring", "0004_history_for_districts_and_observations"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="goalstatus",
            options={
                "ordering": ["-year", "goal"],
                "permissions": [
                    (
                        "approve_goalstatus",
                        "Umsetzungsstände freigeben oder zurückgeben",
                    )
                ],
                "verbose_name": "Umsetzungsstand",
                "verbose_name_plural": "Umsetzungsstände",
            },
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
