"""samenplan instruments load FILE | load --shipped | list | show CODE: questionnaire definitions (docs/instruments.md).

`load FILE --org NAME` checks a definition file (YAML or JSON) against the schema and loads it for that
organisation, printing every problem with its path when it does not match; `load --shipped` loads the definitions
shipped with samenplan that are not loaded yet. `list` shows every loaded definition, `show CODE` one of them.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from samenplan.accounts.models import Organisation
from samenplan.instruments import actions
from samenplan.instruments.models import Definition


class Command(BaseCommand):
    help = "Load, list and show questionnaire definitions (instruments)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        load = sub.add_parser("load", help="Check a definition file and load it as a new version.")
        load.add_argument("file", nargs="?", help="A definition in YAML or JSON (see docs/instruments.md).")
        load.add_argument("--org", help="The organisation that holds the licence and loads it (its name).")
        load.add_argument("--shipped", action="store_true", help="Load the definitions shipped with samenplan.")
        listing = sub.add_parser("list", help="Every loaded definition and version.")
        listing.add_argument("--org", help="Only the shipped ones and those of this organisation.")
        show = sub.add_parser("show", help="One definition (the newest version unless --version).")
        show.add_argument("code")
        show.add_argument("--org", help="The organisation whose definition it is (default: a shipped one).")
        show.add_argument("--version", type=int, dest="definition_version")

    def handle(self, *args, subcommand, **options):
        getattr(self, f"_{subcommand}")(**options)

    def _organisation(self, name):
        if not name:
            return None
        organisation = Organisation.objects.filter(name=name).first()
        if organisation is None:
            raise CommandError(f'No organisation is called "{name}".')
        return organisation

    def _load(self, file=None, org=None, shipped=False, **_):
        if shipped:
            if file or org:
                raise CommandError("--shipped loads the shipped files only: give no FILE or --org with it.")
            loaded = actions.ensure_shipped()
            for definition in loaded:
                self.stdout.write(f"Loaded {definition.code} version {definition.version}.")
            self.stdout.write(self.style.SUCCESS(f"{len(loaded)} shipped definition(s) loaded; the rest were there."))
            return
        if not file:
            raise CommandError("Give a FILE to load (or --shipped).")
        organisation = self._organisation(org)
        if organisation is None:
            raise CommandError("Give --org: the organisation that holds the licence for this definition.")
        try:
            text = Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        try:
            definition = actions.do_load_definition(None, text, organisation=organisation)
        except ValidationError as error:
            messages = [m for errors in error.message_dict.values() for m in errors]
            for message in messages:
                self.stderr.write(message)
            raise CommandError(f"{file}: {len(messages)} problem(s); nothing was loaded.") from error
        self.stdout.write(
            self.style.SUCCESS(f"Loaded {definition.code} version {definition.version} for {organisation}.")
        )

    def _list(self, org=None, **_):
        definitions = Definition.objects.select_related("organisation").order_by("code", "version")
        organisation = self._organisation(org)
        if organisation is not None:
            definitions = definitions.filter(Q(organisation__isnull=True) | Q(organisation=organisation))
        for definition in definitions:
            owner = definition.organisation.name if definition.organisation else "shipped"
            used = definition.administrations.count()
            self.stdout.write(
                f"{definition.code:<30} v{definition.version:<4} {owner:<30} {used:>5} administered  {definition.name}"
            )

    def _show(self, code, org=None, definition_version=None, **_):
        organisation = self._organisation(org)
        definitions = Definition.objects.filter(code=code, organisation=organisation).order_by("-version")
        if definition_version is not None:
            definitions = definitions.filter(version=definition_version)
        definition = definitions.first()
        if definition is None:
            which = f" version {definition_version}" if definition_version else ""
            raise CommandError(f'No definition "{code}"{which}.')
        spec = definition.definition
        self.stdout.write(f"{definition.name} ({definition.code}, version {definition.version})")
        self.stdout.write(f"Licence: {definition.licence}")
        self.stdout.write(f"Informants: {', '.join(spec.get('informants', []))}")
        ages = spec.get("age_range", {})
        languages = ", ".join(spec.get("languages", []))
        subscales = ", ".join(s["id"] for s in spec.get("subscales", []))
        self.stdout.write(f"Ages: {ages.get('min')} to {ages.get('max')}; languages: {languages}")
        self.stdout.write(f"Items: {len(spec.get('items', []))}; subscales: {subscales}")
        self.stdout.write(json.dumps(spec, ensure_ascii=False, indent=2))
