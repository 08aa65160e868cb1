import importlib

from django.apps import apps
from django.core.management.base import BaseCommand

#: The order in which apps seed their demo content (later ones build on earlier).
DEMO_APPS = ["lms", "courses", "content", "quizzes", "certificates", "reports"]


class Command(BaseCommand):
    help = "Create or refresh the demo content (idempotent). For demonstrations only."

    def handle(self, *args, **options):
        self.stdout.write("Seeding demo content…")
        for label in DEMO_APPS:
            try:
                config = apps.get_app_config(label)
            except LookupError:
                continue  # the app is not installed
            try:
                name = f"{config.name}.demo"
                module = importlib.import_module(name)
            except ModuleNotFoundError as exc:
                if exc.name != name:
                    raise
                continue
            module.seed(stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(
                "Demo ready. Logins (demo only): demo-officer, demo-trainer, demo-approver, demo-hr, demo-admin; "
                "password 'demo' unless DEMO_PASSWORD is set."
            )
        )
