"""Build hook: the wheel carries the project's top-level data/ and notebooks/.

The repository keeps them at the top level (data/reference, data/consultations, notebooks/);
``build_py`` copies them into the built package as ``consultkit/_bundled/`` so that an
installed wheel finds them through importlib.resources (consultkit/resources.py). Registers,
exports and notebook checkpoints are left out. Everything else is in pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
SKIP = shutil.ignore_patterns("*.sqlite", "*.sqlite-*", "exports", ".ipynb_checkpoints",
                              "__pycache__", ".~lock.*")


class BuildWithData(build_py):
    def run(self):
        super().run()
        if self.editable_mode:          # an editable install reads the checkout itself
            return
        target = Path(self.build_lib) / "consultkit" / "_bundled"
        for source, name in ((HERE / "data", "data"), (HERE / "notebooks", "notebooks")):
            if source.is_dir():
                shutil.copytree(source, target / name, ignore=SKIP, dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildWithData})
