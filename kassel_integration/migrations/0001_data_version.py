"""The data version row that public pages derive ETag and cache keys from."""

from django.db import migrations, models
from django.utils import timezone


def create_row(apps, schema_editor):
    apps.get_model("kassel_integration", "DataVersion").objects.create(
        pk=1, counter=0, changed_at=timezone.now()
    )


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("counter", models.BigIntegerField(default=0, verbose_name="Zähler")),
                ("changed_at", models.DateTimeField(verbose_name="zuletzt geändert")),
            ],
            options={
                "verbose_name": "Datenstand",
                "verbose_name_plural": "Datenstand",
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("pk", 1)), name="data_version_single_row"
                    )
                ],
            },
        ),
        migrations.RunPython(create_row, migrations.RunPython.noop),
    ]
