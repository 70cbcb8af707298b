"""Writing output files so that a failure never leaves half a file behind."""

from __future__ import annotations

import os
from pathlib import Path

from cchc.domain.errors import UserError
from cchc.i18n import _


def write_file(path: Path, data: bytes) -> None:
    """Write through a temporary file beside the target, then rename it into place."""
    temporary = path.with_name(path.name + ".part")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise UserError(_("{path}: cannot be written ({reason})").format(path=path, reason=exc.strerror)) from None
