"""The meeting dashboard served by ``consultkit dashboard`` (Voilà), loaded in headless Chromium."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from consultkit.cli.dashboard import NOTEBOOK, voila_command

CHROMIUM = Path("/usr/bin/chromium")
OUTPUT = Path(__file__).resolve().parent / "output"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def _playwright():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    return sync_playwright


def test_voila_command_serves_the_dashboard_notebook():
    cmd = voila_command(NOTEBOOK, 9999, open_browser=False)
    assert NOTEBOOK.is_file() and cmd[1:4] == ["-m", "voila", str(NOTEBOOK)]
    assert "--port=9999" in cmd and "--no-browser" in cmd and "--Voila.ip=127.0.0.1" in cmd


def test_dashboard_command_refuses_a_folder_without_manifest(tmp_path):
    from click.testing import CliRunner

    from consultkit.cli import main

    result = CliRunner().invoke(main, ["dashboard", str(tmp_path), "--no-browser"])
    assert result.exit_code == 1 and "thiếu tệp consultation.toml" in result.output


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_server(url: str, proc: subprocess.Popen, timeout: float = 90) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise AssertionError(f"the dashboard server stopped with status {proc.returncode}")
        try:
            with urllib.request.urlopen(url + "api", timeout=2):
                return
        except urllib.error.HTTPError:
            return                                 # the server answers
        except (urllib.error.URLError, OSError):
            time.sleep(0.5)
    raise AssertionError(f"the dashboard server did not answer on {url} in {timeout} s")


def _server_down(url: str, timeout: float = 20) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            urllib.request.urlopen(url + "api", timeout=1).close()
        except urllib.error.HTTPError:
            pass                                   # still answering
        except (urllib.error.URLError, OSError):
            return True
        time.sleep(0.5)
    return False


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.is_file(),
                    reason="Chromium is not installed at /usr/bin/chromium: run 'make system-deps'")
def test_dashboard_renders_charts_with_the_consultation_numbers(workspace):
    assert _playwright() is not None, "the playwright package (a dev dependency) is not installed"
    from consultkit.workspace import open_consultation

    roster = open_consultation(workspace).roster
    units = int((~roster["placeholder"]).sum())
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    log = OUTPUT / "dashboard-server.log"
    OUTPUT.mkdir(exist_ok=True)
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-c", "from consultkit.cli import main; main()", "dashboard",
             str(workspace), "--port", str(port), "--no-browser"],
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_for_server(url, proc)
        with _playwright()() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            try:
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.goto(url, timeout=180_000)
                page.wait_for_function(
                    "document.querySelectorAll('.js-plotly-plot').length >= 6", timeout=180_000)
                page.wait_for_timeout(1500)      # let the last figures finish drawing
                plots = page.evaluate("""() => Array.from(document.querySelectorAll('.js-plotly-plot'))
                    .map(el => ({n: (el.data || []).length,
                                 title: (el.layout && el.layout.title && el.layout.title.text) || '',
                                 traces: el.querySelectorAll('.trace, .hm, .indicatorlayer text, .treemaplayer .slice').length,
                                 data: (el.data || []).map(t => ({type: t.type, value: t.value,
                                         title: t.title && t.title.text}))}))""")
                body = page.evaluate("document.body.textContent")
                # Voilà scrolls an inner box, not the page: grow the window to show it all
                height = page.evaluate("""() => {
                    const boxes = Array.from(document.querySelectorAll('.js-plotly-plot'));
                    const scroller = Array.from(document.querySelectorAll('*'))
                        .find(e => e.scrollHeight > e.clientHeight + 10) || document.documentElement;
                    return Math.max(...boxes.map(e => e.getBoundingClientRect().bottom))
                        + scroller.scrollTop + 60; }""")
                page.set_viewport_size({"width": 1400, "height": min(int(height) + 40, 12000)})
                page.wait_for_timeout(1000)
                page.screenshot(path=str(OUTPUT / "dashboard.png"), full_page=True)
            finally:
                browser.close()
    finally:
        proc.send_signal(signal.SIGTERM)          # the command alone: it must stop Voilà too
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            pass
        stopped = _server_down(url)
        try:
            os.killpg(proc.pid, signal.SIGKILL)   # whatever is left of the group
        except ProcessLookupError:
            pass
        proc.wait()
    assert stopped, "Voilà kept running after 'consultkit dashboard' was stopped"
    seen = [(p["title"], p["n"], p["traces"]) for p in plots]
    assert len(plots) >= 6, seen
    assert not [s for s in seen if s[1] and not s[2]], seen              # drawn, not just sent
    by_title = {p["title"].split(" (")[0]: p for p in plots}
    assert by_title["Số liệu chính"]["n"] == 6 and by_title["Tỷ lệ đơn vị đã trả lời theo nhóm"]["n"] > 0
    titles = " | ".join(p["title"] for p in plots)
    assert "Tỷ lệ đơn vị đã trả lời theo nhóm" in titles and "Tình hình xử lý ý kiến" in titles
    indicators = {t["title"]: t["value"] for p in plots for t in p["data"] if t["type"] == "indicator"}
    assert indicators["Đơn vị được xin ý kiến"] == units
    comments = open_consultation(workspace).comments        # as the page's kernel ingested them
    received = int((comments["duplicate_of"] == "").sum())
    assert indicators["Ý kiến đã nhận"] == received
    if received:
        assert by_title["Số ý kiến theo điều khoản"]["n"] > 0
    assert "Đơn vị được xin ý kiến" in body and str(units) in body
    assert "open_consultation" not in body                             # no code on the page
    assert (OUTPUT / "dashboard.png").stat().st_size > 10_000
