"""gunicorn settings for ``ita-bot serve``: one process (the outbox flusher and event queue live in it),
several threads. Scale out with many instances only once state moves to Redis."""

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = 1
threads = int(os.environ.get("ITA_THREADS", "8"))
worker_class = "gthread"
timeout = 30
graceful_timeout = 20
accesslog = None
errorlog = "-"
loglevel = os.environ.get("ITA_LOG_LEVEL", "info")
