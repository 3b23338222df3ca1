"""Smoke test of the installed wheel, away from the checkout.

    python scripts/smoke_wheel.py                 # build the wheel, fresh venv, pip install it
    python scripts/smoke_wheel.py --wheel dist/consultkit-0.1.0-py3-none-any.whl
    python scripts/smoke_wheel.py --deps-from /path/to/site-packages   # offline, see below
    python scripts/smoke_wheel.py --editable      # the same steps on `pip install -e .`

What a new user does with the wheel alone, in a temporary folder outside the
repository, with nothing of the checkout on the path:

1. build the wheel (``python -m build --wheel``) unless ``--wheel`` is given;
2. create a fresh virtual environment (``python -m venv``, no system site-packages)
   and ``pip install`` the wheel into it with its dependencies from the registry;
3. check that ``consultkit`` is imported from that environment and that its data
   (province lists, example consultation, notebooks) are there;
4. run ``consultkit new vidu --example``, ``info``, ``ingest``, ``compare``
   (bảng so sánh .docx), ``report synthesis``, execute notebook ``00_bat_dau`` on a
   kernel of that environment, and serve ``consultkit lab`` once.

``--deps-from SITE`` (for machines without the registry): the wheel is installed
with ``--no-deps`` and the dependencies are taken from the site-packages folder
``SITE`` through a ``.pth`` line. Only that folder is added (its own ``.pth`` files,
such as an editable install of consultkit, are not run), and step 3 proves that
consultkit itself comes from the wheel. ``--editable`` installs the checkout with
``pip install -e`` instead and runs the same steps (consultkit then comes from the
checkout): an editable install and a wheel behave the same. Exit status 0 when every
step passed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "consultkit-smoke"


class SmokeFailure(Exception):
    pass


def run(cmd, *, cwd: Path, env: dict[str, str], timeout: int = 900) -> str:
    shown = " ".join(str(c) for c in cmd)
    print(f"$ {shown}", flush=True)
    done = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True,
                          encoding="utf-8", errors="replace", timeout=timeout)
    if done.returncode != 0:
        raise SmokeFailure(f"{shown} failed ({done.returncode}):\n{done.stdout[-3000:]}\n"
                           f"{done.stderr[-3000:]}")
    return done.stdout


def expect(condition: bool, what: str) -> None:
    if not condition:
        raise SmokeFailure(what)
    print(f"  ok: {what}", flush=True)


def build_wheel(out: Path) -> Path:
    run([sys.executable, "-m", "build", "--wheel", "--outdir", out, ROOT], cwd=ROOT,
        env=dict(os.environ))
    wheels = sorted(out.glob("consultkit-*.whl"))
    expect(len(wheels) == 1, f"one wheel built ({[w.name for w in wheels]})")
    return wheels[0]


def venv_paths(venv: Path) -> tuple[Path, Path]:
    scripts = venv / ("Scripts" if os.name == "nt" else "bin")
    suffix = ".exe" if os.name == "nt" else ""
    return scripts / f"python{suffix}", scripts / f"consultkit{suffix}"


def clean_env(home: Path) -> dict[str, str]:
    """This environment without anything that points into the checkout."""
    env = {k: v for k, v in os.environ.items()
           if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "CONSULTKIT_WORKSPACE",
                        "JUPYTER_PATH", "JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR"}}
    env.update(PYTHONIOENCODING="utf-8", PYTHONNOUSERSITE="1", JUPYTER_RUNTIME_DIR=str(home / "rt"),
               JUPYTER_DATA_DIR=str(home / "jupyter-data"), JUPYTER_CONFIG_DIR=str(home / "jupyter"),
               IPYTHONDIR=str(home / "ipython"), MPLCONFIGDIR=str(home / "mpl"))
    return env


def install(target: list, venv: Path, deps_from: Path | None, env: dict[str, str], work: Path) -> None:
    """pip install ``target`` (a wheel, or ``-e CHECKOUT``) into a new venv."""
    run([sys.executable, "-m", "venv", venv], cwd=work, env=env)
    python, _ = venv_paths(venv)
    if deps_from is None:
        run([python, "-m", "pip", "install", "--disable-pip-version-check", "--quiet", *target],
            cwd=work, env=env, timeout=3600)
        run([python, "-m", "pip", "check"], cwd=work, env=env)
        return
    run([python, "-m", "pip", "install", "--disable-pip-version-check", "--quiet", "--no-deps",
         *target], cwd=work, env=env)
    site = Path(run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                    cwd=work, env=env).strip())
    (site / "zz_smoke_dependencies.pth").write_text(f"{deps_from}\n", encoding="utf-8")


def check_import(python: Path, home: Path, env: dict[str, str], work: Path) -> None:
    """consultkit and its data come from ``home`` (the venv, or the checkout when editable)."""
    out = run([python, "-c", "import json, consultkit, consultkit.resources as r; print(json.dumps("
               "[consultkit.__file__, str(r.data_path('reference', 'provinces-2021-07-01.tsv')), "
               "str(r.example_workspace()), sorted(p.name for p in r.notebooks_dir().glob('*.ipynb'))]))"],
              cwd=work, env=env)
    module, provinces, example, notebooks = json.loads(out.strip().splitlines()[-1])
    inside = lambda p: Path(p).resolve().is_relative_to(home.resolve())  # noqa: E731
    expect(inside(module), f"consultkit imported from {home} ({module})")
    expect(inside(provinces) and inside(example), "reference lists and example consultation installed")
    expect("00_bat_dau.ipynb" in notebooks and "dashboard.ipynb" in notebooks, "notebooks installed")


def cli_steps(consultkit: Path, env: dict[str, str], work: Path) -> Path:
    run([consultkit, "new", "vidu", "--example"], cwd=work, env=env)
    ws = work / "vidu"
    expect((ws / "inbox" / "so-theo-doi-gop-y.xlsx").is_file() and
           (ws / "notebooks" / "00_bat_dau.ipynb").is_file(), "new --example copied inbox and notebooks")
    info = run([consultkit, "info", "vidu"], cwd=work, env=env)
    expect("18/06/2021" in info and "63 đơn vị" in info and "128 dòng" in info,
           "info: deadline 18/06/2021, 63 provincial departments from the packaged list, 128 units")
    ingest = run([consultkit, "ingest", "vidu"], cwd=work, env=env)
    expect((ws / "register.sqlite").is_file() and ingest.strip() != "", "ingest filled the register")
    run([consultkit, "compare", "vidu/versions/hien-hanh.md", "vidu/versions/du-thao-2.md",
         "--format", "table-docx", "-o", "bang-so-sanh.docx"], cwd=work, env=env)
    expect(zipfile.is_zipfile(work / "bang-so-sanh.docx"), "compare wrote bang-so-sanh.docx")
    run([consultkit, "report", "synthesis", "vidu", "-o", "tong-hop.docx"], cwd=work, env=env)
    with zipfile.ZipFile(work / "tong-hop.docx") as z:
        body = z.read("word/document.xml").decode("utf-8")
    expect("TIẾP THU" in body.upper() and "Sở Y tế" in body, "report synthesis wrote tong-hop.docx")
    return ws


NOTEBOOK_RUNNER = r'''
import sys, nbformat
from nbclient import NotebookClient
path = sys.argv[1]
nb = nbformat.read(path, as_version=4)
NotebookClient(nb, timeout=600, kernel_name="python3",
               resources={"metadata": {"path": str(__import__("pathlib").Path(path).parent)}}).execute()
errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
text = "\n".join(str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", ""))
                 for c in nb.cells if c.cell_type == "code" for o in c.outputs)
print("ERRORS" if errors else "NO-ERRORS")
print(text)
'''


def notebook_step(python: Path, ws: Path, env: dict[str, str], work: Path) -> None:
    runner = work / "run_notebook.py"
    runner.write_text(NOTEBOOK_RUNNER, encoding="utf-8")
    out = run([python, runner, ws / "notebooks" / "00_bat_dau.ipynb"], cwd=work,
              env={**env, "CONSULTKIT_WORKSPACE": str(ws)})
    expect(out.startswith("NO-ERRORS"), "notebook 00_bat_dau ran on a kernel without errors")
    expect(str(ws) in out and "Tổng số: 128 dòng" in out, "the notebook opened the workspace: 128 units")


def lab_step(consultkit: Path, ws: Path, env: dict[str, str], work: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = open(work / "lab.log", "w", encoding="utf-8")
    proc = subprocess.Popen([str(consultkit), "lab", str(ws), "--port", str(port), "--no-browser",
                             "--", f"--ServerApp.token={TOKEN}"], cwd=work, env=env, stdout=log,
                            stderr=subprocess.STDOUT)
    try:
        names = None
        end = time.monotonic() + 120
        while time.monotonic() < end and proc.poll() is None and names is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/contents?token={TOKEN}",
                                            timeout=5) as response:
                    names = {i["name"] for i in json.loads(response.read())["content"]}
            except OSError:
                time.sleep(0.5)
        expect(names is not None and "00_bat_dau.ipynb" in names,
               f"consultkit lab served the workspace's notebooks ({sorted(names or [])})")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wheel", type=Path, help="the wheel to test (default: build one)")
    parser.add_argument("--deps-from", type=Path,
                        help="site-packages folder to take the dependencies from (no registry)")
    parser.add_argument("--workdir", type=Path,
                        help="where to work (default: a new temporary folder, removed afterwards)")
    parser.add_argument("--editable", action="store_true",
                        help="install the checkout with pip install -e instead of the wheel")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)

    base = (args.workdir.resolve() if args.workdir
            else Path(tempfile.mkdtemp(prefix="consultkit-smoke-")))
    base.mkdir(parents=True, exist_ok=True)
    if base.is_relative_to(ROOT):
        parser.error("the work folder must be outside the checkout")
    started = time.monotonic()
    try:
        if args.editable:
            target, home = ["-e", ROOT], ROOT
        else:
            wheel = args.wheel.resolve() if args.wheel else build_wheel(base / "dist")
            print(f"wheel: {wheel}")
            target, home = [wheel], base / "venv"
        work = base / "work"
        work.mkdir(exist_ok=True)
        env = clean_env(base)
        venv = base / "venv"
        install(target, venv, args.deps_from.resolve() if args.deps_from else None, env, work)
        python, consultkit = venv_paths(venv)
        check_import(python, home, env, work)
        ws = cli_steps(consultkit, env, work)
        notebook_step(python, ws, env, work)
        lab_step(consultkit, ws, env, work)
    except SmokeFailure as exc:
        print(f"SMOKE TEST FAILED: {exc}", file=sys.stderr)
        return 1
    finally:
        if not (args.keep or args.workdir):
            shutil.rmtree(base, ignore_errors=True)
    print(f"smoke test of the {'editable install' if args.editable else 'wheel'} passed in "
          f"{time.monotonic() - started:.0f} s "
          f"({'dependencies from ' + str(args.deps_from) if args.deps_from else 'fresh install'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
