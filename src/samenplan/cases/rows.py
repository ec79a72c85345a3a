"""The caseload's rows (``/cases/``: a phase's table of cases) as HTML, row by row in Python.

The markup is the template's (``cases/_caseload_results.html`` puts it in each phase's table); what costs is the
template engine's work per cell (resolving each variable, escaping it, an ``{% if %}`` per badge): about 60 µs a
row, three milliseconds for a page of 50 (issue 14). Here the texts that are the same for every row (the badges,
the dossier's address) are made once per page, and a row is one f-string with its texts escaped.
"""

from __future__ import annotations

from html import escape

from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext, npgettext

from samenplan.accounts.models import display_name
from samenplan.links import url_for_ids


def caseload_rows(found) -> list[dict]:
    """The caseload's rows (``cases.views.CASELOAD_FIELDS``, as values) as the page shows them: the family, the
    dossier's address, the caseworker's name as ``str(user)`` gives it, the team, the date of registration as text,
    whether a child-protection measure applies and whether the case is closed."""
    dossier = url_for_ids("cases:dossier")
    return [
        {
            "pk": row["pk"],
            "phase": row["phase"],
            "family_id": row["family_id"],
            "family": row["family_name"],
            "url": dossier(row["pk"]),
            "measure": row["child_protection_measure"],
            "closed": row["closed_on"] is not None,
            "caseworker": display_name(
                row["caseworker__first_name"], row["caseworker__last_name"], row["caseworker__username"]
            ),
            "team": row["team__name"],
            "opened": f"{row['opened_on']:%d-%m-%Y}",
            "opened_iso": row["opened_on"].isoformat(),
        }
        for row in found
    ]


def table_rows(rows: list[dict]) -> SafeString:
    """The ``<tr>`` of ``caseload_rows`` in a phase's table: the family (a link to the dossier, with its badges),
    the caseworker, the team and the date of registration."""
    measure = escape(gettext("child-protection measure"))  # outside the f-strings, where makemessages finds them
    measure = f'<span class="samenplan-badge samenplan-badge--measure">{measure}</span>'
    closed = f'<span class="samenplan-badge">{escape(gettext("closed"))}</span>'
    family = '<a class="utrecht-link samenplan-caseload__family"'
    cell = '<td class="utrecht-table__cell">'
    return mark_safe(  # noqa: S308 (every text in it escaped here)
        "".join(
            f'\n      <tr class="utrecht-table__row">\n'
            f'        <th class="utrecht-table__header-cell" scope="row">'
            f'{family} href="{escape(row["url"])}">{escape(row["family"])}</a>\n'
            f"          {measure if row['measure'] else ''}\n"
            f"          {closed if row['closed'] else ''}</th>\n"
            f"        {cell}{escape(row['caseworker'])}</td>\n"
            f"        {cell}{escape(row['team'])}</td>\n"
            f'        {cell}<time datetime="{row["opened_iso"]}">{row["opened"]}</time></td>\n'
            f"      </tr>\n    "
            for row in rows
        )
    )


