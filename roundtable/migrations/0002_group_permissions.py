"""Give the staff groups (monitoring 0002) their Runder-Tisch permissions:
Redaktion and Administration all, Lesend view only."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def extend_groups(apps, schema_editor):
    app_config = apps.get_app_config("roundtable")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="roundtable")
    for name, granted in (
        ("Administration", permissions),
        ("Redaktion", permissions),
        ("Lesend", permissions.filter(codename__startswith="view_")),
    ):
        Group.objects.get(name=name).permissions.add(*granted)


class Migration(migrations.Migration):
    dependencies = [
        ("roundtable", "0001_initial"),
        ("monitoring", "0002_groups"),
    ]

    operations = [migrations.RunPython(extend_groups, migrations.RunPython.noop)]
