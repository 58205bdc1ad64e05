"""Page text in the viewer's language: one gettext catalogue, translations chosen per request.

Issue 6: "strings marked for translation (gettext catalog)". Templates mark text
``{{ _("…") }}`` (Jinja2's i18n extension), the page scripts ``A._("…")`` (common.js); both are
collected with Babel into ``web/locale/aspects.pot`` (``aspects i18n extract``). A translator
adds ``web/locale/<lang>/LC_MESSAGES/aspects.po`` (``aspects i18n init --lang fr``); pages then
follow the browser's ``Accept-Language``. Catalogues are read from the ``.po`` text, so there is
no compile step and no binary file in the repository.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterable
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from aspects import __version__

DOMAIN = "aspects"
WEB = Path(__file__).parent
LOCALE_DIR = WEB / "locale"
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"

# What Babel reads, relative to the web package: page templates and page scripts, with ``_``
# as the marker in both; and the page and section titles of the page modules, marked ``N_``
# (the Python extractor reads these files only: report titles elsewhere are data).
METHODS = [
    ("templates/**.html", "jinja2"),
    ("static/**.js", "javascript"),
    ("pages.py", "python"),
    ("learner_pages.py", "python"),
    ("rendering.py", "python"),
]
OPTIONS = {
    "templates/**.html": {"extensions": "jinja2.ext.i18n"},
    # `${_("…")}` inside a script's template literal is a marked string too.
    "static/**.js": {"parse_template_string": "true"},
}
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}


class _PoTranslations(gettext.NullTranslations):
    """A catalogue read from a ``.po`` file; untranslated and fuzzy entries fall through."""

    def __init__(self, messages: dict[str, str]) -> None:
        super().__init__()
        self.messages = messages

    def gettext(self, message: str) -> str:
        return self.messages.get(message) or message

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return self.gettext(msgid1 if n == 1 else msgid2)


def extract() -> Catalog:
    """Every marked string of the templates and scripts, with where it is used."""
    catalog = Catalog(
        project="aspects",
        version=__version__,
        copyright_holder="the Aspects authors",
        domain=DOMAIN,
        creation_date=datetime(2026, 1, 1, tzinfo=UTC),
    )
    found = extract_from_dir(WEB, METHODS, OPTIONS, KEYWORDS, strip_comment_tags=True)
    for filename, lineno, message, comments, context in found:
        catalog.add(
            message, locations=[(filename, lineno)], auto_comments=comments, context=context
        )
    return catalog


def message_ids(catalog: Catalog) -> set[str]:
    """The message ids of a catalogue (plural forms by their singular)."""
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


def write_template(path: Path = TEMPLATE) -> int:
    """Write the ``.pot`` catalogue template; the number of messages."""
    catalog = extract()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        write_po(out, catalog, omit_header=False, sort_output=True, width=100)
    return len(message_ids(catalog))


def init_language(lang: str) -> Path:
    """Start ``<lang>/LC_MESSAGES/aspects.po`` from the template (kept when it exists)."""
    target = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not target.exists():
        with TEMPLATE.open("rb") as source:
            catalog = read_po(source, locale=lang)
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as out:
            write_po(out, catalog, width=100)
    return target


def languages() -> tuple[str, ...]:
    """Languages with a catalogue, e.g. ``("fr", "pt_BR")``."""
    return tuple(
        sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    )


def translations(lang: str | None) -> gettext.NullTranslations:
    """The catalogue of ``lang`` (None or unknown: the text as written)."""
    return _read(LOCALE_DIR, lang)


@lru_cache(maxsize=32)
def _read(root: Path, lang: str | None) -> gettext.NullTranslations:
    path = root / str(lang) / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not lang or not path.exists():
        return gettext.NullTranslations()
    with path.open("rb") as source:
        catalog = read_po(source)
    messages = {
        str(m.id): str(m.string)
        for m in catalog
        if m.id and isinstance(m.id, str) and m.string and not m.fuzzy
    }
    return _PoTranslations(messages)


def script_messages(lang: str | None) -> dict[str, str]:
    """The translated messages a page's scripts may ask for (empty: no translation)."""
    found = translations(lang)
    return dict(found.messages) if isinstance(found, _PoTranslations) else {}


def choose(accept_language: str | None, offered: Iterable[str]) -> str | None:
    """The best offered language for an ``Accept-Language`` header (RFC 9110 §12.5.4).

    Exact tags first (``pt-BR`` → ``pt_BR``), then the primary subtag (``fr-CA`` → ``fr``);
    ``q=0`` refuses a language. None when nothing offered is acceptable.
    """
    offered = {o.lower().replace("_", "-"): o for o in offered}
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if tag and quality > 0:
            ranked.append((-quality, index, tag.lower()))
    for _quality, _index, tag in sorted(ranked):
        if tag in offered:
            return offered[tag]
        primary = tag.split("-")[0]
        if primary in offered:
            return offered[primary]
    return None