def phase_sections(groups: list[tuple], query: str) -> SafeString:
    """The caseload's tables, one ``<section>`` per phase of ``groups`` (the phase, its rows, their ``table_rows``),
    or the paragraph that says nothing was found: what ``cases/_caseload_results.html``'s loop over the groups wrote,
    byte for byte (the template engine resolved, escaped and translated some twenty values per phase). The labels
    are written as the template's ``{% translate %}`` wrote them: not escaped (the catalogue is ours)."""
    if not groups:
        empty = gettext("No case matches this name. Check the spelling, or search for part of the name.")
        empty = empty if query else gettext("There are no open cases here.")
        return mark_safe(f'\n<p class="utrecht-paragraph samenplan-empty">{empty}</p>\n')  # noqa: S308
    header = '<th class="utrecht-table__header-cell" scope="col">'
    head = "".join(
        f"\n      {header}{label}</th>"
        for label in (gettext("Family"), gettext("Caseworker"), gettext("Team"), gettext("Registered"))
    )
    sections = []
    for phase, cases, rows in groups:
        value, label, count = escape(phase.value), escape(capfirst(str(phase.label))), len(cases)
        cases_word = npgettext("count", "case", "cases", count)
        sections.append(
            f'\n<section aria-labelledby="phase-{value}" class="samenplan-phase-group">\n'
            f'  <h3 class="utrecht-heading-3 samenplan-phase-group__heading" id="phase-{value}">{label}\n'
            f'    <span class="utrecht-number-badge samenplan-phase-group__count">{count}'
            f'<span class="samenplan-visually-hidden"> {cases_word}</span></span></h3>\n'
            f'  <div class="utrecht-table-container samenplan-table-scroll" tabindex="0" role="region"'
            f' aria-label="{label}">\n'
            f'  <table class="utrecht-table utrecht-table--html-table samenplan-caseload">\n'
            f'    <thead class="utrecht-table__header"><tr class="utrecht-table__row">{head}\n'
            f"    </tr></thead>\n"
            f'    <tbody class="utrecht-table__body">\n'
            f"    {rows}\n"
            f"    </tbody>\n"
            f"  </table>\n"
            f"  </div>\n"
            f"</section>\n"
        )
    return mark_safe("".join(sections))  # noqa: S308 (every text in it escaped here or by table_rows)


def local_time(at, zone) -> tuple[str, str]:
    """An aware time in ``zone`` as ``|date:'c'`` and ``|date:"d-m-Y H:i"`` write it (timezone.localtime and
    strftime, the text cut from the ISO form: a third faster)."""
    iso = at.astimezone(zone).isoformat()
    return iso, f"{iso[8:10]}-{iso[5:7]}-{iso[:4]} {iso[11:16]}"


def linebreaksbr(text) -> str:
    """``|linebreaksbr`` of a text that is not safe, with autoescape (``\r\n`` and ``\r`` as ``\n``, escaped, each line
    break as ``<br>``) without its wrappers for lazy and safe strings: a few µs an entry."""
    text = str(text).replace("\r\n", "\n").replace("\r", "\n")
    return escape(text).replace("\n", "<br>")


def timeline_entries(entries: list[dict], csrf_input: str) -> SafeString:
    """The ``<li>`` of a page of the timeline (``cases.views._timeline``'s entries, as values with what each shows
    worked out), with the markup ``cases/_timeline_entries.html`` had for each: the time, kind and author, the words
    (the family's and a referrer's as a quotation), whose words they are, and for a note whether the family reads it
    and the form to share it or take the sharing back (``share_url``, given only to who may change the case). The
    labels are written as the template's ``{% translate %}`` wrote them: not escaped (the catalogue is ours)."""
    family_words = gettext("In the family's own words")
    referrer_words = gettext("In the referrer's words")
    system_words = gettext("Recorded by samenplan")
    professional_words = gettext("The professional's words")
    shared = gettext("Shared with the family")
    shared = f'<p class="samenplan-timeline__shared"><span class="samenplan-badge">{shared}</span></p>'
    button = '<button type="submit" class="utrecht-button utrecht-button--subtle">'
    unshare = f"{button}{gettext('Stop sharing with the family')}</button>"
    share = f'<input type="hidden" name="shared" value="on">{button}{gettext("Share with the family")}</button>'
    quotation = (
        '\n    <figure class="samenplan-timeline__figure">\n'
        '      <blockquote class="utrecht-blockquote utrecht-blockquote--html-blockquote samenplan-timeline__words">\n'
        '        <p class="utrecht-paragraph">{words}</p>\n'
        "      </blockquote>\n"
        '      <figcaption class="samenplan-timeline__voice">{voice}</figcaption>\n'
        "    </figure>\n    "
    )
    parts = []
    for entry in entries:
        voice, words = entry["voice"], linebreaksbr(entry["text"])
        if voice == "family":
            speaker = f" – {escape(entry['speaker'])}" if entry["speaker"] else ""  # noqa: RUF001 (the page's dash)
            body = quotation.format(words=words, voice=f"{family_words}{speaker}")
        elif voice == "referrer":
            body = quotation.format(words=words, voice=referrer_words)
        else:
            whose = system_words if voice == "system" else professional_words
            body = (
                f'\n    <p class="utrecht-paragraph samenplan-timeline__words">{words}</p>\n'
                f'    <p class="samenplan-timeline__voice">{whose}</p>\n    '
            )
        note = ""
        if entry["kind"] == "note":
            note = (shared if entry["is_shared"] else "") + "\n"
            if entry["share_url"]:
                note += (
                    f'<form method="post" action="{escape(entry["share_url"])}" class="samenplan-timeline__share">\n'
                    f"  {csrf_input}\n  {unshare if entry['is_shared'] else share}\n</form>"
                )
        parts.append(
            f'\n  <li class="samenplan-timeline__entry samenplan-timeline__entry--{escape(voice)}"'
            f' id="entry-{entry["pk"]}">\n'
            f'    <p class="samenplan-timeline__meta">\n'
            f'      <time datetime="{escape(entry["at_iso"])}">{escape(entry["at_text"])}</time>\n'
            f'      <span aria-hidden="true">·</span> {escape(entry["kind_label"])}\n'
            f'      <span aria-hidden="true">·</span> {escape(entry["author"])}\n'
            f"    </p>\n    {body}\n    {note}\n  </li>\n"
        )
    return mark_safe("".join(parts))  # noqa: S308 (every text in it escaped here, the words by linebreaksbr)


