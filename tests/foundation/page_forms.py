"""The POST forms a page offers, read from its HTML, filled as a person would fill them."""
from dataclasses import dataclass, field
from html.parser import HTMLParser

TEXT_TYPES = {"text", "email", "url", "tel", "search", "password", "number", "hidden", "date",
              "datetime-local", "time", "choice", ""}


@dataclass
class PageForm:
    action: str
    multipart: bool
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # (name, kind, value)
    options: dict[str, list[str]] = field(default_factory=dict)  # select name → option values

    def text_names(self) -> list[str]:
        """Names a person types into (and hidden ones a page posts back), once each."""
        seen = []
        for name, kind, _value in self.fields:
            if name not in seen and name != "csrf_token" and (
                    kind in TEXT_TYPES or kind in ("textarea", "select") or kind.startswith(("checkbox", "radio"))):
                seen.append(name)
        return seen


    def typed_names(self) -> set[str]:
        """Fields a person types text into."""
        return {name for name, kind, _value in self.fields
                if kind in ("text", "email", "url", "tel", "search", "password", "textarea", "")}


class _Parser(HTMLParser):
    def __init__(self, page_url: str):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[PageForm] = []
        self.current: PageForm | None = None
        self.textarea: str | None = None
        self.select: str | None = None
        self.text = ""

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "get").lower() == "post":
            self.current = PageForm(a.get("action") or self.page_url,
                                    a.get("enctype", "") == "multipart/form-data")
        elif self.current is None or "name" not in a and tag != "option":
            return
        elif tag == "input":
            kind = a.get("type", "text").lower()
            if "list" in a:
                kind = "choice"  # typed, but one of the listed values (an id): not free text
            if kind in ("checkbox", "radio") and "checked" not in a:
                kind += "-off"
            self.current.fields.append((a["name"], kind, a.get("value", "on" if "checkbox" in kind else "")))
        elif tag == "textarea":
            self.textarea, self.text = a["name"], ""
        elif tag == "select":
            self.select = a["name"]
            self.current.options[self.select] = []
            self.current.fields.append((self.select, "select", ""))
        elif tag == "option" and self.select:
            self.current.options[self.select].append(a.get("value", ""))

    def handle_data(self, data):
        if self.textarea:
            self.text += data

    def handle_endtag(self, tag):
        if tag == "form" and self.current is not None:
            self.forms.append(self.current)
            self.current = None
        elif tag == "textarea" and self.textarea and self.current is not None:
            self.current.fields.append((self.textarea, "textarea", self.text))
            self.textarea = None
        elif tag == "select":
            self.select = None


def post_forms(html: str, page_url: str) -> list[PageForm]:
    parser = _Parser(page_url)
    parser.feed(html)
    return parser.forms


def filled(form: PageForm, serial: int) -> dict[str, list[str]]:
    """What a person would send: the page's values, with empty fields filled plausibly."""
    data: dict[str, list[str]] = {}
    for name, kind, value in form.fields:
        if kind.endswith("-off") and name == "consent":
            kind = "checkbox"  # a person agrees to what the form asks agreement to
        if kind.endswith("-off") or kind in ("submit", "file", "button", "reset", "image"):
            continue
        if kind == "select":
            options = [o for o in form.options.get(name, []) if o]
            value = options[0] if options else ""
        elif not value:
            value = plausible(name, kind, serial)
        data.setdefault(name, []).append(value)
    return data


def plausible(name: str, kind: str, serial: int) -> str:
    base = name.rsplit("_", 1)[0] if name[-1:].isdigit() else name
    if kind == "email" or base in ("email",) or base.startswith("contact"):
        return f"isian{serial}@example.go.id"
    if base == "nip":
        return f"198609262015051{serial % 1000:03d}"
    if base == "phone" or kind == "tel":
        return "081273001104"
    if kind == "url" or base.endswith("url"):
        return "https://example.go.id/isian"
    if kind == "password" or base in ("password", "confirm"):
        return "kuda-benar-baterai-9"
    if kind == "date" or base.endswith("date"):
        return "2031-01-31"
    if kind == "datetime-local" or base in ("deadline", "starts_at", "ends_at") or base.endswith("_at"):
        return "2031-01-31T10:00" if base != "ends_at" else "2031-01-31T11:00"
    if kind == "time" or base == "local_time":
        return "09:00"
    if kind == "number" or base in ("progress", "capacity", "retention_days"):
        return "1"
    return f"Isian uji {serial}"
