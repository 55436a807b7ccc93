"""The WSGI entry point for a production server: `waitress-serve wsgi:app` (or gunicorn, mod_wsgi).

create_app() changes nothing: before the first web process of a release starts, one machine runs

    procurement setup        # = procurement db upgrade, catalogue sync, demo off, analyses requeue (in order)

(README.md, "Several web processes and workers on several machines"). On a database that is not at this code's
newest migration, or holds no catalogue version, create_app() refuses to start, its message (in Dutch, in the
server's log) naming the command to run.
"""

from procurement.app import create_app
from procurement.startup import start_worker
from procurement.web.monitor import warm

app = create_app()
# only without a job queue (ANALYSIS_MODE "thread"): this process's analysis thread, after it queued again the
# analyses a dead process of this machine left; with PROCUREMENT_REDIS_URL `procurement worker` runs them
start_worker(app)
warm(app)  # the monitor's figures, read once in the background: the first monitor page decodes only changes
