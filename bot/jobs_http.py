"""POST /jobs/NAME for a cloud scheduler: Bearer ITA_JOBS_TOKEN; off (404) when the token is unset."""

from __future__ import annotations

import hmac
from datetime import date
from typing import Any

from flask import Blueprint, jsonify, request

from bot.jobs import JOB_NAMES, JobRunner

EARLIEST, LATEST = date(2000, 1, 1), date(2200, 12, 31)


def jobs_blueprint(runner: JobRunner | None, token: str) -> Blueprint:
    blueprint = Blueprint("jobs", __name__)

    @blueprint.post("/jobs/<name>")
    def run_job(name: str) -> Any:
        if not token or runner is None:
            return jsonify({"error": "jobs endpoint is off"}), 404
        sent = request.headers.get("Authorization", "")
        if not hmac.compare_digest(sent.encode(), f"Bearer {token}".encode()):
            return jsonify({"error": "unauthorized"}), 401
        if name not in JOB_NAMES:
            return jsonify({"error": "unknown job", "jobs": list(JOB_NAMES)}), 404
        try:
            day = date.fromisoformat(request.args["date"]) if "date" in request.args else None
        except ValueError:
            return jsonify({"error": "date must be YYYY-MM-DD"}), 400
        if day is not None and not EARLIEST <= day <= LATEST:  # periods are computed around the day
            return jsonify({"error": f"date must be between {EARLIEST} and {LATEST}"}), 400
        report = runner.run(name, day, dry_run=request.args.get("dry_run") == "1")
        return jsonify({"job": report.job, "period": report.period, "result": report.result,
                        "messages": len(report.posts), "ran": report.ran})

    return blueprint
