"""The Celery app. Without CELERY_BROKER_URL (the embedded default of `make run`)
tasks run in-process, eagerly; with it they go through the broker."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")

app = Celery("lms")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
