"""The staff groups' permissions on the OParl import runs: Administration
all, Redaktion and Lesend view (the runs are a record, nobody edits them)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    app_config = apps.get_app_config("inquiries")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    runs = Permission.objects.filter(
        content_type__app_label="inquiries", content_type__model="oparlimportrun"
    )
    for name, granted in (
        ("Administration", runs),
        ("Redaktion", runs.filter(codename="view_oparlimportrun")),
        ("Lesend", runs.filter(codename="view_oparlimportrun")),
    ):
        for group in Group.objects.filter(name=name):
            group.permissions.add(*granted)


class Migration(migrations.Migration):
    dependencies = [
        ("inquiries", "0010_answer_receipt_stamps"),
        ("monitoring", "0002_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
