"""`ita-bot demo` names the port it really uses (PORT), in its help and when that port is taken."""

from __future__ import annotations

import socket
from pathlib import Path

from click.testing import CliRunner

from cli.main import main


def test_a_taken_port_is_named_and_another_one_suggested(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["demo"], env={"ITA_DATA_DIR": str(tmp_path / "var"), "PORT": str(port)})
    assert result.exit_code == 1
    assert f"พอร์ต {port} ถูกใช้อยู่ ลองใหม่ด้วย PORT={port + 1} make demo" in result.output


def test_the_help_says_the_port_comes_from_port() -> None:
    result = CliRunner().invoke(main, ["demo", "--help"], terminal_width=200)
    assert "127.0.0.1:<PORT>/simulator" in result.output and "127.0.0.1:8000" not in result.output
