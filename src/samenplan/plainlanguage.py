"""Plain Dutch, measured: is a text a family reads written in plain (B1) Dutch?

Three rules, their thresholds in ``THRESHOLDS`` and explained in ``docs/plain-language.md``:

- **sentence length**: no sentence longer than ``max_sentence_words`` words;
- **readability**: texts of at least ``min_words_for_index`` words score at least ``min_flesch_douma`` on the
  Flesch-Douma index (the Dutch Flesch reading ease, computed by ``textstat`` with language ``nl``);
- **familiar words**: every word is at least ``min_zipf`` on the Zipf scale of Dutch word frequencies
  (``wordfreq``), or on the allow-list ``ALLOWED_WORDS`` (words a family meets in youth care and that we explain).

Also here: which texts families read (``family_facing_texts``): the gettext messages of the files in
``portal.family_facing.SOURCES`` (found with Django's ``templatize`` for templates and Python's ``ast`` for
``.py`` files), their Dutch translations, and the demo catalogue's help offers.

``textstat`` and ``wordfreq`` are development dependencies: the measuring runs in the tests, never in production.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path


@dataclass(frozen=True)
class Thresholds:
    max_sentence_words: int = 20
    min_flesch_douma: float = 60.0
    min_words_for_index: int = 10
    min_zipf: float = 3.0
    max_compound_parts: int = 2


THRESHOLDS = Thresholds()

# Words that are rare in everyday Dutch but that a family in youth care meets and that the portal explains or
# cannot avoid. Keep this list short: a word belongs here only when no plainer word says the same.
ALLOWED_WORDS = frozenset(
    {
        "gezinsplan",
        "hulpverlener",
        "hulpverleners",
        "jeugdhulp",
        "contactpersoon",
        "inlogcode",
        "inlogcodes",
        "herstelcodes",
        "herstelcode",
        "beveiligingssleutel",
        "beveiligingssleutels",
        "authenticator",
        "inloggen",
        "uitloggen",
        "wachtwoord",
        "samenplan",
        "pdf",
        "json",
        "e-mailadres",
        "opvoedcoach",
        "gezinscoach",
        "pleeggezin",
        "gezinshuis",
        "gezinshuisouders",
        "steungezin",
        "uithuisplaatsing",
        "dagdelen",
        "voorlezen",
        "toestemming",
        "toestemmingen",
        "veiligheidsplan",
        "logboek",
        "uitgelogd",  # forms of "inloggen"/"uitloggen" that are rarer in the word list than the verb
        "logt",
        "consultaties",  # glossary term (DOMAIN §9), in the professional's menu of the shared page frame
        "microsoft",  # names of authenticator apps
        "google",
        "freeotp",
    }
)

_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
_SETTING_NAME = re.compile(r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b")  # PORTAL_OWN_PART_PRIVATE_FROM_AGE: code, not prose
_TAG = re.compile(r"<[^>]+>")
_SENTENCE_END = re.compile(r"(?<=[.!?:;])\s+|\n+")
_WORD = re.compile(r"[^\W\d_]+(?:[-'\u2019][^\W\d_]+)*", re.UNICODE)


@dataclass(frozen=True)
class Problem:
    rule: str  # "sentence", "readability" or "word"
    detail: str

    def __str__(self) -> str:
        return f"{self.rule}: {self.detail}"


def clean(text: str) -> str:
    """The text as read: placeholders and HTML tags out, whitespace collapsed."""
    return " ".join(_SETTING_NAME.sub(" ", _TAG.sub(" ", _PLACEHOLDER.sub(" ", text))).split())


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(clean(text)) if s.strip()]


def words(text: str) -> list[str]:
    return _WORD.findall(clean(text))


def flesch_douma(text: str) -> float:
    """The Flesch-Douma reading ease of ``text`` (higher is easier; 60-70 is plain Dutch)."""
    import textstat

    textstat.set_lang("nl")
    return float(textstat.flesch_reading_ease(clean(text)))


@cache
def zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "nl")


def familiar(word: str, *, allowed: frozenset[str] = ALLOWED_WORDS, min_zipf: float | None = None) -> bool:
    """A word a Dutch reader knows: frequent enough, on the allow-list, or a compound of at most
    ``THRESHOLDS.max_compound_parts`` familiar parts ("gezins|portaal", "e-mail|adres"): Dutch writes new
    compounds together, and a reader who knows the parts reads the whole."""
    limit = THRESHOLDS.min_zipf if min_zipf is None else min_zipf
    return _familiar(word.lower(), allowed, limit, THRESHOLDS.max_compound_parts)


@cache
def _familiar(word: str, allowed: frozenset[str], limit: float, parts: int) -> bool:
    if word in allowed or len(word) <= 2 or zipf(word) >= limit:
        return True
    if "-" in word:
        return all(_familiar(part, allowed, limit, parts) for part in word.split("-") if part)
    if parts < 2:
        return False
    for cut in range(3, len(word) - 2):
        head, tail = word[:cut], word[cut:]
        heads = [head] + ([head[:-1]] if head.endswith("s") and len(head) > 3 else [])  # gezin-s-portaal
        if any(_whole_word(h, allowed, limit) for h in heads) and _familiar(tail, allowed, limit, parts - 1):
            return True
    return False


def _whole_word(word: str, allowed: frozenset[str], limit: float) -> bool:
    return word in allowed or (len(word) >= 3 and zipf(word) >= limit)


def check(text: str, thresholds: Thresholds = THRESHOLDS, allowed: frozenset[str] = ALLOWED_WORDS) -> list[Problem]:
    """Everything that keeps ``text`` from being plain Dutch; an empty list when it is."""
    problems = []
    for sentence in sentences(text):
        count = len(words(sentence))
        if count > thresholds.max_sentence_words:
            problems.append(
                Problem("sentence", f"{count} words (at most {thresholds.max_sentence_words}): {sentence!r}")
            )
    all_words = words(text)
    if len(all_words) >= thresholds.min_words_for_index:
        score = flesch_douma(text)
        if score < thresholds.min_flesch_douma:
            problems.append(
                Problem("readability", f"Flesch-Douma {score:.0f} (at least {thresholds.min_flesch_douma:.0f})")
            )
    unfamiliar = sorted(
        {w for w in all_words if not familiar(w, allowed=allowed, min_zipf=thresholds.min_zipf)}, key=str.lower
    )
    if unfamiliar:
        problems.append(Problem("word", f"not familiar (Zipf < {thresholds.min_zipf}): {', '.join(unfamiliar)}"))
    return problems


# --- which texts families read ------------------------------------------------------------------------------

GETTEXT_FUNCTIONS = {
    # name: (index of the context argument or None, index of the singular, index of the plural or None)
    "_": (None, 0, None),
    "gettext": (None, 0, None),
    "gettext_lazy": (None, 0, None),
    "gettext_noop": (None, 0, None),
    "ngettext": (None, 0, 1),
    "ngettext_lazy": (None, 0, 1),
    "pgettext": (0, 1, None),
    "pgettext_lazy": (0, 1, None),
    "npgettext": (0, 1, 2),
    "npgettext_lazy": (0, 1, 2),
}


@dataclass(frozen=True)
class Message:
    context: str | None
    msgid: str
    plural: str | None
    source: str  # the file, relative to the source root


def _messages_in_python(code: str, source: str) -> list[Message]:
    found = []
    for node in ast.walk(ast.parse(code)):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
        if name not in GETTEXT_FUNCTIONS:
            continue
        ctx_at, id_at, plural_at = GETTEXT_FUNCTIONS[name]

        def literal(index, args=node.args):
            if index is None or index >= len(args):
                return None
            arg = args[index]
            return arg.value if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else None

        msgid = literal(id_at)
        if msgid is None:
            continue  # a variable: nothing to extract
        found.append(Message(literal(ctx_at), msgid, literal(plural_at), source))
    return found


_TEMPLATIZED_CALL = re.compile(r"\b(?:n?p?gettext)\((?:u?'(?:[^'\\]|\\.)*'(?:,\s*)?)+(?:\w+)?\)")


def _messages_in_template(text: str, source: str) -> list[Message]:
    """Django's own ``templatize`` turns the template's translate tags into gettext calls (as makemessages does)
    between filler letters; each call is read with ``ast``."""
    from django.utils.translation.template import templatize

    found = []
    for call in _TEMPLATIZED_CALL.finditer(templatize(text, origin=source)):
        found.extend(_messages_in_python(call.group(0), source))
    return found


def source_files(root: Path, sources: list[str]) -> list[Path]:
    files = []
    for entry in sources:
        path = root / entry
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix in {".py", ".html", ".txt"} and p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            raise FileNotFoundError(f"family_facing.SOURCES names {entry!r}, which does not exist")
    return files


def extract_messages(root: Path, sources: list[str]) -> list[Message]:
    """Every gettext message in the ``sources`` (paths relative to ``root``), in file order, without repeats."""
    seen: dict[tuple, Message] = {}
    for path in source_files(root, sources):
        text = path.read_text(encoding="utf-8")
        relative = str(path.relative_to(root))
        read = _messages_in_python if path.suffix == ".py" else _messages_in_template
        messages = read(text, relative)
        for message in messages:
            seen.setdefault((message.context, message.msgid, message.plural), message)
    return list(seen.values())


@dataclass(frozen=True)
class Text:
    where: str  # a file and msgid, or a catalogue offer
    text: str  # the Dutch text a family reads


def dutch_texts(messages: list[Message], po_path: Path) -> tuple[list[Text], list[Message]]:
    """The Dutch translations of ``messages`` from the catalogue at ``po_path``, and the messages it lacks."""
    import polib

    entries = {(e.msgctxt, e.msgid): e for e in polib.pofile(str(po_path)) if not e.obsolete}
    texts, missing = [], []
    for message in messages:
        entry = entries.get((message.context, message.msgid))
        if entry is None or not (entry.msgstr or entry.msgstr_plural):
            missing.append(message)
            continue
        where = f"{message.source}: {message.msgid!r}" + (f" ({message.context})" if message.context else "")
        for text in [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values()):
            texts.append(Text(where, text))
    return texts, missing


def catalogue_texts() -> list[Text]:
    """The description and "meant for" of every help offer of the demo catalogue (the offers the portal names).
    The offers' names are proper names (e.g. "Triple P"), not measured."""
    from samenplan.catalogue.demo import OFFERS

    texts = []
    for name, description, meant_for, *_rest in OFFERS:
        texts.append(Text(f"catalogue offer {name!r}: description", description))
        texts.append(Text(f"catalogue offer {name!r}: meant for", meant_for))
    return texts


def family_facing_texts(root: Path | None = None) -> tuple[list[Text], list[Message]]:
    """Every Dutch text a family reads, and the family-facing messages the Dutch catalogue lacks."""
    from samenplan.portal.family_facing import SOURCES

    root = root or Path(__file__).resolve().parent
    texts, missing = dutch_texts(extract_messages(root, SOURCES), root / "locale" / "nl" / "LC_MESSAGES" / "django.po")
    return texts + catalogue_texts(), missing
