"""gunicorn settings for ``ita-bot serve``: by default one process with several threads.

Each process runs its own event workers, flusher and scheduler; with ITA_STATE_URL=redis://… they
share state, so ITA_WEB_WORKERS (processes) can grow, and so can the number of machines.
"""

import logging
import os
import sys

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("ITA_WEB_WORKERS", "1"))
threads = int(os.environ.get("ITA_THREADS", "8"))
worker_class = "gthread"
timeout = 30
graceful_timeout = 20
accesslog = None
logger_class = "cli.gunicorn_logging.PrivateLogger"  # no client address in "Invalid request" warnings
errorlog = "-"
loglevel = os.environ.get("ITA_LOG_LEVEL", "info")
OUR_PACKAGES = ("app", "bot", "cli", "common", "demo", "handlers", "sheets", "state", "templates")


def post_fork(server: object, worker: object) -> None:
    """The bot's own log lines (of our packages) to stderr, with the thread, which names the office of background work.

    Without this only warnings reached stderr, through Python's last-resort handler, with no time or level.
    (Not gunicorn's logconfig_dict: it would switch on access logs, which hold client IP addresses.)
    """
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(
        "[%(asctime)s] [%(process)d] [%(levelname)s] %(name)s (%(threadName)s): %(message)s", "%Y-%m-%d %H:%M:%S %z"))
    for name in OUR_PACKAGES:
        logger = logging.getLogger(name)
        logger.addHandler(handler)
        logger.setLevel(loglevel.upper())
        logger.propagate = False


def on_starting(server: object) -> None:
    """Import the bot's code in the master before the port opens (3–4 s, mostly line-bot-sdk's models).

    The port then opens only when a worker can answer within moments: a probe meanwhile is refused at once
    instead of waiting seconds in the backlog, and the forked workers share the imported code.
    """
    import app  # noqa: F401
