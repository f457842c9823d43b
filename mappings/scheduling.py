"""The django-q2 schedules the portal keeps: the dispatcher, log retention and one polling
schedule per subscription (created with it; its interval is edited in the admin under
Task queue > Scheduled tasks)."""

from __future__ import annotations

from django_q.models import Schedule

DISPATCH = "switchboard: dispatch transfers"
PRUNE = "switchboard: prune transfer logs"
POLL_MINUTES = 15


def poll_schedule_name(subscription_id: int) -> str:
    return f"switchboard: poll subscription {subscription_id}"


def ensure_portal_schedules() -> None:
    Schedule.objects.get_or_create(
        name=DISPATCH,
        defaults={
            "func": "mappings.tasks.dispatch",
            "schedule_type": Schedule.MINUTES,
            "minutes": 1,
            "repeats": -1,
        },
    )
    Schedule.objects.get_or_create(
        name=PRUNE,
        defaults={
            "func": "mappings.tasks.prune_transfer_logs",
            "schedule_type": Schedule.DAILY,
            "repeats": -1,
        },
    )


def ensure_poll_schedule(subscription_id: int, *, minutes: int = POLL_MINUTES) -> Schedule:
    schedule, _ = Schedule.objects.get_or_create(
        name=poll_schedule_name(subscription_id),
        defaults={
            "func": "mappings.tasks.poll_subscription",
            "args": str(subscription_id),
            "schedule_type": Schedule.MINUTES,
            "minutes": minutes,
            "repeats": -1,
        },
    )
    return schedule


def drop_poll_schedule(subscription_id: int) -> None:
    Schedule.objects.filter(name=poll_schedule_name(subscription_id)).delete()
