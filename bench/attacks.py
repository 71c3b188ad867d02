"""The attacks of ``make attack``, each against a real ``ita-bot serve`` behind the shipped nginx, on loopback.

Each returns (what held, the figure) or raises AssertionError with what did not hold. Addresses are taken
from 127.0.0.0/8 (Linux routes all of it to lo), so "other addresses" are real source addresses.
"""

from __future__ import annotations

import io
import itertools
import socket
import time
from dataclasses import dataclass
from pathlib import Path

import requests

from demo.line_fake import LineApiFake
from tests.fakes.front_server import FrontServer, csrf_token, slow_clients, visitor
from tests.fakes.line_events import body_of, sign, text_event
from tests.fakes.photos import PHONE_MAKE, jpeg_with_gps
from tests.fakes.processes import BotProcess, eventually

CANARY = "คานารี-โจมตี-4471"


@dataclass
class Target:
    bot: BotProcess
    front: FrontServer
    line: LineApiFake
    data_dir: Path
    secret: str
    jobs_token: str
    officers: str

    def form(self, address: str, path: str = "/complaint") -> tuple[requests.Session, str]:
        session = visitor(address)
        return session, csrf_token(session, self.front.url + path)


_SENT = itertools.count(1)


def complaint(token: str, details: str = "") -> dict[str, str]:
    """A complaint of its own each time: the same form sent again from one browser is the first case again."""
    details = details or f"มีการเรียกรับเงิน ({next(_SENT)})"
    return {"csrf_token": token, "category": "เรียกรับเงิน/ของขวัญ", "details": details, "accused": "",
            "place": "", "incident_date": ""}


def refused_posts(target: Target, count: int) -> str:
    """Posts refused for a bad attachment, and posts refused by the visitor's limit, all with photos."""
    big = jpeg_with_gps(1400)
    sent = 0
    for n in range(count):
        session, token = target.form(f"127.0.2.{n % 200 + 1}")
        files = [("photos", ("a.jpg", io.BytesIO(big))), ("photos", ("b.jpg", io.BytesIO(big))),
                 ("photos", ("c.txt", io.BytesIO(b"not a photo")))]
        response = session.post(target.front.url + "/complaint", data=complaint(token), files=files, timeout=60)
        assert response.status_code == 400, f"refused post answered {response.status_code}"
        sent += 2 * len(big)
    session, token = target.form("127.0.3.1")
    for _ in range(5):
        assert session.post(target.front.url + "/complaint", data=complaint(token), timeout=30).status_code == 200
    over = session.post(target.front.url + "/complaint", data=complaint(token), timeout=60,
                        files=[("photos", ("a.jpg", io.BytesIO(big)))])
    assert over.status_code == 429, f"the visitor's 6th filing answered {over.status_code}"
    folder = target.data_dir / "attachments"
    left = len(list(folder.iterdir())) if folder.exists() else 0
    assert left == 0, f"{left} files left"
    return f"files left by {count + 1} refused posts: {left} ({sent / 2**20:.0f} MB of photos sent)"


