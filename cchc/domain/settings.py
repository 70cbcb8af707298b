"""An owner's settings: who signs its reports and who receives them (pure).

Kept in the database per owner (`cchc config set`), else in a config file in
the user's config folder (an INI file: `key = value` lines under `[cchc]`,
for every commune), else the defaults a report builds from its plan.
"""

from __future__ import annotations

import configparser

from cchc.domain.errors import UserError
from cchc.i18n import _

# key -> what it is (for `cchc config list`)
KEYS: dict[str, str] = {
    "signer.behalf": _("first line of the signature: TM. ỦY BAN NHÂN DÂN (on behalf of the committee)"),
    "signer.title": _("the signer's title: CHỦ TỊCH, or KT. CHỦ TỊCH when a deputy signs"),
    "signer.subtitle": _("the deputy's own title under KT. CHỦ TỊCH: PHÓ CHỦ TỊCH"),
    "signer.name": _("the signer's name, under the space for the signature"),
    "recipients": _("Nơi nhận: one recipient per line, or separated by ';'"),
    "place": _("the place in the date line (default: the commune's name)"),
}
FILE_SECTION = "cchc"


def check_key(key: str) -> str:
    name = key.strip().lower()
    if name not in KEYS:
        raise UserError(_("unknown setting '{key}' (settings: {keys})").format(key=key, keys=", ".join(KEYS)))
    return name


def read_file(text: str, source: str) -> dict[str, str]:
    """The settings of a config file's [cchc] section; a bad file or key is a one-line error naming it."""
    parser = configparser.ConfigParser(interpolation=None, default_section="\0")
    parser.optionxform = str
    try:
        parser.read_string(text, source=source)
    except configparser.Error as exc:
        first = str(exc).splitlines()[0]
        raise UserError(_("{file}: not a settings file ({reason})").format(file=source, reason=first)) from None
    if not parser.has_section(FILE_SECTION):
        return {}
    found = {}
    for key, value in parser.items(FILE_SECTION):
        if key.strip().lower() not in KEYS:
            raise UserError(_("{file}: unknown setting '{key}' (settings: {keys})").format(
                file=source, key=key, keys=", ".join(KEYS)))
        found[key.strip().lower()] = value.strip()
    return found


def split_lines(value: str) -> list[str]:
    """Recipients as typed: one per line, else separated by ';'; list dashes and end marks dropped."""
    parts = value.splitlines() if "\n" in value.strip() else value.split(";")
    cleaned = [p.strip().lstrip("-+•").strip().rstrip(";.").strip() for p in parts]
    return [p for p in cleaned if p]
