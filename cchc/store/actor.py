"""Who is acting: CCHC_USER, else the operating-system user.

On a database server a dialect answers with the database role instead.
"""

from __future__ import annotations

import os


def current_actor() -> str:
    chosen = os.environ.get("CCHC_USER", "").strip()
    if chosen:
        return chosen
    import getpass

    try:
        return getpass.getuser() or "unknown"
    except (OSError, KeyError, ImportError):  # no user name in the environment or the password file
        return "unknown"
