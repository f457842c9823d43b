# Authorization state on Subscription and the encrypted token row (issue 4).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import subscriptions.fields


class Migration(migrations.Migration):
    dependencies = [
        ("subscriptions", "0003_subscription_name_help"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="subscription",
            name="auth_status",
            field=models.CharField(
                choices=[
                    ("not_authorized", "Not authorized yet"),
                    ("authorized", "Authorized"),
                    ("needs_reauthorization", "Needs reauthorization"),
                ],
                default="not_authorized",
                max_length=30,
                verbose_name="Authorization",
            ),
        ),
        migrations.AddField(
            model_name="subscription",
            name="auth_status_changed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="subscription",
            name="auth_status_reason",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.CreateModel(
            name="SubscriptionToken",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("access_token", subscriptions.fields.EncryptedTextField(blank=True, default="")),
                ("refresh_token", subscriptions.fields.EncryptedTextField(blank=True, default="")),
                ("expires_at", models.DateTimeField(blank=True, null=True)),
                ("scope", models.CharField(blank=True, default="", max_length=2000)),
                ("authorized_at", models.DateTimeField(blank=True, null=True)),
                ("refreshed_at", models.DateTimeField(blank=True, null=True)),
                (
                    "authorized_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "subscription",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="token",
                        to="subscriptions.subscription",
                    ),
                ),
            ],
            options={"verbose_name": "subscription token"},
        ),
    ]
