"""gunicorn settings for ``ita-bot serve``: by default one process with several threads.

Each process runs its own event workers, flusher and scheduler; with ITA_STATE_URL=redis://… they
share state, so ITA_WEB_WORKERS (processes) can grow, and so can the number of machines.
"""

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("ITA_WEB_WORKERS", "1"))
threads = int(os.environ.get("ITA_THREADS", "8"))
worker_class = "gthread"
timeout = 30
graceful_timeout = 20
accesslog = None
errorlog = "-"
loglevel = os.environ.get("ITA_LOG_LEVEL", "info")
