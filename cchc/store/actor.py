"""Who is acting: CCHC_USER, else the operating-system user.

The same on a province's server: there the database role decides which commune's rows a
command may touch (row-level security), and the actor stays the officer's own name, so a
commune's history copied from its file (`db copy --to`) is still theirs to undo.
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
