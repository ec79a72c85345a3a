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

    # The number people see and pages order by: rising over the whole installation, from a database sequence on
    # PostgreSQL (so it may skip numbers after a rollback). Integrity comes from the chain and position below.
    seq = models.PositiveBigIntegerField(_("sequence number"))
    chain_id = models.BigIntegerField(_("chain"))  # a ChainHead; see record() in log.py
    # 1, 2, 3, … without gaps; empty in the legacy chain, where the position is the seq
    pos = models.PositiveBigIntegerField(_("position in its chain"), null=True)
    at = models.DateTimeField(_("time"))
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
    organisation_id = models.BigIntegerField(_("organisation"), null=True)
    family_id = models.BigIntegerField(_("family"), null=True)  # indexed with seq, see Meta
    case_id = models.BigIntegerField(_("case"), null=True)  # indexed with seq, see Meta
    member_id = models.BigIntegerField(_("member"), null=True)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    action = models.CharField(_("action"), max_length=100, help_text=_("What was done, e.g. cases.dossier"))
    # Free text up to 500 characters, then (for a list or search) the ids of every family it showed.
    detail = models.TextField(_("detail"), blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64)  # no index: see Meta

    class Meta:
        verbose_name = _("access-log record")
        verbose_name_plural = _("access-log records")
        ordering = ["-seq"]
        default_permissions = ()
        # The page and the export read a family's, a case's or a person's records newest first: (x, seq) lets
        # PostgreSQL walk the index backwards and stop after a page. (chain_id, pos) is what verify walks. On
        # PostgreSQL the table is partitioned by month on ``at`` (migration 0007; docs/scaling.md): a unique index
        # there must hold ``at``, so none is kept on ``seq`` or ``hash``: the chain itself proves that no record
        # was inserted, duplicated or removed, and an index on the hash (two of ≈600 MB at 5 M records when it was
        # ``unique=True``) served no query.
        indexes = [
            models.Index(fields=["seq"], name="audit_log_seq_idx"),
            models.Index(fields=["at"], name="audit_log_at_idx"),
            models.Index(fields=["organisation_id"], name="audit_log_org_idx"),
            models.Index(fields=["family_id", "seq"], name="audit_log_family_seq_idx"),
            models.Index(fields=["case_id", "seq"], name="audit_log_case_seq_idx"),
            models.Index(fields=["user", "at"], name="audit_log_user_at_idx"),
            models.Index(fields=["chain_id", "pos"], name="audit_log_chain_pos_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.at:%Y-%m-%d %H:%M:%S} {self.username} {self.event} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("access-log records are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("access-log records are append-only")

    def role_display(self, labels: dict | None = None) -> str:
        """The role(s) as people read them: 'professional, team lead'. ``labels``: :func:`role_labels`, when a page
        shows many records."""
        return role_display(self.role, labels)


def role_display(roles: str, labels: dict | None = None) -> str:
    """A record's ``role`` column as people read it (see ``AccessLogRecord.role_display``)."""
    labels = labels if labels is not None else role_labels()
    return ", ".join(str(labels.get(role, role)) for role in roles.split(",") if role)


def role_labels() -> dict[str, str]:
    """The roles' labels in the active language."""
    from samenplan.accounts.models import Role

    return {role.value: str(role.label) for role in Role}


class ChainHead(models.Model):
    """The last position and hash of one chain; its row is locked while a record is appended to the chain.

    Every organisation writes to a few chains of its own (``stripe`` 0 … AUDIT_CHAIN_STRIPES - 1): a writer takes
    whichever of them no other transaction holds, so writes of one organisation do not queue behind each other, and
    no row is locked by every write of the installation. ``organisation_id`` 0 holds the records about no
    organisation (an operator at the command line); -1 is the installation-wide chain written before chains per
    organisation existed (the legacy chain, closed)."""

    organisation_id = models.BigIntegerField(default=0)
    stripe = models.PositiveSmallIntegerField(default=0)
    seq = models.PositiveBigIntegerField(default=0)  # the last position written
    hash = models.CharField(max_length=64)

    class Meta:
        default_permissions = ()
        constraints = [models.UniqueConstraint(fields=["organisation_id", "stripe"], name="audit_chain_org_stripe")]

    def __str__(self) -> str:
        return f"chain {self.pk} head #{self.seq}"

    @property
    def legacy(self) -> bool:
        return self.organisation_id == LEGACY_CHAIN_ORGANISATION

    @property
    def genesis(self) -> str:
        from samenplan.audit import chain

        return chain.GENESIS if self.legacy else chain.chain_genesis(self.pk)


LEGACY_CHAIN_ORGANISATION = -1


class VerifiedPosition(models.Model):
    """How far ``audit verify`` has checked a chain: the position and hash it reached. The next verify continues
    from here (``--full`` starts again from the beginning). Kept apart from ChainHead so verify never locks a row a
    writer needs."""

    chain_id = models.BigIntegerField(unique=True)
    pos = models.PositiveBigIntegerField()
    hash = models.CharField(max_length=64)
    verified_at = models.DateTimeField()

    class Meta:
        default_permissions = ()

    def __str__(self) -> str:
        return f"chain {self.chain_id} verified to #{self.pos}"


class LogCheckpoint(models.Model):
    """Where a chain starts after older records were pruned or archived (retention of the log): the first position
    kept and the hash it chains from. Only moves forward (a trigger refuses anything else), and every move is
    attested by an ``audit.prune`` record in the kept chain naming both values, which ``verify`` checks."""

    chain_id = models.BigIntegerField(unique=True)
    first_seq = models.PositiveBigIntegerField(default=1)  # the first position kept in the chain
    prev_hash = models.CharField(max_length=64)
    pruned_at = models.DateTimeField()

    class Meta:
        default_permissions = ()

    def __str__(self) -> str:
        return f"chain {self.chain_id} starts at #{self.first_seq}"