# The dossier's unbound select fields (the phase form's next phase, the note form's speaker): ``_field.html``'s
# markup around the options is the same for every case in a language, the options differ (the phases a case may
# move to, the family's members). Rendered through the template once per process, language, form and field, the
# options written here (``select_field``), as Django's ``select.html`` and ``select_option.html`` write them.
_SELECT_SHELLS: dict[tuple, tuple[str, str]] = {}


def select_field(field) -> SafeString:
    """``_field.html`` with ``field``, an unbound form's ``BoundField`` with a plain ``Select`` widget: the label,
    help text and ``<select>`` rendered once per shape (``_SELECT_SHELLS``), its options written here. Anything
    else (a bound form, option groups, another widget) is rendered by the template as before."""
    from django.forms import Select
    from django.template.loader import get_template
    from django.utils.translation import get_language

    widget, form = field.field.widget, field.form
    choices = list(widget.choices)
    if form.is_bound or type(widget) is not Select or any(isinstance(label, list | tuple) for _v, label in choices):
        return get_template("_field.html").render({"field": field})
    attrs = field.build_widget_attrs({}, widget)  # whether the select says "required" depends on its choices
    key = (get_language(), type(form), form.prefix, form.auto_id, field.name, tuple(sorted(attrs.items())))
    shell = _SELECT_SHELLS.get(key)
    if shell is None:
        html = get_template("_field.html").render({"field": field})
        start = html.index(">", html.index("<select ")) + 1
        shell = _SELECT_SHELLS[key] = html[:start], html[html.rindex("\n</select>") :]
    wanted, found, options = widget.format_value(field.value()), False, []
    for value, label in choices:
        value = "" if value is None else str(value)
        selected = not found and value in wanted
        found = found or selected
        mark = " selected" if selected else ""
        options.append(f'\n  <option value="{escape(value)}"{mark}>{conditional_escape(label)}</option>\n')
    return mark_safe(f"{shell[0]}{''.join(options)}{shell[1]}")  # noqa: S308 (the options escaped here)


def hidden_field(field) -> SafeString:
    """``{{ field }}`` for an unbound form's hidden input without attributes of its own (the phase form's version):
    what ``input.html`` writes for it. Anything else is rendered by its widget's template as before."""
    from django.forms import HiddenInput

    widget = field.field.widget
    if field.form.is_bound or type(widget) is not HiddenInput or widget.attrs or not field.auto_id:
        return field.as_widget()
    value = widget.format_value(field.value())
    value = "" if value is None else f' value="{escape(str(value))}"'
    return mark_safe(  # noqa: S308 (escaped here)
        f'<input type="hidden" name="{escape(field.html_name)}"{value} id="{escape(field.auto_id)}">'
    )


