# Production image: `ita-bot serve` (gunicorn) on port 8000, state under /data.
FROM python:3.11-slim-bookworm
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-thai-tlwg libreoffice-writer-nogui \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 10001 ita \
 && mkdir /data && chown ita /data
WORKDIR /app
RUN pip install --no-cache-dir uv==0.13.9
COPY pyproject.toml uv.lock README.md ./
COPY app.py ./
COPY bot ./bot
COPY cli ./cli
COPY common ./common
COPY demo ./demo
COPY documents ./documents
COPY handlers ./handlers
COPY sheets ./sheets
COPY state ./state
COPY templates ./templates
RUN UV_PYTHON_DOWNLOADS=never uv sync --locked --no-dev
ENV PATH="/app/.venv/bin:$PATH" ITA_DATA_DIR=/data PORT=8000 PYTHONUNBUFFERED=1
USER ita
VOLUME /data
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request as u; u.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"
CMD ["ita-bot", "serve"]
