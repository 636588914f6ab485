"""django-tasks-db's worker, which first makes sure the periodic dispatch is queued.

Same name, same options: like staticfiles' runserver, this app (listed before
django_tasks_db) extends the command instead of adding a second one to run.
"""

from django_tasks_db.management.commands import db_worker

from journalists.tasks import ensure_dispatcher


class Command(db_worker.Command):
    def handle(self, *args, **options):
        ensure_dispatcher(now=True)
        return super().handle(*args, **options)
