"""The common "LINE bot + Google Sheet" pattern, written honestly, to measure ourselves against.

A Flask webhook that, for every message, opens the sheet and reads it with gspread, answers with the
reply API before returning, appends each complaint synchronously, and keeps state in a dict. Same
libraries (line-bot-sdk, gspread, google-auth), same fakes, same gunicorn settings as ours.

    gunicorn --threads 8 'bench.naive_bot:create_app()'
"""

from __future__ import annotations

import os
import secrets
from datetime import datetime
from typing import Any

import gspread
from flask import Flask, abort, request
from google.auth.transport.requests import AuthorizedSession
from google.oauth2.service_account import Credentials
from linebot.v3 import WebhookHandler
from linebot.v3.exceptions import InvalidSignatureError
from linebot.v3.messaging import ApiClient, Configuration, MessagingApi, ReplyMessageRequest, TextMessage
from linebot.v3.webhooks import MessageEvent, TextMessageContent

from sheets.google_http import IAM_ORIGIN, SHEETS_ORIGIN, RebaseAdapter


def _sheet() -> gspread.Spreadsheet:
    """What the tutorials do: authorize and open the spreadsheet (the fake's URL is the only change)."""
    credentials = Credentials.from_service_account_file(os.environ["GOOGLE_APPLICATION_CREDENTIALS"],
                                                        scopes=["https://www.googleapis.com/auth/spreadsheets"])
    session = AuthorizedSession(credentials)
    session.mount(SHEETS_ORIGIN, RebaseAdapter(SHEETS_ORIGIN, os.environ["ITA_SHEETS_API_URL"]))
    session._auth_request.session.mount(IAM_ORIGIN, RebaseAdapter(IAM_ORIGIN, os.environ["ITA_SHEETS_API_URL"]))
    return gspread.Client(auth=credentials, session=session).open_by_key(os.environ["GOOGLE_SPREADSHEET_ID"])


def create_app() -> Flask:
    app = Flask(__name__)
    handler = WebhookHandler(os.environ["LINE_CHANNEL_SECRET"])
    line = MessagingApi(ApiClient(Configuration(host=os.environ["LINE_API_HOST"],
                                                access_token=os.environ["LINE_CHANNEL_ACCESS_TOKEN"])))
    conversations: dict[str, Any] = {}  # in-memory state: gone on restart, not shared between workers
    spreadsheet = _sheet()

    @app.post("/callback")
    def callback() -> str:
        try:
            handler.handle(request.get_data(as_text=True), request.headers.get("X-Line-Signature", ""))
        except InvalidSignatureError:
            abort(400)
        return "OK"

    @handler.add(MessageEvent, message=TextMessageContent)
    def on_text(event: MessageEvent) -> None:
        text = event.message.text.strip()
        conversations[event.source.user_id] = text
        if text.startswith("ร้องเรียน"):
            case_no = f"N-{secrets.token_hex(4)}"
            spreadsheet.worksheet("เรื่องร้องเรียน").append_row(
                [case_no, datetime.now().strftime("%d/%m/%Y %H:%M"), "LINE", "อื่น ๆ", text[9:].strip()])
            answer = f"รับเรื่องแล้ว เลขที่ {case_no}"
        else:
            rows = spreadsheet.worksheet("คะแนน").get_all_records()
            latest = max((row["ปีงบประมาณ"] for row in rows), default="-")
            answer = f"คะแนนปี {latest}: " + ", ".join(str(row["คะแนน"]) for row in rows if row["ปีงบประมาณ"] == latest)
        reply = ReplyMessageRequest(replyToken=event.reply_token, messages=[TextMessage(text=answer[:4900])])
        line.reply_message(reply)

    return app
