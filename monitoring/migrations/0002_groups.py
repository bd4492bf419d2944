"""Staff groups and their permissions (DESIGN.md: who uses it).

- Administration: every permission.
- Redaktion (Zukunftsbüro): all content of the concept, inquiries and
  monitoring, including approving the Umsetzungsstand of every unit.
- Fachamt: reads the concept, reports the Umsetzungsstand of the goals its
  organisation is responsible for (users are linked to an organisation via
  Organisation.members); the admin narrows it to those goals.
- Lesend: view only.

Permissions are created after migrations normally; they are created here
first so the groups can be filled on a fresh database.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTENT_APPS = ["concept", "inquiries", "monitoring"]
FACHAMT = [
    ("monitoring", "view_goalstatus"),
    ("monitoring", "add_goalstatus"),
    ("monitoring", "change_goalstatus"),
    ("concept", "view_goal"),
    ("concept", "view_indicator"),
    ("concept", "view_organisation"),
]


def create_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    content = Permission.objects.filter(content_type__app_label__in=CONTENT_APPS)
    groups = {
        "Administration": Permission.objects.all(),
        "Redaktion": content,
        "Lesend": content.filter(codename__startswith="view_"),
        "Fachamt": Permission.objects.none(),
    }
    for name, permissions in groups.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions)
    fachamt = Group.objects.get(name="Fachamt")
    for app_label, codename in FACHAMT:
        fachamt.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("concept", "0002_organisation_members"),
        ("inquiries", "0002_search_triggers"),
        ("monitoring", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
