"""ita-bot speaks Thai in its help and errors: none of click's English, no summary cut short."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from cli.main import main

ENGLISH = ("Usage:", "Options:", "Commands:", "Show this message and exit.", "Error:", "Missing argument",
           "Try '", "[OPTIONS]", "COMMAND [ARGS]", "[required]", "TEXT", "FILE", "PATH", "INTEGER", "FLOAT",
           "DIRECTORY", "BOOLEAN", "FILENAME", "default:", "env var:")


def commands_of(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in group.commands.items():
        found.append((*prefix, name))
        if isinstance(command, click.Group):
            found += commands_of(command, (*prefix, name))
    return found


def test_the_top_help_lists_every_command_in_thai_with_whole_summaries() -> None:
    result = CliRunner().invoke(main, ["--help"], prog_name="ita-bot", terminal_width=100)
    assert result.exit_code == 0
    assert not [word for word in ENGLISH if word in result.output], result.output
    assert "วิธีใช้: ita-bot [ตัวเลือก] คำสั่ง [อาร์กิวเมนต์]..." in result.output
    listed = [line.split()[0] for line in result.output.split("คำสั่ง:\n", 1)[1].splitlines() if line.startswith("  ")
              and not line.startswith("   ")]
    assert sorted(listed) == sorted(main.commands), "the same commands as the command tree"
    assert "..." not in result.output.split("คำสั่ง:\n", 1)[1] and "…" not in result.output


@pytest.mark.parametrize("path", commands_of(main))
def test_every_help_page_is_thai(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(main, [*path, "--help"], terminal_width=100)
    assert result.exit_code == 0 and "แสดงวิธีใช้นี้แล้วจบ" in result.output
    assert not [word for word in ENGLISH if word in result.output], result.output


@pytest.mark.parametrize(("args", "thai"), [
    (["jobs", "run"], "ข้อผิดพลาด: ขาดอาร์กิวเมนต์ 'ชื่องาน'"),
    (["jobs", "run", "nope"], "ไม่อยู่ในรายการ"),
    (["no-such-command"], "ข้อผิดพลาด: ไม่มีคำสั่ง 'no-such-command'"),
    (["state", "migrate"], "ขาดอาร์กิวเมนต์ 'REDIS_URL'"),
    (["jobs", "run", "oit-monthly", "--date"], "ตัวเลือก '--date' ต้องมีค่าตามหลัง"),
])
def test_usage_errors_are_thai(args: list[str], thai: str) -> None:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2 and thai in result.output, result.output
    assert not [word for word in ENGLISH if word in result.output], result.output


@pytest.mark.parametrize("args", [["outbox", "flush"], ["oit", "check"], ["state", "migrate", "redis://127.0.0.1:1/0"]])
def test_commands_that_open_the_sealed_state_ask_for_the_key_in_thai(args: list[str], tmp_path: Path) -> None:
    env = {"ITA_STORE": "local", "ITA_DATA_DIR": str(tmp_path / "var"), "ITA_SECRET_KEY": ""}
    result = CliRunner().invoke(main, args, env=env)
    assert result.exit_code == 1 and "ต้องตั้ง ITA_SECRET_KEY" in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