def wrong_guesses(target: Target, count: int) -> str:
    citizen, token = target.form("127.0.4.1")
    page = citizen.post(target.front.url + "/complaint", data=complaint(token), timeout=30).text
    receipt = page.split('id="receipt">', 1)[1].split("<", 1)[0]
    guessers = max(1, count // 10)
    for g in range(guessers):
        session, status_token = target.form(f"127.0.{5 + g // 250}.{g % 250 + 1}", "/status")
        for n in range(10):
            session.post(target.front.url + "/status", data={"csrf_token": status_token,
                                                              "receipt": f"{g:05d}{n:05d}"}, timeout=30)
    throttled = session.post(target.front.url + "/status", data={"csrf_token": status_token,
                                                                  "receipt": "ZZZZZZZZZZ"}, timeout=30)
    assert throttled.status_code == 429, "a guesser past 10 wrong receipts is throttled"
    token = csrf_token(citizen, target.front.url + "/status")
    mine = citizen.post(target.front.url + "/status", data={"csrf_token": token, "receipt": receipt}, timeout=30)
    assert mine.status_code == 200, f"the citizen's valid receipt answered {mine.status_code}"
    return f"a citizen's valid receipt after {guessers * 10} wrong guesses from {guessers} other addresses: answered"


def slow_connections(target: Target, count: int) -> str:
    held = slow_clients(target.front.port, count)
    try:
        started = time.monotonic()
        response = requests.get(target.front.url + "/healthz", timeout=5)
        took = time.monotonic() - started
    finally:
        for sock in held:
            sock.close()
    assert response.status_code == 200 and took < 1.0, f"/healthz took {took:.2f} s"
    return f"/healthz with {count} slow clients connected (through nginx): answered in {took * 1000:.0f} ms"


def photo_metadata(target: Target) -> str:
    session, token = target.form("127.0.7.1")
    response = session.post(target.front.url + "/complaint", data=complaint(token), timeout=30,
                            files=[("photos", ("gps.jpg", io.BytesIO(jpeg_with_gps())))])
    assert response.status_code == 200
    kept = list((target.data_dir / "attachments").iterdir())
    assert kept and all(PHONE_MAKE.encode() not in path.read_bytes() for path in kept), "EXIF survived"
    modes = {oct(path.stat().st_mode & 0o777) for path in kept}
    assert modes == {"0o600"}, modes
    return f"a photo with GPS and phone model: stored without them ({len(kept)} file, mode 0600)"


def edges(target: Target) -> str:
    url = target.front.url
    session, token = target.form("127.0.8.1")
    foreign = session.post(url + "/complaint", data=complaint(token), headers={"Origin": "https://evil.example"},
                           timeout=10)
    assert foreign.status_code == 403, f"foreign Origin answered {foreign.status_code}"
    page = session.get(url + "/status", timeout=10)
    cookie = requests.get(url + "/complaint", timeout=10).headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie, cookie
    assert page.headers.get("X-Content-Type-Options") == "nosniff"
    assert "frame-ancestors 'none'" in page.headers.get("Content-Security-Policy", "")
    bodies = [b'{"events": [' + b"[" * 1000 + b"]" * 1000 + b"]}",
              body_of(text_event("U" + "a" * 32, "x", "r" * 32, 2**70))]
    for body in bodies:
        status = requests.post(url + "/callback", data=body, timeout=10,
                               headers={"X-Line-Signature": sign(target.secret, body)}).status_code
        assert status == 400, f"a malformed signed body answered {status}"
    job = requests.post(url + "/jobs/weekly-digest?date=9999-12-31", timeout=10,
                        headers={"Authorization": f"Bearer {target.jobs_token}"})
    assert job.status_code == 400, f"date 9999-12-31 answered {job.status_code}"
    return "foreign Origin 403; cookie HttpOnly+SameSite=Lax; nosniff; CSP; malformed signed bodies 400; date 400"


def at_rest(target: Target) -> str:
    session, token = target.form("127.0.9.1")
    assert session.post(target.front.url + "/complaint", data=complaint(token, CANARY), timeout=30).status_code == 200
    assert eventually(lambda: requests.get(target.bot.url + "/healthz", timeout=10).json()["outbox_depth"] == 0,
                      timeout=60), "the outbox did not drain into the workbook"
    holding = [p.name for p in target.data_dir.glob("*.sqlite3*") if CANARY.encode() in p.read_bytes()]
    assert not holding, f"complaint text still in {holding}"
    modes = {p.name: oct(p.stat().st_mode & 0o777) for p in target.data_dir.iterdir() if p.is_file()}
    assert set(modes.values()) == {"0o600"}, modes
    assert oct(target.data_dir.stat().st_mode & 0o777) == "0o700"
    return "complaint text in state files once in the sheet: none; state files 0600 in a 0700 folder"


def officer_pushes(target: Target) -> str:
    pushes = len(target.line.messages_to(target.officers))
    assert pushes <= 2, f"{pushes} pushes to the officers' group"
    return f"officers' group pushes for every web filing of this run: {pushes} (one, then a digest every 5 min)"


def logs(target: Target) -> str:
    with socket.create_connection(("127.0.0.1", target.bot.port), source_address=("127.0.10.9", 0)) as sock:
        sock.sendall(b"NOT A REQUEST\r\n\r\n")
        sock.recv(1024)
    assert eventually(lambda: any("Invalid request" in line for line in target.bot.log), timeout=30)
    text = "".join(target.bot.log)
    leaked = [word for word in ("127.0.10.9", "127.0.2.", "127.0.5.", CANARY) if word in text]
    assert not leaked, f"the log holds {leaked}"
    return f"server log ({len(target.bot.log)} lines): no client address, no complaint text"


def without_front_server(target: Target, count: int) -> str:
    """Not an attack that must hold: what the front server is for (gunicorn alone, its threads taken)."""
    held = slow_clients(target.bot.port, count)
    try:
        started = time.monotonic()
        try:
            status = str(requests.get(target.bot.url + "/healthz", timeout=2).status_code)
        except requests.RequestException:
            status = "no answer"
        took = time.monotonic() - started
    finally:
        for sock in held:
            sock.close()
    return (f"gunicorn alone with {count} slow clients: /healthz {status} after {took:.1f} s "
            "(why production runs behind deploy/nginx)")