# The "Case" section's facts (``cases/dossier.html``): the same markup for every case but for its values. Through the
# template engine, eight ``{% translate %}``, a dozen variables with their filters and two ``{% if %}`` a page.
_FACT = (
    '<div class="utrecht-data-list__item samenplan-facts__item"><dt class="utrecht-data-list__item-key">{key}</dt>'
    '<dd class="utrecht-data-list__item-value utrecht-data-list__item-value--html-dd{extra}">{value}</dd></div>'
)
_FACTS_GAP = "\n      "  # what stood between two of the template's facts


def _fact(key: str, value: str, extra: str = "") -> str:
    return _FACT.format(key=key, value=value, extra=extra)


def _date(day) -> str:
    """``<time>`` of a date as ``|date:'Y-m-d'`` and ``|date:"d-m-Y"`` wrote it."""
    return f'<time datetime="{day:%Y-%m-%d}">{day:%d-%m-%Y}</time>'


def _registered_by(value: str) -> str:
    """``registration.get_registered_by_display()`` without translating every label to find this one."""
    from samenplan.cases.models import RegisteredBy, label_of

    return label_of(RegisteredBy, value)


def case_facts(case, registration, coworkers) -> SafeString:
    """The dossier's facts of the case from its phase to whether a child-protection measure applies, as the
    template's ``<dl>`` wrote them: each value escaped as ``{{ }}`` escaped it (``str()`` of it, the co-workers
    joined by ", "), the labels as ``{% translate %}`` wrote them (not escaped: the catalogue is ours), an absent
    optional fact as the empty line the template left.
    tests/cases/test_dossier_rows.py compares it with the template's rendering."""
    registered_by = ""
    if registration is not None:
        registered_by = escape(capfirst(_registered_by(registration.registered_by)))
        if registration.referrer_label:
            registered_by += f" \N{EN DASH} {conditional_escape(registration.referrer_label)}"
        if registration.referrer_contact:
            registered_by += f" ({conditional_escape(registration.referrer_contact)})"
    measure = gettext("yes,no").split(",")[0 if case.child_protection_measure else 1]
    facts = [
        _fact(gettext("Phase"), escape(capfirst(str(case.get_phase_display())))),
        _fact(gettext("Fixed caseworker"), escape(str(case.caseworker)), " samenplan-facts__caseworker"),
        _fact(gettext("Co-workers"), ", ".join(escape(str(user)) for user in coworkers)) if coworkers else "",
        _fact(gettext("Team"), conditional_escape(case.team.name)),
        _fact(gettext("Registered by"), registered_by),
        _fact(gettext("Opened on"), _date(case.opened_on)),
        _fact(gettext("Closed on"), _date(case.closed_on)) if case.closed_on else "",
        _fact(gettext("Child-protection measure"), escape(capfirst(measure))),
    ]
    return mark_safe(_FACTS_GAP.join(facts))  # noqa: S308 (every text in it escaped here)


