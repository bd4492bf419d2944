"""Responsible units per goal in the order and wording of the source.

The auto-created table of ``Goal.responsible_organisations`` becomes the
explicit through model ``GoalResponsibility`` (same table, same rows), which
adds the position and the wording the source uses. Existing rows keep their
insertion order as position; loading fixtures/concept.json again sets the
concept's order.
"""

import django.db.models.deletion
from django.db import migrations, models


def number_existing_rows(apps, schema_editor):
    GoalResponsibility = apps.get_model("concept", "GoalResponsibility")
    position = {}
    rows = GoalResponsibility.objects.order_by("goal_id", "id")
    for row in rows.only("id", "goal_id"):
        position[row.goal_id] = position.get(row.goal_id, 0) + 1
        GoalResponsibility.objects.filter(pk=row.pk).update(
            position=position[row.goal_id]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("concept", "0003_unit_permissions"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="GoalResponsibility",
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
                        (
                            "goal",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="responsibilities",
                                to="concept.goal",
                                verbose_name="Ziel",
                            ),
                        ),
                        (
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="goal_responsibilities",
                                to="concept.organisation",
                                verbose_name="Organisationseinheit",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "concept_goal_responsible_organisations",
                        "unique_together": {("goal", "organisation")},
                    },
                ),
                migrations.AlterField(
                    model_name="goal",
                    name="responsible_organisations",
                    field=models.ManyToManyField(
                        related_name="goals",
                        through="concept.GoalResponsibility",
                        to="concept.organisation",
                        verbose_name="Verantwortlich",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    migrations.RunSQL.noop, reverse_sql=migrations.RunSQL.noop
                ),
            ],
        ),
        # The history of the relation moves to the through model's name (the
        # table is renamed with it; its rows stay).
        migrations.RenameModel(
            old_name="HistoricalGoal_responsible_organisations",
            new_name="HistoricalGoalResponsibility",
        ),
        migrations.AlterUniqueTogether(
            name="goalresponsibility",
            unique_together=set(),
        ),
        migrations.AddConstraint(
            model_name="goalresponsibility",
            constraint=models.UniqueConstraint(
                fields=("goal", "organisation"),
                name="goal_responsibility_unique",
                violation_error_message=(
                    "Diese Organisationseinheit ist für das Ziel schon eingetragen."
                ),
            ),
        ),
        migrations.AddField(
            model_name="goalresponsibility",
            name="position",
            field=models.PositiveSmallIntegerField(
                default=1,
                help_text="Reihenfolge, in der die Quelle die Einheiten nennt.",
                verbose_name="Reihenfolge",
            ),
        ),
        migrations.AddField(
            model_name="goalresponsibility",
            name="designation",
            field=models.CharField(
                blank=True,
                help_text=(
                    "Nur wenn die Quelle die Einheit anders nennt als ihr Name, "
                    "z. B. „Geschäftsbereich d. Oberbürgermeisters Zukunftsbüro“."
                ),
                max_length=300,
                verbose_name="Bezeichnung in der Quelle",
            ),
        ),
        migrations.AlterModelOptions(
            name="goalresponsibility",
            options={
                "ordering": ["goal", "position", "id"],
                "verbose_name": "Verantwortliche Organisationseinheit",
                "verbose_name_plural": "Verantwortliche Organisationseinheiten",
            },
        ),
        migrations.RunPython(number_existing_rows, migrations.RunPython.noop),
    ]
