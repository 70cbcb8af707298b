"""The registry of commands in cchc/cli.py: what `cchc --help` lists without importing the commands."""

from __future__ import annotations

import pytest
import typer
from typer._click.utils import make_default_short_help

from cchc.cli import COMMANDS, app


@pytest.mark.parametrize("name, spec, short", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_the_short_help_listed_is_the_first_sentence_of_the_command_help(name, spec, short):
    command = typer.main.get_command(app).get_command(None, name)
    assert command is not None and command.name == name
    assert short == make_default_short_help(command.help, 1000)


def test_every_command_is_listed_once_in_the_order_of_the_help(cli):
    names = [c[0] for c in COMMANDS]
    assert len(set(names)) == len(names)
    import re

    listed = re.findall(r"^  (\S+) ", cli("--help").output.split("Commands:")[1], re.M)
    assert listed == names


def test_a_command_and_its_parameters_are_built_when_asked_for(monkeypatch):
    import cchc.commands.common as common

    built = []
    original = common.build_command
    monkeypatch.setattr(common, "build_command", lambda name, spec: built.append(name) or original(name, spec))
    group = typer.main.get_command(app)
    assert group.get_command(None, "due").name == "due"
    assert built == ["due"]  # the other commands were not built
