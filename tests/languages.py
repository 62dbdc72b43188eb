"""Is a page entirely in its language? The detector is built from the app's own catalogues: an
English page must not show an Indonesian interface string that has a different English
translation, an Indonesian page must not show such an English translation. Data (names, titles,
descriptions as stored) is Indonesian in both languages and is left aside."""
import re
from functools import cache
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}|<[^>]+>")
WORD = re.compile(r"[^\W\d_][\w'-]*")
ADDRESSES = re.compile(r"\S+@\S+|\S+://\S+")

# Day and month names (formatted by Babel, in no catalogue) that differ between the languages.
CALENDAR_WORDS = {
    "id": ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu", "Januari", "Februari", "Maret",
           "Mei", "Juni", "Juli", "Agustus", "Oktober", "Desember"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February",
           "March", "May", "June", "July", "August", "October", "December"),
}


def _pieces(text: str) -> list[str]:
    """A message cut at its placeholders and markup, each piece trimmed of punctuation."""
    pieces = []
    for piece in PLACEHOLDER.split(unescape(text)):
        piece = re.sub(r"\s+", " ", piece).strip(" .,:;()!?–—-·/\"'")
        if piece:
            pieces.append(piece)
    return pieces


@cache
def catalogue() -> tuple[tuple[str, str], ...]:
    """(Indonesian, English) of every interface string whose translation differs."""
    pairs = []
    for po in sorted(ROOT.glob("lokakarya/*/translations/en.po")):
        with po.open("rb") as fh:
            for message in read_po(fh):
                ids = message.id if isinstance(message.id, tuple) else (message.id,)
                strings = message.string if isinstance(message.string, tuple) else (message.string,)
                for source, target in zip(ids, strings, strict=False):
                    if source and target and source != target:
                        pairs.append((source, target))
    return tuple(pairs)


def _vocabulary(texts) -> tuple[set[str], str]:
    words = {w.lower() for text in texts for w in WORD.findall(unescape(PLACEHOLDER.sub(" ", text)))}
    return words, "\n".join(" ".join(_pieces(t)) for t in texts).lower()


@cache
def markers(lang: str) -> tuple[str, ...]:
    """Strings that, seen on a page in `lang`, belong to the other language: pieces of two words
    or more, and whole one-word messages (labels, buttons) that are no word of `lang` too."""
    indonesian = [source for source, _target in catalogue()]
    english = [target for _source, target in catalogue()]
    theirs, ours = (indonesian, english) if lang == "en" else (english, indonesian)
    our_words, our_text = _vocabulary(ours)
    found = set(CALENDAR_WORDS["id" if lang == "en" else "en"])
    for message in theirs:
        pieces = _pieces(message)
        for piece in pieces:
            words = piece.split()
            if len(words) >= 2 and piece.lower() not in our_text:
                found.add(piece)
        whole = " ".join(pieces)
        if len(pieces) == 1 and len(whole.split()) == 1 and len(whole) >= 2 and whole.lower() not in our_words:
            found.add(whole)
    return tuple(sorted(found, key=len, reverse=True))


def _bigrams(text: str) -> set[tuple[str, str]]:
    """Pairs of neighbouring words, not across punctuation or numbers ("Sesi 1 · Lokakarya")."""
    pairs = set()
    for run in re.split(r"[^\w\s'-]|\d|_", text):
        words = [w.lower() for w in WORD.findall(run)]
        pairs.update(zip(words, words[1:], strict=False))
    return pairs


@cache
def foreign_bigrams(lang: str) -> frozenset:
    """Pairs of words found in the other language's strings and never in `lang`'s: they catch a
    sentence written straight into a template or the code, which no catalogue holds ("belum ada",
    "tidak dapat"; "could not", "has been")."""
    indonesian = [source for source, _target in catalogue()]
    english = [target for _source, target in catalogue()]
    theirs, ours = (indonesian, english) if lang == "en" else (english, indonesian)
    ours_pairs = set().union(*(_bigrams(p) for t in ours for p in _pieces(t)))
    theirs_pairs = set().union(*(_bigrams(p) for t in theirs for p in _pieces(t)))
    return frozenset(theirs_pairs - ours_pairs)


@cache
def _marker_pattern(lang: str) -> re.Pattern:
    return re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, markers(lang))) + r")(?![\w-])")


@cache
def wtforms_messages() -> tuple[str, ...]:
    """WTForms' own English messages, read from its source."""
    import wtforms

    found = set()
    for _file, _line, message, _comments, _ctx in extract_from_dir(
            Path(wtforms.__file__).parent, [("**.py", "python")],
            keywords={"gettext": None, "ngettext": (1, 2), "_": None, "lazy_gettext": None}):
        for text in message if isinstance(message, tuple) else (message,):
            if text:
                found.add(text)
    return tuple(sorted(found))


def wtforms_english_pieces() -> tuple[str, ...]:
    return tuple(sorted({p for m in wtforms_messages() for p in _pieces(m) if len(p.split()) >= 2},
                        key=len, reverse=True))


