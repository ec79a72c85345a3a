"""samenplan audit verify: recompute the access log's hash chain and name the first broken record."""

from django.core.management.base import BaseCommand, CommandError

from samenplan.audit import log


class Command(BaseCommand):
    help = "Check the access log. 'verify' recomputes the hash chain and names the first broken record."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser("verify", help="Recompute the hash chain of every access-log record.")

    def handle(self, *args, subcommand, **options):
        count, broken = log.verify()
        if broken is not None:
            seq, reason = broken
            raise CommandError(f"Access log broken at record #{seq}: {reason}. ({count} records read.)")
        self.stdout.write(self.style.SUCCESS(f"Access log intact: {count} records, chain verified."))
