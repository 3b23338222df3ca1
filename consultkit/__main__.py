"""``python -m consultkit``: the ``consultkit`` command (for when its script is not on PATH)."""

from consultkit.cli import main

if __name__ == "__main__":
    main(prog_name="consultkit")
