"""`make demo` in one terminal, `ita-bot jobs run weekly-digest --demo` in another: the digest in the simulator."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

from playwright.sync_api import Browser, expect

from tests.fakes.processes import ITA_BOT, free_port


def test_weekly_digest_appears_in_the_staff_group_view(browser: Browser, tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "ITA_DATA_DIR": str(tmp_path / "var"), "PORT": str(port)}
    demo = subprocess.Popen([ITA_BOT, "demo"], env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert demo.stdout is not None
        for line in demo.stdout:
            if "/simulator" in line:
                break
        job = subprocess.run([ITA_BOT, "jobs", "run", "weekly-digest", "--demo"], env=env, capture_output=True,
                             text=True, timeout=120)
        assert job.returncode == 0 and "ส่งแล้ว 1 ข้อความ" in job.stdout, job.stdout + job.stderr
        page = browser.new_page(viewport={"width": 420, "height": 860})
        page.goto(f"http://127.0.0.1:{port}/simulator")
        page.select_option("#persona", label="กลุ่ม LINE เจ้าหน้าที่ (ดูอย่างเดียว)")
        digest = page.locator(".flex-bubble").last
        expect(digest).to_contain_text("สรุปประจำสัปดาห์", timeout=15000)
        expect(digest).to_contain_text("มาตรการเกินกำหนด (ตามหน่วยงาน)")
        expect(page.locator("#composer")).to_be_hidden()
        page.close()
    finally:
        demo.send_signal(signal.SIGINT)
        demo.communicate(timeout=30)
