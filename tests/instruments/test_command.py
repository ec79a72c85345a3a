"""samenplan instruments load | list | show."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from samenplan.instruments.models import Definition
from tests.instruments.conftest import licensed_text


def test_it_loads_the_shipped_definitions_and_lists_them(db, capsys):
    call_command("instruments", "load", "--shipped")
    assert Definition.objects.filter(organisation__isnull=True).count() == 4
    call_command("instruments", "load", "--shipped")  # again: nothing new
    assert "0 shipped definition(s) loaded" in capsys.readouterr().out
    call_command("instruments", "list")
    assert "demo-gezinsvragenlijst" in capsys.readouterr().out


def test_it_loads_a_licensed_file_for_an_organisation_and_shows_it(world, tmp_path, capsys):
    path = tmp_path / "gezinslijst.yaml"
    path.write_text(licensed_text(), encoding="utf-8")
    call_command("instruments", "load", str(path), "--org", "Rivierstad")
    definition = Definition.objects.get(code="gezinslijst")
    assert definition.organisation == world.org and definition.loaded_by is None
    call_command("instruments", "show", "gezinslijst", "--org", "Rivierstad")
    out = capsys.readouterr().out
    assert "Gezinslijst (versie 1)" in out and "Licentie van Uitgeverij Voorbeeld" in out


def test_it_prints_every_problem_of_a_malformed_file_and_loads_nothing(world, tmp_path, capsys):
    path = tmp_path / "kapot.yaml"
    path.write_text(licensed_text().replace("scale: ja3}\n  - {id: b", "scale: likert7}\n  - {id: a"), encoding="utf-8")
    with pytest.raises(CommandError, match="3 problem"):
        call_command("instruments", "load", str(path), "--org", "Rivierstad")
    err = capsys.readouterr().err
    assert (
        'items[0].scale: onbekende schaal "likert7"' in err and "items[1].id" in err and "subscales[0].items[1]" in err
    )
    assert not Definition.objects.exists()


def test_it_needs_an_organisation_for_a_file(db, tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text(licensed_text(), encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("instruments", "load", str(path))
    with pytest.raises(CommandError):
        call_command("instruments", "show", "bestaat-niet")
