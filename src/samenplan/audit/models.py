"""The access log (in the spirit of NEN 7513): append-only, hash-chained records of every access to client data."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.TextChoices):
    READ = "read", _("read")
    SEARCH = "search", _("search")
    CREATE = "create", _("create")
    CHANGE = "change", _("change")
    DELETE = "delete", _("delete")
    EXPORT = "export", _("export")
    PRINT = "print", _("print")
    REFUSED = "refused", _("access refused")
    EMERGENCY = "emergency", _("emergency access")


class Channel(models.TextChoices):
    WEB = "web", _("web")
    API = "api", _("API")
    CLI = "cli", _("command line")


class AppendOnlyError(RuntimeError):
    """Access-log records are never changed or deleted."""


class AccessLogRecord(models.Model):
    """One access to client data. Ids of clients are kept as plain numbers so the log outlives the records."""

    seq = models.PositiveBigIntegerField(_("sequence number"), unique=True)
    at = models.DateTimeField(_("time"), db_index=True)
    event = models.CharField(_("event"), max_length=16, choices=Event.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,  # indexed with the time, see Meta
        null=True,
        related_name="+",
        verbose_name=_("user"),
    )
    username = models.CharField(_("user name"), max_length=150)
    role = models.CharField(_("role"), max_length=200, blank=True)
    on_behalf_of = models.CharField(_("on behalf of"), max_length=200, blank=True)
    organisation_id = models.BigIntegerField(_("organisation"), null=True, db_index=True)
    family_id = models.BigIntegerField(_("family"), null=True)  # indexed with seq, see Meta
    case_id = models.BigIntegerField(_("case"), null=True)  # indexed with seq, see Meta
    member_id = models.BigIntegerField(_("member"), null=True)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    action = models.CharField(_("action"), max_length=100, help_text=_("What was done, e.g. cases.dossier"))
    # Free text up to 500 characters, then (for a list or search) the ids of every family it showed.
    detail = models.TextField(_("detail"), blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64)  # unique: see Meta

    class Meta:
        verbose_name = _("access-log record")
        verbose_name_plural = _("access-log records")
        ordering = ["-seq"]
        default_permissions = ()
        # The page and the export read a family's, a case's or a person's records newest first: (x, seq) lets
        # PostgreSQL walk the index backwards and stop after a page. The hash is unique through a constraint, not
        # ``unique=True``, which on PostgreSQL also builds a second (LIKE-pattern) index on a column nobody
        # searches by pattern: two indexes of ≈600 MB each at 5 M records.
        indexes = [
            models.Index(fields=["family_id", "seq"], name="audit_log_family_seq_idx"),
            models.Index(fields=["case_id", "seq"], name="audit_log_case_seq_idx"),
            models.Index(fields=["user", "at"], name="audit_log_user_at_idx"),
        ]
        constraints = [models.UniqueConstraint(fields=["hash"], name="audit_log_hash_unique")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.at:%Y-%m-%d %H:%M:%S} {self.username} {self.event} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("access-log records are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("access-log records are append-only")

    def role_display(self) -> str:
        """The role(s) as people read them: 'professional, team lead'."""
        from samenplan.accounts.models import Role

        labels = {role.value: role.label for role in Role}
        return ", ".join(str(labels.get(role, role)) for role in self.role.split(",") if role)


class ChainHead(models.Model):
    """One row holding the last sequence number and hash; locked while a record is appended."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    class Meta:
        default_permissions = ()

    def __str__(self) -> str:
        return f"chain head #{self.seq}"


class LogCheckpoint(models.Model):
    """Where the chain starts after older records were pruned (retention of the log): the first record kept and
    the hash it chains from. Only moves forward (a trigger refuses anything else), and every move is attested by
    an ``audit.prune`` record in the kept chain naming both values, which ``verify`` checks."""

    first_seq = models.PositiveBigIntegerField(default=1)
    prev_hash = models.CharField(max_length=64)
    pruned_at = models.DateTimeField()

    class Meta:
        default_permissions = ()

    def __str__(self) -> str:
        return f"log starts at #{self.first_seq}"
