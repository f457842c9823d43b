import django.db.models.deletion
from django.db import migrations, models

from subscriptions.throttle_sql import CREATE_FUNCTIONS, DROP_FUNCTIONS


def create_functions(apps, schema_editor):
    # Server-side throttle admission exists on PostgreSQL only; SQLite admits in Python.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_FUNCTIONS)


def drop_functions(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_FUNCTIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("subscriptions", "0004_tokens"),
    ]

    operations = [
        migrations.RunPython(create_functions, drop_functions),
        migrations.CreateModel(
            name="CallCounter",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "hour",
                    models.DateTimeField(
                        help_text="The start of the hour (UTC) these calls fall in."
                    ),
                ),
                ("calls", models.PositiveBigIntegerField(default=0)),
                ("errors", models.PositiveBigIntegerField(default=0)),
                (
                    "throttled",
                    models.PositiveBigIntegerField(
                        default=0,
                        help_text="Calls that waited for the throttle (window, connections, "
                        "pause).",
                    ),
                ),
                (
                    "subscription",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="call_counters",
                        to="subscriptions.subscription",
                    ),
                ),
            ],
            options={
                "ordering": ["-hour"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("subscription", "hour"), name="call_counter_hour"
                    )
                ],
            },
        ),
    ]
