"""A tiny public web site on loopback for link checks: pages that open, a 404, a HEAD-refusing server, a redirect."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, Response, redirect, request

from tests.fakes.servers import serve


def site() -> Flask:
    app = Flask("web-pages")

    @app.route("/oit/<item>", methods=["GET", "HEAD"])
    def page(item: str) -> Response:
        body = f"<h1>OIT {item}</h1><p>{'ประกาศและข้อมูลที่หน่วยงานเผยแพร่ต่อสาธารณะตามแบบตรวจ OIT ' * 4}</p>"
        return Response(body, mimetype="text/html")

    @app.route("/get-only", methods=["GET", "HEAD"])
    def get_only() -> Response:
        return Response("", status=405) if request.method == "HEAD" else Response("ok")

    @app.route("/moved", methods=["GET", "HEAD"])
    def moved() -> Response:
        return redirect("/oit/o1", code=301)  # type: ignore[return-value]

    @app.route("/broken", methods=["GET", "HEAD"])
    def broken() -> Response:
        return Response("", status=500)

    return app


@contextmanager
def web_site() -> Iterator[str]:
    """The site's base URL while the block runs."""
    served = serve(site())
    try:
        yield served.url
    finally:
        served.stop()
