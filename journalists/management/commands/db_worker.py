"""django-tasks-db's worker, which first makes sure the periodic dispatch is queued.

Same name, same options: like staticfiles' runserver, this app (listed before
django_tasks_db) extends the command instead of adding a second one to run.
"""

import logging

from django_tasks_db.management.commands import db_worker

from journalists.tasks import ensure_dispatcher


class Command(db_worker.Command):
    def configure_logging(self, verbosity: int) -> None:
        # The periodic dispatch runs every few seconds: at the default verbosity its
        # INFO lines would drown the server's log. Warnings and failures still show;
        # -v 2 shows each task again.
        super().configure_logging(verbosity)
        if verbosity == 1:
            for name in ("django.tasks", db_worker.logger.name):
                logging.getLogger(name).setLevel(logging.WARNING)

    def handle(self, *args, **options):
        ensure_dispatcher(now=True)
        return super().handle(*args, **options)
