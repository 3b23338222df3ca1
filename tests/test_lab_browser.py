"""The workbench as a drafter meets it: JupyterLab started by the README command, notebooks
01–03 and 06 run in headless Chromium (Playwright), each view clicked through.

The notebooks and the workspace are copies (tmp_path), so running them in the browser writes
no outputs into notebooks/ and nothing into data/. Screenshots go to tests/output/.
Asserted on what is visible: no "Error displaying widget", no traceback, no English label on
the views, and counts that agree between views.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import BUNDLED, ROOT

CHROMIUM = Path("/usr/bin/chromium")
OUTPUT = Path(__file__).resolve().parent / "output"
TOKEN = "consultkit-browser"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
#: labels an English-speaking toolkit would show; none may appear on our views
ENGLISH = {"save", "reload", "next", "previous", "prev", "filter", "select", "all", "none", "status",
           "clause", "unit", "stance", "comment", "comments", "error", "loading", "submit", "cancel",
           "delete", "edit", "insert", "repeal", "draft", "new", "old", "search", "changes"}


def _playwright():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    return sync_playwright


pytestmark = [
    pytest.mark.browser, pytest.mark.notebook,
    pytest.mark.skipif(not CHROMIUM.is_file(),
                       reason="Chromium is not installed at /usr/bin/chromium: run 'make system-deps'"),
    pytest.mark.skipif(_playwright() is None, reason="the playwright package is not installed"),
    pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab on copies of the notebooks and the workspace, started with `make lab`."""
    tmp = tmp_path_factory.mktemp("lab")
    workspace = tmp / "ws"
    shutil.copytree(BUNDLED, workspace, ignore=shutil.ignore_patterns("*.sqlite*", "exports"))
    # a workspace with notebooks of its own: `consultkit lab` serves those (copies, so
    # running them in the browser writes nothing into the repository)
    shutil.copytree(ROOT / "notebooks", workspace / "notebooks")
    port = _free_port()
    log = open(tmp / "lab.log", "w")
    # no "Would you like to get notified about official Jupyter news?" over the views
    settings = tmp / "lab-settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text('{"fetchNews": "false"}',
                                                               encoding="utf-8")
    # every cell in the page (JupyterLab 4 otherwise renders only the cells in view)
    tracker = tmp / "lab-settings" / "@jupyterlab" / "notebook-extension"
    tracker.mkdir(parents=True)
    (tracker / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}', encoding="utf-8")
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
           "JUPYTERLAB_WORKSPACES_DIR": str(tmp / "lab-workspaces"),
           "JUPYTERLAB_SETTINGS_DIR": str(tmp / "lab-settings"),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    proc = subprocess.Popen(
        ["make", "--no-print-directory", "lab", f"PORT={port}", f"WORKSPACE={workspace}",
         f"LAB_ARGS=--no-browser --ServerApp.token={TOKEN}"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(f"{base}/api/contents?token={TOKEN}", timeout=5) as r:
                if r.status == 200:
                    break
        except (urllib.error.URLError, OSError):
            time.sleep(0.5)
    else:
        raise AssertionError((tmp / "lab.log").read_text()[-3000:])
    OUTPUT.mkdir(exist_ok=True)
    with _playwright()() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield {"base": base, "browser": browser, "workspace": workspace}
        finally:
            browser.close()
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
            log.close()


def _run_notebook(lab, name: str):
    """Open ``name`` in JupyterLab, run all its cells, wait for the kernel; return the page."""
    page = lab["browser"].new_page(viewport={"width": 1500, "height": 1100})
    page.set_default_timeout(120_000)
    # a workspace of its own, reset: only this notebook open
    page.goto(f"{lab['base']}/lab/workspaces/{name.split('_')[0]}/tree/{name}?reset&token={TOKEN}",
              timeout=180_000)
    page.wait_for_selector(".jp-Notebook .jp-Cell", state="attached", timeout=180_000)
    page.wait_for_function("() => /Idle/.test(document.body.innerText)", timeout=180_000)
    page.click(".lm-MenuBar-item >> text=Run")
    page.click(".lm-Menu-item >> text=Run All Cells")
    # done when the first code cell has run, no cell is running or waiting ([*]) and the
    # kernel is idle (Run All stops at an error: the cells after it keep an empty prompt)
    try:
        page.wait_for_function("""() => {
            const prompts = Array.from(document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt'));
            return prompts.length > 0 && /\\[\\d+\\]/.test(prompts[0].textContent)
                && prompts.every(p => !p.textContent.includes('*'))
                && /Idle/.test(document.body.innerText);
        }""", timeout=600_000)
    finally:
        page.screenshot(path=str(OUTPUT / f"lab-{name.split('_')[0]}-last.png"))
    page.wait_for_timeout(1500)                         # widgets finish rendering
    return page


def _visible_problems(page) -> list[str]:
    text = _text(page)
    problems = [p for p in ("Error displaying widget", "Traceback (most recent call last)",
                            "Model not found") if p in text]
    errors = page.evaluate("""() => Array.from(document.querySelectorAll(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'))
        .map(e => e.innerText).filter(t => /Error|Traceback/.test(t))""")
    problems += [e[:300] for e in errors]
    labels = page.evaluate("""() => Array.from(document.querySelectorAll(
        '.jp-OutputArea .widget-label, .jp-OutputArea button, .jp-OutputArea .widget-toggle-button'))
        .map(e => e.innerText.trim()).filter(Boolean)""")
    english = [label for label in labels
               if re.fullmatch(r"[A-Za-z ]+", label) and set(label.lower().split()) & ENGLISH]
    return problems + [f"English label: {label}" for label in english]


def _text(page) -> str:
    """What the open notebook shows."""
    return page.locator(".jp-Notebook:visible").first.inner_text()


def _shot(page, name: str) -> None:
    page.screenshot(path=str(OUTPUT / f"lab-{name}.png"), full_page=False)


def test_tracker_in_jupyterlab(lab):
    page = _run_notebook(lab, "01_theo_doi_phan_hoi.ipynb")
    try:
        assert _visible_problems(page) == []
        text = _text(page)
        units = int(re.search(r"(\d+)\s+đơn vị được xin ý kiến", text).group(1))
        assert re.search(rf"Đang hiện {units}/{units} đơn vị", text), text[-2000:]
        button = page.locator("button:has-text('Viết công văn đôn đốc')").first
        assert button.evaluate("b => b.scrollWidth <= b.clientWidth + 1")   # label not cut
        assert page.locator("text=/ngày \\d\\d\\/\\d\\d\\/\\d{4}/").count() >= 1
        page.locator(".widget-dropdown select").nth(1).select_option(label="Cần đôn đốc")
        page.wait_for_timeout(800)
        assert int(re.search(r"Đang hiện (\d+)/", _text(page)).group(1)) < units
        _shot(page, "01-tracker")
    finally:
        page.close()


def test_diff_viewer_in_jupyterlab(lab):
    page = _run_notebook(lab, "02_so_sanh_dieu_khoan.ipynb")
    try:
        assert _visible_problems(page) == []
        changed = int(re.search(r"(\d+) có thay đổi", _text(page)).group(1))
        clause_list = page.locator(".widget-select select").first
        options = [o.replace("\xa0", " ") for o in clause_list.locator("option").all_inner_texts()]
        assert len(options) == changed and not any(o.startswith("Ghi chú") for o in options)
        diff = page.locator(".widget-html .ck-cmp").first          # the viewer's diff box
        first = diff.inner_text()
        page.locator("button:has-text('Sau ▶')").first.click()
        page.wait_for_timeout(800)
        assert page.locator(".widget-html .ck-cmp").first.inner_text() != first
        box = diff.bounding_box()
        holder = page.locator(".widget-html:has(.ck-cmp)").first.bounding_box()
        assert box["x"] + box["width"] <= holder["x"] + holder["width"] + 1   # right border shown
        # the side-by-side table is left-aligned in JupyterLab
        align = page.evaluate("getComputedStyle(document.querySelector('.ck-cmp td')).textAlign")
        assert align in ("left", "start")
        # the history table shows Vietnamese headers, no index column, no "rows × columns"
        text = _text(page)
        assert "rows ×" not in text and "id:hien-hanh" not in text and "Số hiệu ở" in text
        _shot(page, "02-diff-viewer")
    finally:
        page.close()


def test_triage_in_jupyterlab(lab):
    page = _run_notebook(lab, "03_xu_ly_gop_y.ipynb")
    try:
        assert _visible_problems(page) == []
        units = [u.replace("\xa0", " ") for u in  # ipywidgets shows options with no-break spaces
                 page.locator(".widget-dropdown:has-text('Đơn vị:') select option").all_inner_texts()]
        assert "Bệnh viện K" in units and "Benh vien K" not in units
        assert not any(u.isupper() for u in units)
        comments = page.get_by_label("Ý kiến:", exact=True)
        assert "Chọn một ý kiến" in _text(page)
        first = comments.locator("option").nth(0).get_attribute("value")
        comments.select_option(first)
        page.wait_for_timeout(800)
        page.get_by_label("Xử lý:", exact=True).select_option(label="Tiếp thu")
        page.get_by_label("Tiếp thu, giải trình:", exact=True).fill("Tiếp thu, đã chỉnh sửa tại dự thảo.")
        page.locator("button:text-is('Lưu')").first.click()
        page.wait_for_selector("text=/Đã lưu ý kiến của/")
        _shot(page, "03-triage")
    finally:
        page.close()


def test_drafting_in_jupyterlab(lab):
    page = _run_notebook(lab, "06_soan_du_thao.ipynb")
    try:
        assert _visible_problems(page) == []
        combo = page.get_by_label("Điều khoản:", exact=True).first
        combo.fill("IV.1.1")
        combo.press("Enter")
        page.wait_for_selector("text=/Sửa tiểu mục 1.1/")
        text = page.get_by_label("Nội dung mới:", exact=True).first
        text.fill("Tiêu chí tại Mục này áp dụng đối với mọi cơ sở khám bệnh, chữa bệnh.")
        page.locator("button:has-text('Lưu chỉnh sửa')").first.click()
        page.wait_for_selector("text=/Đã lưu: sửa nội dung/")
        page.locator("button:has-text('Lưu thành dự thảo mới')").first.click()
        page.wait_for_selector("text=/Đã lưu dự thảo mới/")
        assert (lab["workspace"] / "versions" / "du-thao-3.docx").is_file()
        _shot(page, "06-drafting")
    finally:
        page.close()
