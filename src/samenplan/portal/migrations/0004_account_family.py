"""``FamilyAccount.family``: the family of the account's member, copied, so that the dashboard's "New from the
family" asks which of a caseload's families have a portal account with one look-up per family in an index of the
accounts, instead of one per member of those families (at 50,000 families the benchmark's caseload of 180
families: 676 members, ≈ 1,900 buffers, → ≈ 360 buffers; issue 14).

The database keeps it right, by triggers on PostgreSQL and SQLite alike: an inserted account, or one given another
member, takes its member's family; a member moved to another family takes its account along. Existing accounts are
filled here. Write cost: an account's insert or update reads its member once (by primary key); a member's update
that changes its family updates its account (by the unique index of ``member_id``). (On SQLite a later migration
that remakes ``portal_familyaccount`` or ``cases_member`` drops these triggers: it must make them again;
``tests/portal/test_account_family.py`` fails otherwise.)"""

# ruff: noqa: S608 (constant SQL: table and column names of this migration, no input)

import django.db.models.deletion
from django.db import migrations, models

MEMBERS_FAMILY = "(SELECT family_id FROM cases_member WHERE id = NEW.member_id)"

SQLITE_FORWARD = [
    """UPDATE portal_familyaccount
       SET family_id = (SELECT family_id FROM cases_member WHERE cases_member.id = portal_familyaccount.member_id)""",
    f"""CREATE TRIGGER portal_familyaccount_family_insert AFTER INSERT ON portal_familyaccount
        BEGIN
            UPDATE portal_familyaccount SET family_id = {MEMBERS_FAMILY} WHERE id = NEW.id;
        END""",
    f"""CREATE TRIGGER portal_familyaccount_family_update AFTER UPDATE OF member_id, family_id ON portal_familyaccount
        WHEN NEW.family_id IS NOT {MEMBERS_FAMILY}
        BEGIN
            UPDATE portal_familyaccount SET family_id = {MEMBERS_FAMILY} WHERE id = NEW.id;
        END""",
    """CREATE TRIGGER cases_member_family_to_account AFTER UPDATE OF family_id ON cases_member
       WHEN OLD.family_id IS NOT NEW.family_id
       BEGIN
           UPDATE portal_familyaccount SET family_id = NEW.family_id WHERE member_id = NEW.id;
       END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS cases_member_family_to_account",
    "DROP TRIGGER IF EXISTS portal_familyaccount_family_update",
    "DROP TRIGGER IF EXISTS portal_familyaccount_family_insert",
]

POSTGRES_FORWARD = [
    """UPDATE portal_familyaccount a SET family_id = m.family_id FROM cases_member m WHERE m.id = a.member_id""",
    # the account's own trigger sets the family whenever the account or its family is written
    f"""CREATE OR REPLACE FUNCTION portal_familyaccount_family() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.family_id := {MEMBERS_FAMILY};
            RETURN NEW;
        END $$""",
    """CREATE TRIGGER portal_familyaccount_family BEFORE INSERT OR UPDATE OF member_id, family_id
       ON portal_familyaccount FOR EACH ROW EXECUTE FUNCTION portal_familyaccount_family()""",
    """CREATE OR REPLACE FUNCTION cases_member_family_to_account() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
           UPDATE portal_familyaccount SET family_id = NEW.family_id WHERE member_id = NEW.id;
           RETURN NULL;
       END $$""",
    """CREATE TRIGGER cases_member_family_to_account AFTER UPDATE OF family_id ON cases_member
       FOR EACH ROW WHEN (OLD.family_id IS DISTINCT FROM NEW.family_id)
       EXECUTE FUNCTION cases_member_family_to_account()""",
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS cases_member_family_to_account ON cases_member",
    "DROP FUNCTION IF EXISTS cases_member_family_to_account()",
    "DROP TRIGGER IF EXISTS portal_familyaccount_family ON portal_familyaccount",
    "DROP FUNCTION IF EXISTS portal_familyaccount_family()",
]


def forward(apps, schema_editor):
    statements = {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


def backward(apps, schema_editor):
    statements = {"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0023_case_names_folded"),
        ("portal", "0003_portalpropose_proposals"),
    ]

    operations = [
        migrations.AddField(
            model_name="familyaccount",
            name="family",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                serialize=False,
                to="cases.family",
            ),
        ),
        migrations.RunPython(forward, backward),
    ]
