"""``var/demo.env`` holds the demo's token and secret key: 0600 from the start, gone however the demo stops."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
from pathlib import Path

import pytest
import requests

from cli.demo_env import private_env_file
from tests.fakes.processes import ITA_BOT, free_port


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_the_demo_keeps_its_secrets_private_and_removes_them_when_stopped(tmp_path: Path,
                                                                          stop: signal.Signals) -> None:
    data_dir = tmp_path / "var"
    data_dir.mkdir()
    (data_dir / "demo.env").write_text("ITA_SECRET_KEY=left-by-a-killed-demo\n", encoding="utf-8")
    (data_dir / "demo.env").chmod(0o644)
    port = free_port()
    env = {**os.environ, "ITA_DATA_DIR": str(data_dir), "PORT": str(port)}
    process = subprocess.Popen([ITA_BOT, "demo"], env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        assert any("/simulator" in line for line in process.stdout), "the demo never said it was ready"
        assert requests.get(f"http://127.0.0.1:{port}/healthz", timeout=10).status_code == 200
        demo_env = data_dir / "demo.env"
        assert stat.S_IMODE(demo_env.stat().st_mode) == 0o600
        assert "left-by-a-killed-demo" not in demo_env.read_text(encoding="utf-8")
    finally:
        process.send_signal(stop)
        out, _ = process.communicate(timeout=60)
    assert process.returncode == 0 and "หยุดแล้ว" in out
    assert not (data_dir / "demo.env").exists()


def test_an_error_inside_removes_the_file_too(tmp_path: Path) -> None:
    path = tmp_path / "demo.env"
    with pytest.raises(RuntimeError), private_env_file(path, {"ITA_SECRET_KEY": "s"}):
        assert path.read_text(encoding="utf-8") == "ITA_SECRET_KEY=s\n"
        raise RuntimeError("the server failed")
    assert not path.exists()
