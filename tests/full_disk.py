"""A real full disk for tests: cchc run in its own mount namespace on a small tmpfs filled to the last byte.

`on_full_disk(tmp_path, files, commands)` copies `files` onto a fresh tmpfs, fills
it with a file of zeros until the kernel says ENOSPC, then runs each cchc command
(a list of arguments; "{disk}" stands for the tmpfs folder) as its own process.
It returns, per command, the exit code and output, and the SHA-256 of every file
left on the disk. Needs `unshare` (root, or unprivileged user namespaces); the
test is skipped where the system allows neither.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

_DRIVER = r'''
import hashlib, json, os, shutil, subprocess, sys
args = json.loads(sys.argv[1])
disk = args["disk"]
subprocess.run(["mount", "-t", "tmpfs", "-o", "size=%dk" % args["kb"], "tmpfs", disk], check=True)
for name, source in args["files"].items():
    shutil.copyfile(source, os.path.join(disk, name))
with open(os.path.join(disk, "filler"), "wb", buffering=0) as filler:
    for size in (4096, 1):
        try:
            while True:
                filler.write(b"\0" * size)
        except OSError:
            pass
runs = []
for command in args["commands"]:
    argv = [sys.executable, "-m", "cchc"] + [a.replace("{disk}", disk) for a in command]
    done = subprocess.run(argv, capture_output=True, text=True, cwd=args["cwd"], env=dict(os.environ, CCHC_LANG="en"))
    runs.append({"code": done.returncode, "stdout": done.stdout, "stderr": done.stderr})
files = {}
for name in sorted(os.listdir(disk)):
    if name != "filler":
        with open(os.path.join(disk, name), "rb") as handle:
            files[name] = hashlib.sha256(handle.read()).hexdigest()
print(json.dumps({"runs": runs, "files": files, "free": shutil.disk_usage(disk).free}))
'''


def on_full_disk(tmp_path: Path, files: dict[str, Path], commands: list[list[str]], kb: int = 1024) -> dict:
    import pytest

    if shutil.which("unshare") is None:
        pytest.skip("no unshare: cannot mount a small filesystem")
    disk = tmp_path / "disk"
    disk.mkdir()
    args = {"disk": str(disk), "kb": kb, "files": {k: str(v) for k, v in files.items()}, "commands": commands,
            "cwd": str(ROOT)}
    namespace = ["unshare", "-m"] if _is_root() else ["unshare", "-r", "-m"]
    done = subprocess.run(namespace + [sys.executable, "-c", _DRIVER, json.dumps(args)], capture_output=True,
                          text=True, timeout=300)
    if done.returncode != 0 and "mount" in done.stderr:
        pytest.skip(f"cannot mount a small filesystem here: {done.stderr.strip()[-200:]}")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["free"] == 0, "the disk was not full"
    return result


def sha256(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def _is_root() -> bool:
    import os

    return hasattr(os, "geteuid") and os.geteuid() == 0
