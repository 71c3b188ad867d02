"""Coverage-guided fuzzing with atheris, for longer runs than the hypothesis tests in `make test`.

    make fuzz                      # both targets, 60 s each
    .venv/bin/python -m bench.fuzz webhook -max_total_time=600
Targets: `webhook` (signed and unsigned bodies: the answer must be 200, 400 or 413, never 5xx) and
`sheet` (any table for any tab parses into records and problems, never an exception).
"""

from __future__ import annotations

import logging
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from app import create_app, runtime_of
    from common.config import Config
    from sheets.schema import TABS
    from sheets.workbook import parse_tab
    from tests.fakes.line_events import sign

SECRET = "f" * 32


def sheet_target(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    tab = TABS[provider.ConsumeIntInRange(0, len(TABS) - 1)]
    rows = [[provider.PickValueInList([None, provider.ConsumeUnicodeNoSurrogates(12), provider.ConsumeInt(4),
                                       provider.ConsumeFloat()]) for _ in range(provider.ConsumeIntInRange(0, 14))]
            for _ in range(provider.ConsumeIntInRange(0, 5))]
    parse_tab(tab, [list(tab.headers), *rows] if provider.ConsumeBool() else rows)


def webhook_target() -> object:
    folder = Path(tempfile.mkdtemp(prefix="ita-fuzz-"))
    config = Config(workbook_path=folder / "none.xlsx", data_dir=folder, line_channel_secret=SECRET,
                    line_access_token="t", line_api_host="http://127.0.0.1:9", secret_key="k" * 32)
    app = create_app(config, flush_interval=None, sync_interval=None, scheduler=False)
    client = app.test_client()

    def target(data: bytes) -> None:
        provider = atheris.FuzzedDataProvider(data)
        signed = provider.ConsumeBool()
        body = provider.ConsumeBytes(provider.ConsumeIntInRange(0, 4096))
        unsigned = "".join(ch for ch in provider.ConsumeUnicodeNoSurrogates(44) if " " <= ch <= "~")  # HTTP-legal
        headers = {"X-Line-Signature": sign(SECRET, body) if signed else unsigned}
        status = client.post("/callback", data=body, headers=headers).status_code
        if status not in (200, 400, 413):
            raise AssertionError(f"webhook answered {status}")
        runtime_of(app).events.wait_idle()

    return target


def main() -> None:
    logging.disable(logging.WARNING)
    name = sys.argv[1] if len(sys.argv) > 1 else "webhook"
    target = sheet_target if name == "sheet" else webhook_target()
    atheris.Setup([sys.argv[0], *sys.argv[2:]], target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