def member_rows(members: list, can_edit: bool) -> SafeString:
    """The ``<tr>`` of the dossier's members table (``cases/_members.html``), as its loop wrote them: the members
    come from ``cases.views._members_with_languages`` with their role, date of birth, language, circumstances and
    address worked out. The labels are written as ``{% translate %}`` wrote them: not escaped (the catalogue is
    ours); the texts of the members and their circumstances are."""
    from django.template.defaultfilters import capfirst
    from django.utils.translation import ngettext

    yes, no = gettext("yes,no").split(",")[:2]  # the yesno filter's words
    lives_at_home, custody = gettext("lives at home"), gettext("custody")
    language = gettext("Portal language")
    interpreter = f'<span class="samenplan-members__interpreter">{gettext("Think of an interpreter")}</span>'
    change = gettext("Change")
    cell = '<td class="utrecht-table__cell">'
    none = "\N{EN DASH}"  # the table's sign for nothing known
    parts = []
    for member in members:
        name = conditional_escape(str(member))
        if member.date_of_birth:
            age = member.age
            years = ngettext("(%(age)s year)", "(%(age)s years)", age) % {"age": age}
            born = f'<time datetime="{escape(member.born_iso)}">{escape(member.born_text)}</time> {years}'
        else:
            born = none
        flag, label = (member.lives_at_home, lives_at_home) if member.is_child else (member.has_custody, custody)
        home = none if flag is None else f"{label}: {escape(yes if flag else no)}"
        chosen = ""
        if member.language:
            chosen = f'<span class="samenplan-members__chosen">{language}: {escape(member.language_label)}</span>'
        circumstances = ""
        if member.circumstances:
            items = "".join(
                f'<li class="utrecht-unordered-list__item">{conditional_escape(capfirst(c.get_code_display()))}'
                f"{f' ({escape(c.language)})' if c.language else ''}</li>"
                for c in member.circumstances
            )
            circumstances = f'<ul class="utrecht-unordered-list samenplan-members__circumstances">{items}</ul>'
        edit = ""
        if can_edit:
            edit = (
                f'{cell}<a class="utrecht-link" href="{escape(member.edit_url)}">{change}'
                f'<span class="samenplan-visually-hidden"> {name}</span></a></td>'
            )
        parts.append(
            f'\n    <tr class="utrecht-table__row">\n'
            f'      <th class="utrecht-table__header-cell" scope="row">{name}</th>\n'
            f"      {cell}{escape(member.role_label)}</td>\n"
            f"      {cell}{born}</td>\n"
            f"      {cell}{home}</td>\n"
            f'      <td class="utrecht-table__cell samenplan-members__language">{chosen}\n'
            f"        {circumstances}\n"
            f"        {interpreter if member.interpreter_hint else ''}\n"
            f"        {'' if member.language or member.circumstances else none}</td>\n"
            f"      {edit}\n"
            f"    </tr>\n  "
        )
    return mark_safe("".join(parts))  # noqa: S308 (every text in it escaped here)


_ROUTE_MARKERS = {"done": "✓", "current": "●", "skipped": "\N{EN DASH}", "not_on_route": "\N{EN DASH}"}


def route_steps(nodes: list) -> SafeString:
    """The ``<li>`` of the route picture (``intake/_route_picture.html``; ``intake.picture.route_picture``'s
    nodes) as its loop wrote them: each phase with its state's class and marker, its label, state and note."""
    from django.template.defaultfilters import capfirst

    parts = []
    for node in nodes:
        state = node.state
        current = ' aria-current="step"' if state == "current" else ""
        note = f'<span class="samenplan-route__note">{conditional_escape(node.note)}</span>' if node.note else ""
        parts.append(
            f'\n    <li class="samenplan-route__step samenplan-route__step--{escape(state)}"{current}>\n'
            f'      <span class="samenplan-route__marker" aria-hidden="true">{_ROUTE_MARKERS.get(state, "○")}</span>\n'
            f'      <span class="samenplan-route__label">{conditional_escape(capfirst(node.label))}</span>\n'
            f'      <span class="samenplan-route__state">{conditional_escape(node.state_label)}</span>\n'
            f"      {note}\n"
            f"    </li>\n    "
        )
    return mark_safe("".join(parts))  # noqa: S308 (every text in it escaped here)


# The dossier's links to the case's other pages (``goals/_dossier.html``, ``evaluations/_dossier.html``,
# ``network/_dossier_link.html``, ``decisions/_dossier_link.html``, ``plans/_dossier_link.html``): the same markup
# for every case but for its id and its number of goals. Through the template engine, five ``{% include %}``, five
# ``{% url %}`` and fourteen ``{% translate %}`` a page.
_LINK_SECTION = (
    '<section aria-labelledby="{name}-link-heading" class="samenplan-card{extra}" id="{anchor}">\n'
    '  <h2 class="utrecht-heading-2" id="{name}-link-heading">{heading}</h2>\n'
    "  {lead}"
    '<p class="utrecht-paragraph"><a class="utrecht-link" href="{url}">{link}</a></p>\n'
    "</section>\n"
)