class _Visible(HTMLParser):
    """The text a person reads or hears: text outside scripts and styles, the page's title,
    and the texts of attributes (placeholder, title, aria-label, alt, a button's value, and the
    words scripts show: confirmations, labels, units)."""

    SKIP = {"script", "style", "template"}
    ATTRIBUTES = ("placeholder", "title", "aria-label", "alt", "data-confirm", "data-label", "data-days",
                  "data-passkey-failed")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
            return
        a = dict(attrs)
        self.parts.extend(a[name] for name in self.ATTRIBUTES if a.get(name))
        if tag == "input" and (a.get("type") or "").lower() in ("submit", "button", "reset") and a.get("value"):
            self.parts.append(a["value"])
        self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skipping = max(self.skipping - 1, 0)
        else:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    lines = (re.sub(r"[ \t\r\f\v\u00a0]+", " ", line).strip() for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _found(text: str, lang: str) -> set[str]:
    found = set(_marker_pattern(lang).findall(text))
    for line in text.splitlines():
        found.update(" ".join(pair) for pair in _bigrams(line) & foreign_bigrams(lang))
    return found


def leaks(text: str, lang: str, data=()) -> list[str]:
    """Strings of the other language in `text` (a page in `lang`), leaving aside e-mail addresses,
    links and the stored `data` in which a string may be a part of a name (`data` may be a
    function that reads them, called only when something is found)."""
    text = ADDRESSES.sub(" ", text)
    found = _found(text, lang)
    if not found:
        return []
    data = data() if callable(data) else data
    left = []
    for marker in sorted(found):
        masked = text
        for value in data:
            if marker.lower() in value.lower():
                masked = mask(masked, value)
        if marker in _found(masked, lang):
            left.append(marker)
    return left


ELLIPSIS = re.compile(r" ?(?:…|\.\.\.)")


def mask(text: str, value: str, shortest: int = 12) -> str:
    """`text` without `value`, whole or cut short with an ellipsis (a chart's label, a long
    title in a list: "Lokakarya Penerapan Standar Pelayanan P…")."""
    text = text.replace(value, " ¦ ")
    head = value[:shortest]
    if len(value) <= shortest or head not in text:
        return text
    out, start = [], 0
    while (at := text.find(head, start)) >= 0:
        end, matched = at + len(head), len(head)
        while matched < len(value) and end < len(text) and text[end] == value[matched]:
            end, matched = end + 1, matched + 1
        cut = ELLIPSIS.match(text, end)
        if cut:
            out.append(text[start:at] + " ¦ ")
            start = cut.end()
        else:
            out.append(text[start:end])
            start = end
    out.append(text[start:])
    return "".join(out)


def data_strings(session) -> tuple[str, ...]:
    """Every stored text (names, titles, descriptions, region names), longest first."""
    # Stored data is content: Indonesian whatever the interface's language.
    import sqlalchemy as sa

    from lokakarya.extensions import db

    values = set()
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, sa.String):
                for (value,) in session.execute(sa.select(column).where(column.is_not(None)).distinct()):
                    if isinstance(value, str) and len(value) >= 2:
                        values.add(re.sub(r"\s+", " ", value).strip())
                        values.update(line.strip() for line in value.splitlines() if line.strip())
    # The default questionnaire: content like everything organisers write, shown before an
    # event stores its own (lokakarya/evaluation/defaults.py).
    from lokakarya.evaluation.defaults import DEFAULT_QUESTIONS

    values.update(text for _kind, text, *_rest in DEFAULT_QUESTIONS)
    return tuple(sorted(values, key=len, reverse=True))


@cache
def stored_codes() -> tuple[str, ...]:
    """Codes as the database stores them (statuses, kinds, roles, providers, sources, formats),
    read from the app's own lists and label maps (call it in a request context)."""
    from lokakarya.agencies.models import AGENCY_KINDS
    from lokakarya.attendance import messages as attendance
    from lokakarya.attendance.models import ATTENDANCE_SOURCES, MANUAL_STATUSES
    from lokakarya.attendance.rules import STATUSES
    from lokakarya.auth.labels import role_labels
    from lokakarya.evaluation.models import QUESTION_KINDS
    from lokakarya.events.labels import EVENT_STATUS_LABELS
    from lokakarya.events.meetings import PROVIDER_LABELS
    from lokakarya.followup import labels as followup
    from lokakarya.materials.models import VISIBILITIES
    from lokakarya.registration.models import REGISTRATION_STATUSES
    from lokakarya.reminders.models import RULE_KINDS
    from lokakarya.vc import messages as vc
    from lokakarya.vc.models import REGISTRANT_STATES

    codes = {*AGENCY_KINDS, *ATTENDANCE_SOURCES, *MANUAL_STATUSES, *STATUSES, *QUESTION_KINDS,
             *EVENT_STATUS_LABELS, *PROVIDER_LABELS, *VISIBILITIES, *REGISTRATION_STATUSES, *RULE_KINDS,
             *REGISTRANT_STATES, *followup.CATEGORY_LABELS, *followup.STATUS_LABELS, *followup.KIND_LABELS,
             *followup.SUBMISSION_LABELS, *followup.VERIFICATION_LABELS}
    for labels in (attendance.format_labels, attendance.pull_labels, vc.state_labels, vc.pull_labels,
                   role_labels):
        codes.update(labels())  # the label functions need a request (the app's Babel)
    codes.add("SEQUENCE")  # iCalendar's revision number, once shown to organisers as it is
    return tuple(sorted(c for c in codes if c and c.isascii()))


@cache
def _words_of(lang: str) -> set[str]:
    texts = [target if lang == "en" else source for source, target in catalogue()]
    return {w for text in texts for w in WORD.findall(PLACEHOLDER.sub(" ", text))}


def raw_codes(text: str, lang: str, data=()) -> list[str]:
    """Stored codes shown as they are: `in_progress` anywhere, `confirmed` on an Indonesian
    page (on an English one it is a word), leaving aside addresses, links and stored data."""
    text = ADDRESSES.sub(" ", text)
    words = _words_of(lang)
    found = []
    for code in stored_codes():
        if "_" not in code and code in words:
            continue
        pattern = rf"(?<![\w.-]){re.escape(code)}(?![\w-])"
        if re.search(pattern, text):
            data = data() if callable(data) else data
            masked = text
            for value in data:
                if code in value:
                    masked = mask(masked, value)
            if re.search(pattern, masked):
                found.append(code)
    return found
