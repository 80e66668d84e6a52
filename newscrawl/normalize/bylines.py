"""Bylines: raw author strings from metadata or page text → a clean list of names.

``clean_authors("By JANE DOE and John Roe, Staff Writers | Reuters")`` gives
``["Jane Doe", "John Roe"]``. The work goes in four steps, each a small function:

1. **Segments.** The raw text is cut at strong separators ("|", ";", "•", new lines) and at
   credit labels ("Editing by", "Photo:", "©"). Segments opened by a credit label are dropped:
   editors, photographers and illustrators are not authors.
2. **Tails.** Author labels ("By", "Von", "Reporting by", "Autor:") are stripped from a
   segment; dates, "Published ...", "Email the author", "Follow" and what follows are cut.
3. **Pieces.** A segment is split at commas, spaced dashes and conjunctions ("and", "und",
   "et", "&", ...). Each piece is classified: a person, a news agency, another organisation,
   a generic desk ("Redaktion", "News Desk"), the site itself, a place, a role, or junk.
4. **Choice.** When any person is found, the persons and the news agencies credited with
   them are kept ("Jane Doe, dpa": the agency co-wrote the story; in "Jane Doe | Reuters"
   the agency behind a layout bar is a source label); outlets, desks and places are
   dropped. Otherwise the agencies and organisations are the byline ("By AFP" →
   ``["AFP"]``). ALL CAPS names are title-cased and the result is deduplicated
   case-insensitively.

The word lists at the top of the module are the knowledge; the code only combines them.
Nothing here is specific to one site: per-site knowledge belongs in the site files.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice

__all__ = ["clean_authors", "clean_authors_with_kind"]

MAX_RAW_LENGTH = 500
"""A longer byline is a biography or a page fragment: only its start is read."""
MAX_ITEMS = 50
"""At most this many items are read from an iterable (JSON-LD author lists)."""
MAX_NAME_WORDS = 5

# --------------------------------------------------------------------------------------------
# Word lists.
# --------------------------------------------------------------------------------------------

# "Autor", "Autorin", and the gender-inclusive forms of German pages: "Autor*in",
# "Autor:in", "Autor/-in", "Autorin/Autor". A label with or without ":".
_AUTOR = r"autor(?:in|en|innen|[*:/_]-?in(?:nen)?)?(?:\s*/\s*autor(?:in)?)?"

# Labels that open a byline segment and are stripped ("By Jane Doe"). Only at the start of a
# segment: inside a name "von"/"di" are particles ("Ursula von der Leyen", "Di Maio").
_LEADING_LABELS = [
    r"(?:(?:an?\s+)?(?:analysis|opinion|commentary|column|review|essay|report|story)\s+)?by",
    r"(?:ein(?:e)?\s+)?(?:kommentar|gastbeitrag|beitrag|bericht|analyse|reportage|kolumne|essay|"
    r"interview|gespräch)\s+von",
    r"une?\s+(?:analyse|chronique|tribune|article|éditorial)\s+(?:de|d')",
    r"von",
    r"vom",
    r"(?:ein(?:e)?\s+)?(?:blog-?\s*|gast)?(?:artikel|beitrag|bericht|pressemitteilung)\s+von",
    r"(?:zeige\s+)?alle\s+(?:beiträge|artikel)\s+von",
    r"(?:view\s+)?all\s+(?:posts|articles|stories)\s+by",
    r"par",
    r"por",
    r"door",
    _AUTOR,
    r"przez",
]
# "Di Marco Rossi" is Italian for "by Marco Rossi", "Di Maio" is a surname: "di" is a label
# only when a full name (two words or more) follows.
_ITALIAN_BY_RE = re.compile(r"^di\s+(?=\S+\s+\S)", re.IGNORECASE)

# Author labels that may appear anywhere in a byline and start a new segment.
_AUTHOR_PHRASES = [
    r"(?:additional\s+)?reporting\s+by",
    r"writing\s+by",
    r"written\s+by",
    r"words\s+by",
    r"reported\s+by",
    r"compiled\s+by",
    r"story\s+by",
    r"posted\s+by",
    r"text\s+(?:by|von)",
    r"geschrieben\s+von",
    r"verfasst\s+von",
    r"veröffentlicht\s+von",
    r"eingestellt\s+von",
    r"published\s+by",
    r"publié\s+par",
    r"écrit\s+par",
    r"publicado\s+por",
    r"escrito\s+por",
    r"scritto\s+da",
    r"geschreven\s+door",
]
# Words that, followed by ":", label the author ("Autor:", "Text und Interview:").
_AUTHOR_LABEL_WORDS = [
    r"text", r"texte", r"texto", r"testo", r"tekst", r"words", r"story", r"interview",
    _AUTOR, r"authors?", r"auteur(?:e)?s?", r"autore", r"autori",
    r"autor(?:a|es)?", r"byline", r"reporting", r"bericht", r"recherche",
    r"source", r"quelle", r"fuente", r"fonte", r"bron",
]  # fmt: skip
# Words that, followed by ":" or "by"/"von"/"par", credit someone who is not an author.
_CREDIT_WORDS = [
    r"photos?", r"photograph(?:s|y|ie)?", r"pictures?", r"images?", r"videos?", r"fotos?",
    r"fotogra(?:f|fie|fía|fia)", r"bild(?:er)?", r"illustrations?", r"illustriert",
    r"graphics?", r"grafik(?:en)?", r"infogra(?:fik|phic|phie|fía)", r"design", r"layout",
    r"editing", r"edited", r"editors?", r"redigiert", r"bearbeitet", r"bearbeitung",
    r"redaktion", r"rédaction", r"redacción", r"produced", r"production", r"produktion",
    r"fact[- ]?check(?:ed|ing)?", r"translated", r"translation", r"übersetzung",
    r"übersetzt", r"traduction", r"traduit", r"traducción", r"traducido", r"crédits?",
    r"credits?", r"montage", r"kamera", r"camera", r"schnitt", r"audio", r"sound",
    r"mise\s+en\s+page", r"cartography", r"karte",
]  # fmt: skip
_CREDIT_LINKS = r"(?:by|von|par|por|de|di|da|door)"

# Words after which a byline is over: dates ("Published 4 Nov 2025"), UI ("Email the author").
_TAIL_WORDS = [
    # publication labels
    r"first\s+published", r"published", r"(?:letzte|zuletzt)\s+(?:aktualisierung|geändert)",
    r"aktualisierung", r"last\s+update", r"dernière\s+mise\s+à\s+jour",
    r"última\s+actualización", r"publish\s+date", r"last\s+updated", r"updated",
    r"veröffentlicht", r"aktualisiert", r"stand", r"erschienen", r"publiziert",
    r"publié(?!\s+par)", r"mis\s+à\s+jour", r"actualisé", r"publicado(?!\s+por)", r"actualizado",
    r"pubblicato", r"aggiornato", r"gepubliceerd", r"bijgewerkt", r"atualizado",
    # interface
    r"email\s+the\s+author", r"e-?mail\s+(?:me|author)", r"email", r"e-mail", r"follow",
    r"more\s+(?:from|by|stories|articles|about)", r"view\s+(?:all|profile|bio|more)",
    r"all\s+(?:articles|posts|stories)", r"read\s+(?:more|bio)", r"contact", r"show\s+more",
    r"twitter", r"facebook", r"linkedin", r"instagram", r"mastodon", r"bluesky",
    r"alle\s+artikel", r"mehr\s+(?:von|zu|zum|artikel)", r"folgen", r"profil",
    r"plus\s+d'articles", r"suivre", r"voir\s+(?:tous|plus|le\s+profil)", r"ver\s+más",
    r"seguir", r"leer\s+más", r"segui", r"volg",
    r"\d+\s+min(?:ute)?s?\s+read", r"\d+\s+(?:hours?|minutes?|days?)\s+ago",
    r"vor\s+\d+\s+(?:minuten|stunden|tagen)", r"hace\s+\d+", r"il\s+y\s+a\s+\d+",
]  # fmt: skip

# Role words: a piece containing one is a job title, not a name ("Senior Correspondent").
_ROLE_HEADS = {
    # en
    "writer", "writers", "correspondent", "correspondents", "reporter", "reporters", "editor",
    "editors", "editor-at-large", "columnist", "columnists", "contributor", "contributors",
    "journalist", "journalists", "producer", "analyst", "critic", "photographer",
    "photojournalist", "presenter", "blogger", "intern", "stringer", "commentator",
    "director", "chief", "researcher", "professor", "student",
    # de
    "redakteur", "redakteurin", "redakteure", "korrespondent", "korrespondentin",
    "korrespondenten", "reporterin", "journalistin", "journalisten", "kolumnist",
    "kolumnistin", "autor", "autorin", "gastautor", "gastautorin", "volontär", "volontärin",
    "chefredakteur", "chefredakteurin", "ressortleiter", "ressortleiterin", "moderator",
    "moderatorin", "mitarbeiter", "mitarbeiterin", "leiter", "leiterin", "fotograf",
    "fotografin", "studentin", "praktikant", "praktikantin",
    # fr
    "journaliste", "correspondant", "correspondante", "rédacteur", "rédactrice",
    "chroniqueur", "chroniqueuse", "envoyé", "envoyée", "éditorialiste", "pigiste",
    "rédacteur-en-chef",
    # es / pt / it / nl
    "periodista", "corresponsal", "redactor", "redactora", "columnista", "enviado",
    "enviada", "jornalista", "correspondente", "repórter", "colunista", "giornalista",
    "corrispondente", "inviato", "inviata", "redattore", "redattrice", "editorialista",
    "verslaggever", "redacteur",
}  # fmt: skip
# Endings of compound role words ("Wirtschaftsredakteur", "Sportreporterin").
_ROLE_SUFFIXES = (
    "redakteur", "redakteurin", "korrespondent", "korrespondentin", "reporter", "reporterin",
    "journalist", "journalistin", "kolumnist", "kolumnistin", "fotograf", "fotografin",
    "moderator", "moderatorin", "volontär", "volontärin", "autorin", "ressortleiter",
    "ressortleiterin", "chefin", "leiterin", "expertin", "experte", "student", "studentin",
    "praktikant", "praktikantin",
)  # fmt: skip
# Words that qualify a role: stripped together with it ("Senior Political Correspondent").
_ROLE_MODIFIERS = {
    "senior", "junior", "chief", "staff", "deputy", "associate", "assistant", "executive",
    "managing", "contributing", "special", "freelance", "guest", "lead", "principal",
    "political", "politics", "business", "economics", "economy", "financial", "finance",
    "markets", "transport", "transportation", "health", "science", "technology", "tech",
    "sports", "sport", "foreign", "international", "national", "world", "local", "defence",
    "defense", "security", "environment", "environmental", "climate", "energy", "education",
    "culture", "cultural", "arts", "entertainment", "legal", "crime", "courts", "investigative",
    "data", "digital", "social", "media", "religion", "travel", "food", "fashion", "style",
    "music", "film", "books", "opinion", "auto", "motoring", "property", "consumer", "weather",
    "europe", "european", "asia", "africa", "americas", "middle", "east", "washington",
    "white", "house", "congressional", "diplomatic", "home", "affairs", "news", "online",
    "web", "desk", "features", "general", "multimedia", "video", "visual", "graphics",
    "leitender", "leitende", "stellvertretender", "stellvertretende", "freier", "freie",
    "politischer", "politische", "spécial", "spéciale", "grand", "grande",
}  # fmt: skip
# After a role these start an affiliation, not a name: "Reporter for Fox News".
_ROLE_PREPOSITIONS = {
    "for", "at", "of", "with", "in", "bei", "beim", "für", "der", "des", "im", "de", "du",
    "d'", "pour", "au", "à", "del", "en", "para", "per", "di", "della", "van", "voor", "bij",
}  # fmt: skip
# Determiners before a role: "unserem Korrespondenten", "our correspondent".
_DETERMINERS = {
    "our", "the", "a", "an", "unser", "unsere", "unserem", "unseren", "unserer", "der", "die",
    "das", "dem", "den", "notre", "nos", "le", "la", "les", "un", "une", "nuestro",
    "nuestra", "el", "il", "lo", "nostro", "nostra", "onze", "ons", "het", "de", "o",
}  # fmt: skip

# News agencies, by lower-case spelling → how the agency writes itself.
_AGENCIES = {
    "ap": "AP", "associated press": "Associated Press",
    "the associated press": "Associated Press", "afp": "AFP",
    "agence france-presse": "Agence France-Presse",
    "agence france presse": "Agence France-Presse", "reuters": "Reuters",
    "thomson reuters": "Reuters", "dpa": "dpa",
    "deutsche presse-agentur": "Deutsche Presse-Agentur",
    "apa": "APA", "kna": "KNA", "epd": "epd", "sid": "SID", "dts": "dts", "ddp": "ddp",
    "afx": "AFX", "dpa-afx": "dpa-AFX", "bloomberg": "Bloomberg", "upi": "UPI", "ansa": "ANSA",
    "efe": "EFE", "europa press": "Europa Press", "anp": "ANP", "belga": "Belga", "sda": "SDA",
    "keystone-sda": "Keystone-SDA", "ats": "ATS", "pa": "PA", "pa media": "PA Media",
    "press association": "Press Association", "xinhua": "Xinhua", "tass": "TASS",
    "kyodo": "Kyodo", "yonhap": "Yonhap", "pti": "PTI", "ians": "IANS", "ani": "ANI",
    "aap": "AAP", "the canadian press": "The Canadian Press",
    "canadian press": "The Canadian Press", "ntb": "NTB", "tt": "TT", "ritzau": "Ritzau",
    "lusa": "Lusa", "pap": "PAP", "ctk": "ČTK", "čtk": "ČTK", "anadolu": "Anadolu",
    "anadolu agency": "Anadolu Agency", "cna": "CNA",
}  # fmt: skip
# Generic desks and collective bylines: kept only when no person is named.
_GENERIC_NAMES = {
    "staff", "editorial staff", "editorial team", "editorial board", "the editorial board",
    "editors", "the editors", "news desk", "newsdesk", "web desk", "digital desk",
    "online desk", "news staff", "newsroom", "redaktion", "online-redaktion",
    "onlineredaktion", "nachrichtenredaktion", "red.", "red", "rédaction", "la rédaction",
    "redacción", "la redacción", "redazione", "redactie", "agencies", "agencias",
    "agenturen", "agences", "agenzie", "wires", "wire services", "news agencies",
    "news service", "news services", "team", "guest author", "gastautor", "gastautorin",
}  # fmt: skip
# Last words that make a piece a desk ("BR24 Redaktion", "Sports Desk").
_GENERIC_LAST_WORDS = {
    "redaktion", "desk", "team", "staff", "newsroom", "rédaction", "redacción", "redazione",
    "redactie", "agenturen", "agencies", "board",
}  # fmt: skip
# Endings of German compound desks: "Webteam", "Lokalredaktion", "Onlineredaktion".
_GENERIC_COMPOUND_ENDINGS = ("team", "redaktion")
# Never a byline, alone or not (CMS defaults, placeholders).
_JUNK_NAMES = {
    "admin", "administrator", "webmaster", "user", "unknown", "anonymous", "anonym",
    "none", "null", "undefined", "n/a", "na", "author", "authors", "autor", "auteur", "by",
    "von", "default", "root", "test", "wordpress", "editor", "name", "posted", "loading",
    "log out", "log in", "sign in", "sign out", "sign up", "my account", "mein konto",
    "phd", "ph.d.", "md", "mba", "jr", "jr.", "sr", "sr.", "anonyme", "anonimo", "anónimo",
    "anonima", "anónima", "super user", "superuser", "site admin", "site administrator",
}  # fmt: skip
# Words of outlet names: a piece containing one is an organisation ("Business Insider").
_OUTLET_WORDS = {
    "news", "times", "post", "press", "journal", "tribune", "herald", "daily", "weekly",
    "magazine", "magazin", "zeitung", "nachrichten", "rundschau", "anzeiger", "kurier",
    "allgemeine", "tagblatt", "radio", "tv", "television", "media", "network", "agency",
    "agentur", "agence", "agencia", "group", "online", "insider", "gazette", "chronicle",
    "observer", "guardian", "telegraph", "independent", "express", "mirror", "standard",
    "presse", "rundfunk", "fernsehen", "télévision", "quotidien", "diario", "periódico",
    "giornale", "krant", "dagblad", "wire", "service", "inc", "inc.", "ltd", "gmbh", "llc",
    "illustrierte", "zeitschrift", "illustrated", "revue", "revista", "rivista", "gazzetta",
    "gazeta",
}  # fmt: skip
# Lower-case words allowed inside a person's name.
_PARTICLES = {
    "van", "von", "de", "der", "den", "del", "della", "delle", "dei", "degli", "di", "da",
    "das", "do", "dos", "du", "la", "le", "les", "lo", "ter", "ten", "te", "zu", "zum", "zur",
    "am", "bin", "ibn", "bint", "al", "el", "y", "e", "i", "af", "av", "st.", "mac", "ap",
    "ben", "op", "'t",
}  # fmt: skip
# First words of multi-word places after a comma ("Jane Doe, New York").
_PLACE_FIRST_WORDS = {
    "new", "san", "santa", "santo", "são", "los", "las", "saint", "st.", "sankt", "bad",
    "hong", "tel", "abu", "rio", "buenos", "kuala", "cape", "port", "frankfurt", "mexico",
    "sri", "costa", "puerto", "ho", "addis", "dar", "el",
}  # fmt: skip
# Interface words that cannot be part of a name.
_UI_WORDS = {
    "share", "facebook", "twitter", "email", "e-mail", "follow", "subscribe", "login", "account",
    "konto", "compte", "cuenta", "sign", "anmelden", "abmelden", "logout", "register",
    "contact", "profile", "comments", "comment", "read", "more", "view", "posts", "articles",
    "newsletter", "menu", "home", "search", "print", "click", "here", "bio", "biography",
    "close", "loading", "advertisement", "anzeige", "werbung", "teilen", "partager",
}  # fmt: skip
# "and" in any case ("LISA MASCARO AND ERIC TUCKER"); the short ones only in lower case so
# that an initial ("John E Smith") is not taken for Italian "e". Interviews credit both
# sides: "Jane Doe im Gespräch mit John Roe".
_CONJUNCTIONS = (
    r"(?i:and|und|with|&|\+|im\s+gespräch\s+mit|in\s+conversation\s+with)|et|y|e|i|en|og|och"
)
_MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "januar", "jänner", "februar", "märz", "mai", "juni",
    "juli", "oktober", "dezember", "janvier", "février", "mars", "avril", "juin", "juillet",
    "août", "septembre", "octobre", "novembre", "décembre", "enero", "febrero", "marzo",
    "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre",
    "diciembre", "gennaio", "febbraio", "aprile", "maggio", "giugno", "luglio", "settembre",
    "ottobre", "dicembre", "januari", "februari", "maart", "mei", "augustus",
}  # fmt: skip
_WEEKDAYS = {
    "mo", "di", "mi", "do", "fr", "sa", "so",  # "Di, 10:19 Uhr"
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon",
    "tue", "wed", "thu", "fri", "sat", "sun", "montag", "dienstag", "mittwoch", "donnerstag",
    "freitag", "samstag", "sonntag", "lundi", "mardi", "mercredi", "jeudi", "vendredi",
    "samedi", "dimanche", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado",
    "domingo",
}  # fmt: skip
# Words left dangling before a cut date: "Michael Smith on November 19" → "Michael Smith".
_DANGLING = {"on", "am", "le", "el", "il", "at", "um", "à", "the", "den", "op", "em", "-", "|"}
_ROMAN_NUMERALS = {"ii", "iii", "iv", "vi", "vii", "viii"}

# --------------------------------------------------------------------------------------------
# Compiled patterns.
# --------------------------------------------------------------------------------------------

_TAG_RE = re.compile(r"<[^<>]{0,500}>")
_URL_RE = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_HANDLE_RE = re.compile(r"(?<![\w@])@\w+")
_COPYRIGHT_RE = re.compile(r"\(c\)|©|\bcopyright\b", re.IGNORECASE)
_PARENS_RE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_LAYOUT_BAR_RE = re.compile(r"[|•·]")
# Strong separators between unrelated parts of a byline.
_SEGMENT_RE = re.compile(r"[|;•·\n\r\t]+|\s/\s|//")
_CREDIT_LABEL_RE = re.compile(
    r"(?<!\w)(?:" + "|".join(_CREDIT_WORDS) + r")"
    r"(?:\s*(?:and|und|&|et|/)\s*(?:" + "|".join(_CREDIT_WORDS) + r"))?"
    r"(?:\s*:|\s+" + _CREDIT_LINKS + r"(?!\w))",
    re.IGNORECASE,
)
_CREDIT_WORD_RE = re.compile("|".join(_CREDIT_WORDS))
_AUTHOR_LABEL_RE = re.compile(
    r"(?<!\w)(?:"
    + "|".join(_AUTHOR_PHRASES)
    + r"|(?:"
    + "|".join(_AUTHOR_LABEL_WORDS)
    + r")(?:\s*(?:und|and|&|et|y|e|\+)\s*[^\W\d_]+)?\s*:)(?!\w)\s*:?",
    re.IGNORECASE,
)
_LEADING_LABEL_RE = re.compile(
    r"^(?:" + "|".join(_LEADING_LABELS) + r")(?!\w)\s*:?\s*", re.IGNORECASE
)
_TAIL_RE = re.compile(r"(?<!\w)(?:" + "|".join(_TAIL_WORDS) + r")(?!\w)", re.IGNORECASE)
# Pieces: commas and spaced dashes separate a name from what describes it; conjunctions and
# slashes separate names.
_PIECE_RE = re.compile(
    r"(?P<comma>\s*,\s*|\s+[-–—]\s+)"
    r"|(?P<conj>\s+(?:" + _CONJUNCTIONS + r")\s+|\s*/\s*)"
)
_SPACE_RE = re.compile(r"\s+")
_EDGE_RE = re.compile(
    r"^[\s,;:.!?\"'“”‘’«»()\[\]*_~=+#/\\–—-]+|[\s,;:!?\"'“”‘’«»()\[\]*_~=+#/\\–—-]+$"
)
_NAME_TOKEN_RE = re.compile(r"^[^\W\d_][^\W\d_'’.\-]*(?:['’.\-][^\W\d_]*)*\.?$")
_INITIALS_RE = re.compile(r"^(?:[^\W\d_]\.){1,3}$|^[^\W\d_]$")
_DOMAIN_RE = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}$", re.IGNORECASE)
# A user name as blogs and forums print it ("marc", "delta201", "j.doe"): one lower-case token
# of letters, digits, "." "_" "-" that starts with a letter.
_USERNAME_RE = re.compile(r"^[^\W\d_A-Z][\w.-]{1,29}$")


@dataclass(slots=True)
class _Piece:
    """One candidate from a byline and what it is."""

    text: str
    kind: str  # person, agency, org, generic, site, place
    key: str = ""

    def __post_init__(self) -> None:
        self.key = self.text.casefold()


# --------------------------------------------------------------------------------------------
# Public API.
# --------------------------------------------------------------------------------------------


def clean_authors(raw: str | Iterable[str] | None, *, site_name: str | None = None) -> list[str]:
    """Return the author names in ``raw`` (a byline, or a list of names from JSON-LD).

    Persons win: the site's own name (``site_name``), other outlets, generic desks and
    places are dropped when at least one person is named, and kept when they are the whole
    byline. News agencies are kept beside persons: they share the credit.
    Never raises.
    """
    return clean_authors_with_kind(raw, site_name=site_name)[0]


def clean_authors_with_kind(
    raw: str | Iterable[str] | None, *, site_name: str | None = None
) -> tuple[list[str], str | None]:
    """:func:`clean_authors`, and what the names are: ``"person"`` when persons were found,
    ``"username"`` for user names alone ("marc", "delta201"), ``"organisation"`` for
    agencies, outlets and desks alone, ``None`` when nothing was. Lets a caller prefer a
    source that names people over one that names only a login or the outlet."""
    pieces: list[_Piece] = []
    for item in _raw_items(raw):
        pieces.extend(_pieces_of(item, site_name))
    names = _choose(pieces)
    if not names:
        return names, None
    kinds = {p.kind for p in pieces}
    if "person" in kinds:
        return names, "person"
    return names, "username" if "username" in kinds else "organisation"


# --------------------------------------------------------------------------------------------
# Steps.
# --------------------------------------------------------------------------------------------


def _raw_items(raw: object) -> list[str]:
    """The raw strings to read: a string, or the strings (or ``{"name": ...}``) of a list."""
    if raw is None:
        return []
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", "replace")
    if isinstance(raw, str):
        return [raw]
    if isinstance(raw, dict):
        raw = [raw]
    items: list[str] = []
    try:
        for item in islice(raw, MAX_ITEMS):  # type: ignore[call-overload]
            if isinstance(item, dict):
                item = item.get("name")
            if isinstance(item, str):
                items.append(item)
    except TypeError:  # not iterable
        return []
    return items


def _pieces_of(raw: str, site_name: str | None) -> list[_Piece]:
    """The pieces of one raw string. An agency set apart by a layout bar next to named
    persons ("Jane Doe | Reuters") is where the story ran or came from, like an outlet;
    an agency in the persons' own segment ("Jane Doe, dpa", "det/dpa") or in a list of
    names ("Jane Doe; AP") shares the credit."""
    text = _prepare(raw)
    segments = [_classify_segment(_cut_tail(s), site_name) for s in _author_segments(text)]
    named = _LAYOUT_BAR_RE.search(text) is not None and any(
        p.kind in {"person", "username"} for pieces in segments for p in pieces
    )
    for pieces in segments:
        if named and pieces and all(p.kind == "agency" for p in pieces):
            for piece in pieces:
                piece.kind = "org"
    return [piece for pieces in segments for piece in pieces]


def _prepare(raw: str) -> str:
    """Plain text: entities decoded, tags, URLs, e-mails, handles and remarks removed."""
    text = raw[:MAX_RAW_LENGTH]
    text = html.unescape(text)
    text = _TAG_RE.sub(" ", text)
    text = unicodedata.normalize("NFC", text)
    text = "".join(_plain_char(ch) for ch in text)
    text = _URL_RE.sub(" ", text)
    text = _EMAIL_RE.sub(" ", text)
    text = _HANDLE_RE.sub(" ", text)
    text = _COPYRIGHT_RE.sub(" | © ", text)  # a credit: its own segment, dropped below
    text = _PARENS_RE.sub(" ", text)
    return text


def _plain_char(ch: str) -> str:
    """Spaces and controls → " ", invisible format characters → "" (keeps "\n" etc.)."""
    if ch in "\n\r\t":
        return ch  # segment separators
    category = unicodedata.category(ch)
    if category == "Cf":  # zero-width joiners, soft hyphens, direction marks
        return ""
    if ch.isspace() or category in {"Cc", "Cs", "Co", "Cn"}:
        return " "
    return ch


def _author_segments(text: str) -> list[str]:
    """Segments that name authors, label removed; credit segments are dropped."""
    segments: list[str] = []
    for part in _SEGMENT_RE.split(text):
        for kind, segment in _split_at_labels(part):
            if kind == "credit":
                continue
            segment = _LEADING_LABEL_RE.sub("", segment.strip())
            segment = _ITALIAN_BY_RE.sub("", segment)
            segments.append(segment)
    return segments


def _split_at_labels(part: str) -> list[tuple[str, str]]:
    """Cut ``part`` at author and credit labels: ``[(kind, text after the label), ...]``."""
    marks: list[tuple[int, int, str]] = []
    for m in _CREDIT_LABEL_RE.finditer(part):
        marks.append((m.start(), m.end(), "credit"))
    for m in _AUTHOR_LABEL_RE.finditer(part):
        if not any(start <= m.start() < end for start, end, _ in marks):
            marks.append((m.start(), m.end(), "author"))
    if part.lstrip().startswith("©"):
        marks.append((0, part.index("©") + 1, "credit"))
    marks.sort()
    out: list[tuple[str, str]] = []
    position, kind = 0, "author"
    for start, end, label_kind in marks:
        if start < position:
            continue
        out.append((kind, part[position:start]))
        position, kind = end, label_kind
    out.append((kind, part[position:]))
    return [(k, s) for k, s in out if s.strip()]


def _cut_tail(segment: str) -> str:
    """Cut what follows the names: "Published ...", "Follow", a date, a time."""
    m = _TAIL_RE.search(segment)
    if m is not None:
        segment = segment[: m.start()]
    words = segment.split()
    for i, word in enumerate(words):
        if word[:1].isdigit():  # "31.10.2025", "19,", "07:47": names have no digits
            words = words[:i]
            break
    # Drop what the cut left dangling: "Jeff Foust Monday, November" → "Jeff Foust".
    while words and _bare(words[-1]) in (_MONTHS | _WEEKDAYS | _DANGLING):
        words.pop()
    return " ".join(words)


def _classify_segment(segment: str, site_name: str | None) -> list[_Piece]:
    """The pieces of one segment. A segment that holds prose ("Bundesministerium für
    Wirtschaft und Klimaschutz", "Tipps zu Lautsprecher, Heimkino und HiFi") is not a
    byline: the one-word pieces its commas and conjunctions cut off are dropped."""
    pieces: list[_Piece] = []
    name_seen = prose = False
    for index, (separator, raw_piece) in enumerate(_split_pieces(segment)):
        text = _EDGE_RE.sub("", _SPACE_RE.sub(" ", raw_piece))
        if not text:
            continue
        after_comma = separator == "comma" and index > 0
        piece = _classify(text, after_comma=after_comma, person_before=name_seen)
        if piece is None:
            prose = prose or _is_prose(text)
            continue
        if site_name and _same_outlet(piece.text, site_name):
            piece.kind = "site"
        # "Jane Doe, Berlin", "hessenschau.de, Frankfurt": a place follows a name.
        name_seen = name_seen or piece.kind in {"person", "site", "org", "agency"}
        pieces.append(piece)
    if prose:
        # What the prose leaves are words of a sentence ("The Russian and Syrian defense
        # ministries"), not names: only full names and news agencies stay.
        pieces = [p for p in pieces if p.kind == "agency" or (p.kind == "person" and " " in p.text)]
    return pieces


def _is_prose(text: str) -> bool:
    """Two or more words, one of them a lower-case word that no name holds. A preposition
    that opens the piece is a section or an affiliation ("in News", "for Reuters")."""
    words = text.split()
    if len(words) > 1 and _bare(words[0]) in _ROLE_PREPOSITIONS:
        words = words[1:]
    return len(words) > 1 and any(w[:1].islower() and _bare(w) not in _PARTICLES for w in words)


def _split_pieces(segment: str) -> list[tuple[str, str]]:
    """``[(separator before the piece: "start"/"comma"/"conj", piece), ...]``."""
    out: list[tuple[str, str]] = []
    position, separator = 0, "start"
    for m in _PIECE_RE.finditer(segment):
        out.append((separator, segment[position : m.start()]))
        position, separator = m.end(), "comma" if m["comma"] else "conj"
    out.append((separator, segment[position:]))
    return out


def _classify(text: str, *, after_comma: bool, person_before: bool) -> _Piece | None:
    """What one piece is, or None when it is nothing worth keeping."""
    key = text.casefold()
    if key in _JUNK_NAMES or key in _WEEKDAYS or key in _MONTHS:
        return None  # "Admin", "Di" (Dienstag) alone
    if key in _AGENCIES:
        return _Piece(_AGENCIES[key], "agency")
    if key in _GENERIC_NAMES:
        return _Piece(text, "generic")
    if _CREDIT_WORD_RE.fullmatch(key):
        return None  # "Bild" of "Bild © hr": a credit's label alone

    tokens = text.split()
    role_at = _role_index(tokens)
    if role_at is not None:
        name = _name_around_role(tokens, role_at, after_comma=after_comma)
        if name is None:
            # "By Staff Writer": the role alone is the byline, like a desk.
            return _Piece(text, "generic") if _only_role(tokens) else None
        tokens = name
        text = " ".join(tokens)
        key = text.casefold()
        if key in _AGENCIES:
            return _Piece(_AGENCIES[key], "agency")

    bare_tokens = [_bare(t) for t in tokens]
    first = bare_tokens[0] if tokens[0][:1].islower() else ""
    if len(tokens) > 1 and first in _ROLE_PREPOSITIONS and first not in _PARTICLES:
        return None  # "in News", "for Politics": a section or an affiliation, no name
    if bare_tokens and _is_desk_word(bare_tokens[-1]):
        return _Piece(text, "generic")
    if _is_organisation(tokens, bare_tokens):
        return _Piece(text, "org")
    if after_comma and person_before and _is_place(tokens, bare_tokens):
        return _Piece(text, "place")
    tokens = _undouble(tokens)
    if _is_person_name(tokens, [_bare(t) for t in tokens]):
        return _Piece(_fix_case(tokens), "person")
    if _is_username(tokens):
        return _Piece(tokens[0], "username")
    return None


def _is_desk_word(word: str) -> bool:
    """ "Desk", "Redaktion", and German compounds of them: "Webteam", "Lokalredaktion"."""
    return word in _GENERIC_LAST_WORDS or (
        len(word) >= 7 and word.endswith(_GENERIC_COMPOUND_ENDINGS)
    )


def _is_username(tokens: list[str]) -> bool:
    """A lone lower-case token that no word list knows: the name a blog or forum shows for
    its author. Weaker than a person's name (see :func:`_choose`)."""
    if len(tokens) != 1 or not _USERNAME_RE.match(tokens[0]):
        return False
    word = _bare(tokens[0])
    return not (
        word in _JUNK_NAMES
        or word in _PARTICLES
        or word in _UI_WORDS
        or word in _DANGLING
        or word in _MONTHS
        or word in _WEEKDAYS
        or word in _DETERMINERS
        or word in _ROLE_PREPOSITIONS
    )


def _role_index(tokens: list[str]) -> int | None:
    for i, token in enumerate(tokens):
        word = _bare(token)
        if word in _ROLE_HEADS or ("-" in word and word.split("-")[0] in _ROLE_HEADS):
            return i
        if len(word) > 9 and word.endswith(_ROLE_SUFFIXES):
            return i  # German compounds: "Wirtschaftsredakteur", "Auslandskorrespondentin"
    return None


def _only_role(tokens: list[str]) -> bool:
    """ "Staff Writer", "Senior Correspondent": a role and its modifiers, nothing else."""
    words = [_bare(t) for t in tokens]
    return len(words) > 1 and all(w in _ROLE_HEADS or w in _ROLE_MODIFIERS for w in words)


def _name_around_role(tokens: list[str], at: int, *, after_comma: bool) -> list[str] | None:
    """The name next to a role: "Jamelle Bouie Opinion Columnist", "Korrespondent Max Muster".

    After a comma or dash the left side is an affiliation ("…, CNN Editor-at-large"), so
    only the right side can be a name there.
    """
    left = tokens[:at]
    while left and _bare(left[-1]) in _ROLE_MODIFIERS:
        left.pop()
    while left and _bare(left[0]) in _DETERMINERS:
        left.pop(0)
    right = tokens[at + 1 :]
    while right and _bare(right[0]) in _ROLE_MODIFIERS | _ROLE_HEADS:
        right.pop(0)
    if right and _bare(right[0]) in _ROLE_PREPOSITIONS:
        right = []
    candidates = [right] if after_comma else [left, right]
    for side in candidates:
        if side and _is_person_name(side, [_bare(t) for t in side]):
            return side
    return None


def _is_organisation(tokens: list[str], bare_tokens: list[str]) -> bool:
    if len(tokens) == 1 and _DOMAIN_RE.match(tokens[0]):
        return True  # "ndr.de"
    if bare_tokens and bare_tokens[0] == "the" and len(tokens) > 1:
        return True  # "The Guardian"
    if any(word in _OUTLET_WORDS for word in bare_tokens):
        return True
    if any(_bare(t) in _AGENCIES and t.isupper() for t in tokens):
        return True  # "AP Auto" left over, "MDR SACHSEN-ANHALT" is not caught here
    # A lone acronym ("BBC", "CNN") is an outlet, not a person.
    return len(tokens) == 1 and tokens[0].isupper() and 2 <= len(tokens[0]) <= 5


def _is_place(tokens: list[str], bare_tokens: list[str]) -> bool:
    """After a comma and a name: "Berlin", "NEW YORK", "San Francisco"."""
    if len(tokens) == 1:
        return tokens[0][:1].isupper()
    return bare_tokens[0] in _PLACE_FIRST_WORDS and len(tokens) <= 3


def _is_person_name(tokens: list[str], bare_tokens: list[str]) -> bool:
    if not tokens or len(tokens) > MAX_NAME_WORDS:
        return False
    has_core = False
    for token, word in zip(tokens, bare_tokens, strict=True):
        if word in _UI_WORDS or (word in _JUNK_NAMES and len(tokens) == 1):
            return False
        if word in _PARTICLES and not token[:1].isupper():
            continue
        if _INITIALS_RE.match(token):
            continue
        if not _NAME_TOKEN_RE.match(_strip_elision(token)):
            return False
        if _strip_elision(token)[:1].islower():
            return False  # "the government", "srf": names are capitalised
        has_core = True
    return has_core and sum(ch.isalpha() for ch in "".join(tokens)) >= 2


def _strip_elision(token: str) -> str:
    """ "d'Alembert" → "Alembert": a lower-case elided particle may open a name."""
    if len(token) > 2 and token[0] in "dlDL" and token[1] in "'’":
        return token[2:]
    return token


def _undouble(tokens: list[str]) -> list[str]:
    """ "Sean Martin Sean Martin" (a name printed twice) → "Sean Martin"."""
    half = len(tokens) // 2
    if (
        len(tokens) % 2 == 0
        and half
        and [t.casefold() for t in tokens[:half]] == [t.casefold() for t in tokens[half:]]
    ):
        return tokens[:half]
    return tokens


def _fix_case(tokens: list[str]) -> str:
    """Title-case ALL CAPS names; keep mixed case as the source wrote it."""
    letters = [ch for ch in "".join(tokens) if ch.isalpha()]
    all_caps = bool(letters) and all(ch.isupper() for ch in letters)
    out: list[str] = []
    for i, token in enumerate(tokens):
        caps_token = token.isupper() and sum(ch.isalpha() for ch in token) >= 3
        if (all_caps or caps_token) and not _INITIALS_RE.match(token):
            token = _title_word(token, first=i == 0)
        out.append(token)
    return " ".join(out)


def _title_word(token: str, *, first: bool) -> str:
    lower = token.lower()
    if lower in _ROMAN_NUMERALS:
        return token.upper()
    if lower in _PARTICLES and not first:
        return lower
    return "-".join(_title_part(part) for part in token.split("-"))


def _title_part(part: str) -> str:
    lower = part.lower()
    if len(lower) > 2 and lower[1] in "'’":  # O'Neil, D'Arcy
        return lower[0].upper() + lower[1] + lower[2:].capitalize()
    if lower.startswith("mc") and len(lower) > 2:  # McDonald
        return "Mc" + lower[2:].capitalize()
    return lower.capitalize()


def _same_outlet(text: str, site_name: str) -> bool:
    return _outlet_key(text) == _outlet_key(site_name) != ""


def _outlet_key(name: str) -> str:
    key = name.casefold().strip()
    if _DOMAIN_RE.match(key):
        key = key.removeprefix("www.").rsplit(".", 1)[0]
    key = key.removeprefix("the ")
    return "".join(ch for ch in key if ch.isalnum())


def _bare(token: str) -> str:
    """A token without surrounding punctuation, lower-cased, for word-list lookups."""
    return token.strip(",;:.!?\"'“”‘’«»()[]").casefold() or token.casefold()


def _choose(pieces: list[_Piece]) -> list[str]:
    """Persons (else user names) with the agencies credited beside them; without either,
    agencies and organisations. Deduplicated, in order."""
    named = [p for p in pieces if p.kind == "person"] or [p for p in pieces if p.kind == "username"]
    if named:
        chosen = [p for p in pieces if p in named or p.kind == "agency"]
    else:
        chosen = [p for p in pieces if p.kind in {"agency", "org", "generic", "site"}]
    seen: set[str] = set()
    names: list[str] = []
    for piece in chosen:
        if piece.key not in seen:
            seen.add(piece.key)
            names.append(piece.text)
    return names