def _link_section(name: str, extra: str, anchor: str, heading: str, lead: str, url: str, link: str) -> str:
    """One section as its template wrote it: ``lead`` a paragraph (or the goals' count), the texts translated as
    the template's ``{% translate %}`` wrote them (not escaped: the catalogue is ours)."""
    lead = f'<p class="utrecht-paragraph">{lead}</p>\n  ' if lead else ""
    return _LINK_SECTION.format(
        name=name, extra=extra, anchor=anchor, heading=heading, lead=lead, url=escape(url), link=link
    )


def link_sections(case) -> tuple[SafeString, SafeString]:
    """The dossier's link sections before its consents (goals, progress) and after its questionnaires (own strength
    and network, deciding on help, the family plan), each followed by the newline the dossier had after its
    ``{% include %}``. The goals' count as ``{% blocktranslate count %}`` wrote it (the number localized and
    escaped, the sentence not)."""
    pk, count = case.pk, case.goal_count
    counted = ngettext(
        "%(counter)s goal in the family's own words.", "%(counter)s goals in the family's own words.", count
    ) % {"counter": conditional_escape(localize(count))}
    goals = _link_section(
        "goals", " samenplan-goals__summary", "goals-summary", gettext("Goals"), counted,
        url_for_ids("goals:overview")(pk), gettext("Agreement, goals, scale scores and conversation techniques"),
    )  # fmt: skip
    progress = _link_section(
        "progress", "", "progress-summary", gettext("Progress and evaluations"), "",
        url_for_ids("evaluations:progress")(pk), gettext("Progress over time, evaluations, closing and reopening"),
    )  # fmt: skip
    network_lead = gettext(
        "What the family and the people around it can do: the own-strength questions, the network map and the "
        "family group plan."
    )
    network = _link_section(
        "network", " samenplan-network-link", "own-strength-and-network", gettext("Own strength and network"),
        network_lead, url_for_ids("network:overview")(pk), gettext("Own strength, network and family group plan"),
    )  # fmt: skip
    decisions_lead = gettext("The options side by side, everyone's preference, the decision and the help in progress.")
    decisions = _link_section(
        "decisions", " samenplan-decisions-link", "deciding-on-help", gettext("Deciding on help"), decisions_lead,
        url_for_ids("decisions:grid")(pk), gettext("Options, decision and help"),
    )  # fmt: skip
    plan_lead = gettext("One plan for the whole family, in their words, with its versions and a PDF to take home.")
    plan = _link_section(
        "plan", "", "family-plan", gettext("Family plan"), plan_lead, url_for_ids("plans:plan")(pk),
        gettext("Family plan"),
    )  # fmt: skip
    before = f"{goals}\n{progress}\n"
    after = f"{network}\n{decisions}\n{plan}\n"
    return mark_safe(before), mark_safe(after)  # noqa: S308 (every text in it escaped here or ours)


DOSSIER_URLS = {
    "analysis": "analysis:overview",
    "change_workers": "cases:change_workers",
    "handover": "handover:request",
    "put_on_agenda": "tables:put_on_agenda",
    "move_phase": "cases:move_phase",
    "add_note": "cases:add_note",
    "dossier": "cases:dossier",
    "invite": "portal:invite",
    "record_consent": "consent:record",
    "propose_consent": "consent:propose",
    "request_information": "consent:request_information",
    "assign_questionnaire": "instruments:assign",
    "administer_questionnaire": "instruments:administer",
}
FAMILY_URLS = {"privacy": "privacy:family", "add_member": "cases:add_member"}


def dossier_address(pk: int) -> str:
    """The dossier's address of case ``pk``, as ``{% url 'cases:dossier' pk %}`` gave it."""
    return url_for_ids("cases:dossier")(pk)


def dossier_urls(case, family) -> dict[str, str]:
    """The addresses the dossier links to, as ``{% url %}`` with the case's (``DOSSIER_URLS``) or the family's id
    (``FAMILY_URLS``) gave them."""
    return {
        **{name: url_for_ids(viewname)(case.pk) for name, viewname in DOSSIER_URLS.items()},
        **{name: url_for_ids(viewname)(family.pk) for name, viewname in FAMILY_URLS.items()},
    }
