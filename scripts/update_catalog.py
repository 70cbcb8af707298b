"""Refresh the Vietnamese catalog after changing user-facing strings.

    pip install ".[dev]"  &&  python scripts/update_catalog.py

Extracts `_()` strings from cchc/ and typer (its own words: Usage, Options…),
plus command docstrings, into cchc/locale/cchc.pot; merges them into
cchc/locale/vi/LC_MESSAGES/cchc.po (new strings arrive untranslated); compiles
cchc.mo, which ships in the wheel. Translate the empty msgstr entries, then run
it again to compile.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "cchc" / "locale"
PO = LOCALE / "vi" / "LC_MESSAGES" / "cchc.po"


def main() -> None:
    import typer
    from babel.messages.pofile import read_po, write_po

    os.environ["CCHC_LANG"] = "en"
    sys.path.insert(0, str(ROOT))
    from cchc.i18n_catalog import command_docstrings

    pot = LOCALE / "cchc.pot"
    subprocess.run(["pybabel", "extract", "-F", str(ROOT / "babel.cfg"), "-k", "_", "-k", "ngettext:1,2",
                    "--no-location", "--sort-output", "--project", "cchc", "-o", str(pot),
                    str(ROOT / "cchc"), str(Path(typer.__file__).parent)], check=True)
    with pot.open("rb") as handle:
        catalog = read_po(handle)
    for doc in command_docstrings():
        catalog.add(doc)
    with pot.open("wb") as handle:
        write_po(handle, catalog, sort_output=True, omit_header=False)
    if PO.exists():
        subprocess.run(["pybabel", "update", "-i", str(pot), "-d", str(LOCALE), "-D", "cchc", "-l", "vi",
                        "--no-fuzzy-matching", "--ignore-obsolete"], check=True)
    else:
        subprocess.run(["pybabel", "init", "-i", str(pot), "-d", str(LOCALE), "-D", "cchc", "-l", "vi"], check=True)
    subprocess.run(["pybabel", "compile", "-d", str(LOCALE), "-D", "cchc", "-l", "vi", "--use-fuzzy"], check=True)


if __name__ == "__main__":
    main()
