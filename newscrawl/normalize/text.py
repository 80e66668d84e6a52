"""Article text: boilerplate lines removed, whitespace normalized, hash and word count.

trafilatura leaves page furniture in the main text now and then: an "Advertisement" label,
a "Share on Facebook" bar, "Read more: <other headline>", a newsletter prompt, a cookie
notice. :func:`clean_text` removes such lines *whole*, and only short ones: every pattern is
anchored at the start of the line and bounded in length, so a real paragraph that mentions
cookies or advertising stays.

Patterns are grouped by language. English ones always apply (English furniture is common
on sites in every language); the others apply for their ``language``, or all of them when
the language is unknown.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from newscrawl.normalize.dates import DATE_IN_TEXT

__all__ = ["clean_text", "content_hash", "word_count"]

MAX_BOILERPLATE_LENGTH = 200
"""No line longer than this is ever removed as boilerplate (cookie notices included)."""
MAX_PROMPT_LENGTH = 120
"""Prompts followed by free text ("Read more: <headline>") are removed up to this length."""

# --------------------------------------------------------------------------------------------
# Boilerplate patterns. Each is matched against a whole line (lower-cased, bullets and edge
# punctuation stripped); ``…`` in a comment stands for the free text a pattern allows.
# --------------------------------------------------------------------------------------------

# Lines that are exactly a label (plus optional trailing words where noted).
_EXACT: dict[str, list[str]] = {
    "en": [
        # advertising
        r"(?:adsense\s+)?advertisements?",
        r"advertising",
        r"ad",
        r"ads",
        r"sponsored(?:\s+(?:content|links?|post|stories))?",
        r"promoted(?:\s+content)?",
        r"paid\s+(?:content|post|partnership)",
        r"(?:story|article)\s+continues\s+(?:below|after)(?:\s+(?:this\s+)?(?:advertisement|ad))?",
        r"continue\s+reading\s+(?:below|the\s+main\s+story)",
        r"advertisement\s*[-–—]?\s*scroll\s+to\s+continue",
        # sharing
        r"share(?:\s+(?:on|via)\s+[\w.+ ]{1,20})?",
        r"share\s+this(?:\s+(?:article|story|post|page))?",
        r"tweet(?:\s+this)?",
        r"copy\s+link",
        r"(?:print|email)\s+this\s+(?:article|story|page)",
        # onward reading
        r"read\s+(?:more|also|next)",
        r"also\s+read",
        r"related(?:\s+(?:articles?|stories|content|coverage|topics))?",
        r"see\s+also",
        r"recommended(?:\s+(?:for\s+you|stories|articles))?",
        r"you\s+(?:may|might)\s+also\s+like",
        r"most\s+(?:read|popular|viewed)",
        r"trending(?:\s+now)?",
        r"more\s+(?:stories|on\s+this\s+story|news)",
        # comments
        r"(?:leave|post|add|write)\s+a\s+(?:comment|reply)",
        r"\d+\s+comments?",
        r"comments?",
        r"(?:show|view|load|see)\s+(?:all\s+)?comments?",
        r"join\s+the\s+(?:conversation|discussion)",
        # cookies
        r"accept(?:\s+all)?(?:\s+cookies)?",
        r"(?:manage|cookie)\s+(?:cookies|settings|preferences|policy)",
        r"reject\s+all",
        # interface
        r"(?:dark|light)\s+mode",
        r"logo",
        r"menu",
        r"skip\s+to\s+(?:main\s+)?(?:content|navigation)",
        r"back\s+to\s+top",
        r"(?:toggle|open|close)\s+(?:navigation|menu|search)",
        r"search",
        r"close",
        r"home",
        r"loading",
        r"table\s+of\s+contents",
        r"more",
        r"don['’]t\s+miss",
        r"explore\s+further",
        # what stands for a social or video embed when its script does not run
        r"embed",
        r"view\s+(?:this\s+)?(?:post|video|photo|profile)\s+on\s+"
        r"(?:instagram|youtube|tiktok|facebook|x|twitter|threads)",
        r"watch\s+on\s+(?:youtube|vimeo)",
        r"(?:external|embedded|third[-\s]party)\s+content(?:\s+(?:not\s+)?available)?",
    ],
    "de": [
        r"anzeige",
        r"werbung",
        r"gesponsert",
        r"teilen",
        r"artikel\s+teilen",
        r"mehr\s+zum\s+thema",
        r"lesen\s+sie\s+auch",
        r"auch\s+interessant",
        r"das\s+könnte\s+sie\s+auch\s+interessieren",
        r"newsletter\s+abonnieren",
        r"jetzt\s+abonnieren",
        r"\d+\s+kommentare?",
        r"kommentare?",
        r"kommentieren",
        r"zu\s+den\s+kommentaren",
        r"alle\s+(?:cookies\s+)?akzeptieren",
        r"cookie-einstellungen",
        r"zum\s+inhalt\s+springen",
        r"nach\s+oben",
        r"menü",
        r"suche",
        r"schließen",
        r"startseite",
        r"dunkelmodus",
        # onward reading, in-page navigation
        r"auch\s+lesen",
        r"zum\s+weiterlesen",
        r"lesen\s+sie\s+auch\s+(?:die(?:se)?\s+)?(?:folgenden\s+)?(?:beiträge|artikel)",
        r"(?:empfohlene|ähnliche|verwandte)\s+(?:beiträge|artikel)",
        r"weitere\s+(?:beiträge|artikel)(?:\s+zum\s+thema)?",
        r"kommentierte\s+artikel",
        r"beiträge\s+aus\s+dem\s+forum",
        r"vorschau\s+auf\s+den\s+nächsten\s+artikel",
        r"inhaltsverzeichnis",
        r"zum\s+newsletter\s+anmelden",
        r"bild\s+anzeigen",
        # the WordPress sharing/rating widgets (Jetpack) in German
        r"teilen\s+mit",
        r"gefällt\s+mir",
        r"wird\s+geladen",
        r"bewerten",
        r"sie\s+sind\s+(?:aktuell\s+|derzeit\s+)?nicht\s+(?:eingeloggt|angemeldet)",
        r"link\s+kopiert",
        r"kommentar\s+(?:abgeben|schreiben|verfassen)",
        r"alle\s+angaben\s+ohne\s+gewähr",
        r"mit\s+(?:material\s+(?:von\s+|der\s+)?)?(?:dpa|afp|reuters|ap|kna|epd|sid|apa|sda|dts)"
        r"(?:\s*(?:,|/|und)\s*(?:dpa|afp|reuters|ap|kna|epd|sid|apa|sda|dts))*",
        # embeds without their script
        r"(?:empfohlener\s+)?externer\s+inhalt(?:\s+nicht\s+verfügbar)?",
        r"link\s+zum\s+(?:youtube|twitter|x|instagram|tiktok|facebook|spotify|podcast)"
        r"[-\s]inhalt",
        r"sieh\s+dir\s+diesen\s+beitrag\s+auf\s+(?:instagram|tiktok|facebook|threads)\s+an",
    ],
    "fr": [
        r"publicité",
        r"contenu\s+sponsorisé",
        r"partager(?:\s+(?:sur\s+[\w ]{1,20}|cet\s+article))?",
        r"lire\s+aussi",
        r"à\s+lire\s+aussi",
        r"voir\s+aussi",
        r"lire\s+la\s+suite",
        r"\d+\s+commentaires?",
        r"commentaires?",
        r"tout\s+accepter",
        r"aller\s+au\s+contenu",
        r"fermer",
        r"accueil",
        r"mode\s+sombre",
        r"sommaire",
        r"passer\s+la\s+publicité",
    ],
    "es": [
        r"publicidad",
        r"contenido\s+patrocinado",
        r"compartir(?:\s+en\s+[\w ]{1,20})?",
        r"te\s+puede\s+interesar",
        r"le\s+puede\s+interesar",
        r"lee\s+también",
        r"leer\s+más",
        r"\d+\s+comentarios?",
        r"comentarios?",
        r"aceptar\s+todo",
        r"notas\s+relacionadas",
        r"temas(?:\s+relacionados)?",
    ],
    "it": [
        r"pubblicità",
        r"condividi",
        r"leggi\s+anche",
        r"\d+\s+commenti",
        r"commenti",
    ],
    "nl": [
        r"advertentie",
        r"delen",
        r"lees\s+ook",
        r"\d+\s+reacties",
        r"reacties",
    ],
    "no": [r"annonse", r"del(?:\s+artikkelen)?"],
    "sv": [r"annons", r"dela"],
    "da": [r"annonce", r"del(?:\s+artiklen)?"],
    "ru": [r"реклама", r"поделиться", r"читайте\s+также"],
    "ja": [
        r"広告",
        r"おすすめ(?:情報|記事)?",
        r"関連(?:キーワード|記事|ニュース)",
        r"この記事を(?:シェア|共有)",
    ],
    "pl": [
        r"reklama",
        r"udostępnij",
        r"czytaj\s+(?:też|także|również|więcej)",
        r"zobacz\s+(?:też|także|również)",
        r"dowiedz\s+się\s+więcej",
        r"\d+\s+komentarz(?:y|e|ów)?",
        r"komentarze",
    ],
    "pt": [
        r"publicidade",
        r"compartilhar",
        r"leia\s+também",
        r"\d+\s+comentários",
    ],
}

# Lines that open with a prompt and may go on with free text, up to MAX_PROMPT_LENGTH:
# "Read more: …", "Sign up for our newsletter …", "Photo: …".
_PROMPTS: dict[str, list[str]] = {
    "en": [
        r"(?:also\s+read|read\s+(?:more|also|next)|related|see\s+also|more\s+on\s+this)\s*[:|»›>–—-]",
        r"read\s+more\s+(?:about|on)\s+",
        r"sign\s+up\s+(?:for|to)\s+",
        r"subscribe\s+(?:to|now|for|today)",
        r"get\s+(?:our|the)\s+[\w\s]{0,40}newsletter",
        r"click\s+here\s+to\s+",
        r"(?:image|photo|picture|photograph|video|illustration|graphic|credit)s?"
        r"(?:\s+credit)?\s*:",
        r"(?:table\s+of\s+)?contents\s*:",
        r"(?:more|also|see\s+more|don['’]t\s+miss|watch|listen)\s*:\s*\S",
        # agency trailers, whole and short: "Reporting by …" in prose stays (see
        # _AGENCY_TRAILER_RE for the bracketed form)
        r"additional\s+reporting\s+(?:by|from)\s",
        r"with\s+(?:additional\s+)?reports?\s+from\s+[^,;]{1,60}$",
        r"(?:this\s+(?:article|story|piece)\s+(?:was\s+)?)?(?:first|originally)\s+"
        r"(?:published|appeared)\s+(?:in|on|at|by)\s+[^,;:]{1,60}$",
        r"copyright\s*(?:©|ⓒ|\(c\)|\d{4})",
        r"(?:photo|image|illustration)\s+by\s+",
        r"sponsored\s+by\s+",
        r"follow\s+(?:us|me)\s+on\s+",
        r"share\s+(?:this|on)\s+",
        r"a\s+post\s+shared\s+by\s",
        # attribution lines under the story
        r"source\s*:\s*\S",
        r"(?:[\w.'’-]+\s+){1,8}contributed\s+(?:reporting|to\s+this\s+(?:report|story))",
    ],
    "de": [
        r"(?:lesen\s+sie\s+auch|mehr\s+zum\s+thema|auch\s+interessant|mehr\s+dazu)\s*[:|»›>–—-]",
        r"(?:foto|bild|fotos|bilder|grafik|video|titelbild|titelfoto)\s*:",
        r"(?:auch\s+lesen|zum\s+weiterlesen|weiterlesen|lies\s+auch)\s*[:|»›>–—-]",
        r"(?:werbung|anzeige)\s*[.:|]\s",
        r"kommentare\s+insgesamt\s*:",
        r"letzte\s+(?:änderung|aktualisierung)\s*:?\s*\d",
        r"abonnieren\s+sie\s+",
        r"melden\s+sie\s+sich\s+.{0,40}newsletter",
        r"klicken\s+sie\s+hier",
        r"quelle\s*:\s*\S",
        r"mit\s+agenturmaterial",
        r"ein\s+beitrag\s+geteilt\s+von\s",
        # staff credits under the story: "Redaktion: ...", "Übersetzung: ..."
        r"(?:redaktion|faktencheck|übersetzung|mitarbeit|schlussredaktion|lektorat)\s*:\s*\S",
    ],
    "fr": [
        r"(?:à\s+lire\s+aussi|lire\s+aussi|voir\s+aussi|à\s+voir\s+aussi)\s*[:|»›>–—-]",
        r"inscrivez-vous\s+",
        r"abonnez-vous\s+",
        r"cliquez\s+ici",
        r"(?:crédits?\s+photos?|photos?|images?|illustration)\s*:",
        r"(?:image|photo)\s+(?:illustrative|d['’]illustration)",
        r"(?:à\s+lire\s+aussi|lire\s+aussi)\s+\S",
    ],
    "es": [
        r"(?:te\s+puede\s+interesar|le\s+puede\s+interesar|lee\s+también|leer\s+más"
        r"|ver\s+también|mira|lea\s+también|también\s+te\s+puede\s+interesar)\s*[:|»›>–—-]",
        r"suscríbete\s+",
        r"haz\s+clic\s+aquí",
        r"(?:foto|imagen)\s*:",
    ],
    "it": [
        r"(?:leggi\s+anche|potrebbe\s+interessarti)\s*[:|»›>–—-]",
        r"iscriviti\s+",
        r"(?:foto|immagine)\s*:",
    ],
    "nl": [r"(?:lees\s+ook|lees\s+meer)\s*[:|»›>–—-]", r"(?:foto|beeld)\s*:"],
    "no": [r"les\s+også\s*[:|»›>–—-]", r"foto\s*:"],
    "sv": [r"läs\s+(?:också|mer)\s*[:|»›>–—-]", r"foto\s*:"],
    "da": [r"læs\s+(?:også|mere)\s*[:|»›>–—-]", r"foto\s*:"],
    "ru": [r"(?:фото|читайте\s+также)\s*:"],
    "ja": [r"(?:写真|関連記事)\s*[:：]"],
    "pl": [
        r"(?:czytaj\s+(?:też|także|również|więcej)|zobacz\s+(?:też|także|również)"
        r"|dowiedz\s+się\s+więcej)\s*[:|»›>–—-]",
        r"(?:fot|foto|zdjęcie)\.?\s*:?\s+\S.{0,60}/",
        r"zapraszamy\s+(?:też\s+|także\s+|również\s+)?do\s+(?:subskrypcji|lektury|słuchania)",
    ],
    "pt": [r"(?:leia\s+também|leia\s+mais)\s*[:|»›>–—-]", r"(?:foto|imagem)\s*:"],
}

# Calls to follow, subscribe or send a tip, under the story: a sentence or two with the
# reporter's address or the outlet's accounts, removed up to MAX_BOILERPLATE_LENGTH.
_CALLS: dict[str, list[str]] = {
    "pl": [r"zapraszamy\s+(?:też\s+|także\s+|również\s+)?do\s+(?:subskrypcji|lektury|słuchania)"],
    "fr": [r"il\s+vous\s+reste\s+\d+(?:[.,]\d+)?\s*%\s+de\s+cet\s+article\s+à\s+lire"],
    "ja": [r"この記事は(?:有料)?会員限定(?:記事)?です"],
    "en": [
        r"follow\s+(?:[^.]|\.(?=\w)){1,60}?\s+on\s+"
        r"(?:facebook|twitter|instagram|x|whatsapp|linkedin|threads|google\s+news|bluesky)\b",
        r"(?:get|receive)\s+(?:the\s+)?latest\s+.{0,60}?\s+in\s+your\s+inbox",
        r"(?:do\s+you\s+)?(?:have|got)\s+a\s+(?:news\s+)?(?:tip|story)"
        r"(?:\s+to\s+(?:tell|share))?\s*\?",
        r"for\s+more\s+(?:stories|news|articles|updates)\s+like\s+this",
        r"reach\s+(?:the\s+)?(?:reporters?|writers?|authors?)\s+(?:on|at|via)\s",
        r"you\s+must\s+(?:be\s+(?:logged|signed)|log|sign)\s+in\s+to\s+"
        r"(?:post|comment|reply|leave|read|continue|view|see|access)\b",
        # "Seen a protest? Get in touch at news@…", "Email: desk@…": an address offered,
        # after a question or as a label (a sentence saying someone may email it stays)
        r"(?:[^?]{0,120}\?\s+)?(?:get\s+in\s+touch|e-?mail\s+us|contact\s+us|write\s+to\s+us)"
        r"\s*(?:at|on|via|:)?\s*[\w.+-]+@[\w-]+\.\w",
        r"e-?mail\s*:\s*[\w.+-]+@[\w-]+\.\w",
        r"like\s+this\s+(?:story|article|post)\s*\?",
        r"get\s+.{1,60}?\s+delivered\s+(?:to|through|straight\s+to)\s+your\s+"
        r"(?:door|letterbox|inbox|mailbox|device)",
        r"tell\s+us\s+what\s+you\s+think",
        r"we\s+(?:want|would\s+like|would\s+love|['’]d\s+love)\s+to\s+hear\s+"
        r"(?:what\s+you\s+think|from\s+you)[^\"“”]{0,80}?\b(?:write|e-?mail|submit|letters?"
        r"|contact|comments?|tell\s+us)",
        r"if\s+you\s+(?:enjoyed|liked|appreciated|value)\s+(?:reading\s+)?this\s+"
        r"(?:post|article|story|piece|work)",
        r"get\s+.{1,60}?\s+(?:by\s+e-?mail|newsletter)\b",
        # the paywall's notice where the text stops
        r"(?:the\s+rest\s+of\s+)?this\s+(?:article|story|content)\s+is\s+(?:only\s+)?"
        r"(?:available\s+)?(?:for|to)\s+(?:paying\s+)?(?:subscribers|members)",
        # the consent notice in place of an embed
        r"(?:your\s+)?(?:privacy|cookie|consent)\s+(?:settings|preferences|choices)\s+"
        r"(?:prevent|block|do\s+not\s+allow)",
        r"to\s+(?:view|see|display|load)\s+(?:this|the)\s+(?:external\s+|embedded\s+)?"
        r"(?:content|embed|video|post|tweet|graphic)\s*,?\s+(?:please\s+)?"
        r"(?:enable|accept|allow|activate|change)",
    ],
    "de": [
        r"fehler\s+gefunden\s*\?",
        r"(?:folgst|folgen)\s+(?:du|sie)\s+.{0,40}\s+(?:auf|bei)\s+",
        r"(?:haben\s+sie\s+)?(?:einen\s+)?hinweis\s+für\s+(?:uns|die\s+redaktion)\s*\?",
        r"lust\s+auf\s+mehr\s*\?",
        r"(?:dieser|der)\s+(?:artikel|beitrag|inhalt)\s+ist\s+(?:nur\s+|exklusiv\s+)?für\s+"
        r"(?:\w+-?)?(?:abonnenten|abonnentinnen|abonnierende|abonnent\*innen)",
        # the consent notice in place of an embed
        r"(?:deine|ihre)\s+(?:privatsphäre|datenschutz|cookie)-?\s*einstellungen\s+"
        r"(?:verhindern|blockieren)",
        r"(?:zur|um\s+(?:den|diesen)\s+inhalt\s+zur)\s+anzeige\s+"
        r"(?:aktiviere|aktivieren\s+sie|stimme|stimmen\s+sie)",
        r"(?:um|zum)\s+(?:den|diesen)\s+(?:externen\s+)?inhalt\s+(?:anzuzeigen|zu\s+laden|"
        r"zu\s+sehen)",
        r"klicken\s+sie\s+auf\s+(?:den|die)\s+(?:\w+\s+){0,2}(?:button|schaltfläche),?\s+um\s+"
        r"(?:den|diesen)\s+(?:externen\s+)?inhalt",
        r"(?:du\s+musst|sie\s+müssen)\s+.{0,40}?(?:einloggen|anmelden|angemeldet\s+sein"
        r"|eingeloggt\s+sein),?\s+um\s+.{0,40}?(?:kommentar|kommentieren|weiterzulesen|lesen)",
    ],
}

# Cookie notices: a sentence or two, removed up to MAX_BOILERPLATE_LENGTH.
_COOKIE_OPENINGS: dict[str, list[str]] = {
    "en": [r"(?:we|this\s+(?:web)?site)\s+uses?\s+cookies", r"by\s+using\s+this\s+site"],
    "de": [r"wir\s+verwenden\s+cookies", r"diese\s+(?:web)?seite\s+verwendet\s+cookies"],
    "fr": [r"nous\s+utilisons\s+des\s+cookies", r"ce\s+site\s+utilise\s+des\s+cookies"],
    "es": [r"(?:utilizamos|usamos)\s+cookies", r"este\s+sitio\s+(?:web\s+)?utiliza\s+cookies"],
    "it": [r"(?:utilizziamo|usiamo)\s+(?:i\s+)?cookie"],
    "nl": [r"(?:wij\s+gebruiken|we\s+gebruiken)\s+cookies"],
    "pt": [r"(?:utilizamos|usamos)\s+cookies"],
}

# Words that make a cookie notice of a line that opens like one ("We use cookies to improve
# your experience"), as opposed to a sentence that happens to start the same way.
_COOKIE_CUES = (
    r"website|site|experience|consent|accept|agree|privacy|settings|preferences|browsing"
    r"|analytics|personali[sz]|partners|policy|webseite|erlebnis|zustimm|einwillig|datenschutz"
    r"|akzeptier|nutzung|expérience|navigation|consentement|accepte|confidentialité|sitio"
    r"|experiencia|navegación|acept|privacidad|esperienza|navigazione|consenso|accett"
    r"|ervaring|toestemming|experiência|navegação"
)

# A share bar: a line made only of these words ("Facebook Twitter WhatsApp E-Mail").
_SHARE_WORDS: dict[str, set[str]] = {
    "en": {
        "share", "facebook", "twitter", "x", "whatsapp", "linkedin", "pinterest", "reddit",
        "telegram", "messenger", "flipboard", "pocket", "threads", "bluesky", "mastodon",
        "xing", "email", "e-mail", "mail", "print", "copy", "link", "tweet", "sms",
        "instagram", "youtube", "tiktok",
    },
    "de": {"teilen", "drucken", "kopieren"},
    "fr": {"partager", "imprimer", "copier", "le", "lien"},
    "es": {"compartir", "imprimir", "copiar", "enlace"},
    "it": {"condividi", "stampa", "copia"},
    "nl": {"delen", "afdrukken", "kopiëren"},
    "pt": {"compartilhar", "partilhar", "imprimir", "copiar"},
}  # fmt: skip

# --------------------------------------------------------------------------------------------
# Compiled patterns.
# --------------------------------------------------------------------------------------------

# Control characters go; tabs become spaces, the line breaks become "\n".
_LINE_BREAKS_RE = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")
_LINE_BREAK_CHARS = "\r\u2028\u2029\x0b\x0c\x85"
"""What :data:`_LINE_BREAKS_RE` can match at all (it starts with one of these)."""
# Removed: control characters (category Cc; "\t" and "\n" are handled apart), lone
# surrogates, zero width space, word joiner, BOM and soft hyphen. One regex instead of a
# per-character loop: the whole clean_text went from 10 ms to 2 ms on a 30 kB article.
_REMOVED_CHARS_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\u200b\u2060\ufeff\u00ad]")
_HSPACE_RE = re.compile(r"[^\S\n]{2,}|[^\S\n ]")  # runs, or one tab/NBSP/...: single spaces stay
_OTHER_SPACES = (
    "\t\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
"""The ``str.isspace`` characters but " " and "\\n" (what ``\\s`` matches in a str pattern):
:data:`_HSPACE_RE` matches a text only if it holds one of them or two spaces in a row."""
_BLANK_LINES_RE = re.compile(r"\n\s*\n")
# What is stripped before matching: bullets, arrows, brackets, edge punctuation.
_EDGE_RE = re.compile(r"^[\s\-–—•·*►▶›»>|:\[\](){}]+|[\s\-–—•·*◄◀‹«<|:.!…\[\](){}]+$")
_WORD_RE = re.compile(r"\w+")
# A CMS shortcode left unrendered: "[button link=...]Send us your review[/button]".
_SHORTCODE_RE = re.compile(r"\[(\w+)(?:\s[^\]]*)?\].{0,120}\[/\1\]")
# An editor's or agency's sign-off on a line of its own: "(dmk)", "(red/dpa)", "(AFP)".
_SIGNOFF_RE = re.compile(r"\(\s*[\w.]{1,12}(?:\s*[/,]\s*[\w.]{1,12}){0,3}\s*\)")
MAX_DATE_LINE_LENGTH = 80
"""Longer lines that hold a date are sentences about it, not a date line."""
MAX_CJK_LABEL_CHARS = 6
"""What a CJK date line holds besides the date: "更新" (updated), "配信" (published)."""
_ISO_DATETIME_RE = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?"
)
# Dates and times written with CJK unit characters, which the patterns above (digits and
# words) do not read: "2025年1月14日 01時28分", "1月14日", "2024년 3월 5일 14시 30분".
_CJK_DATE_RE = re.compile(
    r"(?:\d{2,4}\s*[年년]\s*)?\d{1,2}\s*[月월]\s*\d{1,2}\s*[日일]"
    r"|\d{1,2}\s*[時时시]\s*(?:\d{1,2}\s*[分분])?"
)
_CLOCK_RE = re.compile(r"(?i)\b\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:uhr|h|[ap]\.?m\.?)?(?!\w)")
# A reading-time label, in the languages of the lists above: a line of its own, or beside
# the date on the header's date line.
_READING_TIME_RE = re.compile(
    r"(?i)(?:lesedauer|lesezeit|reading\s+time|temps\s+de\s+lecture|tiempo\s+de\s+lectura"
    r"|tempo\s+de\s+leitura)\s*:?\s*(?:ca\.\s*)?\d+\s*(?:min(?:ute[ns]?|utos?|s)?\.?)?"
    r"|\d+\s*min(?:ute[ns]?|s)?\.?\s+(?:read|lesezeit|lesen|de\s+lecture|de\s+lectura)"
)
# A wire agency's trailer in brackets: "(Reporting by Jane Doe; Editing by John Roe)".
_AGENCY_TRAILER_RE = re.compile(
    r"\(\s*(?:additional\s+)?(?:reporting|writing)\s+by\s[^()]*\)\.?", re.IGNORECASE
)
# ... or without brackets, as agencies file it: "aja/PAP", "dpa/lnw".
_BARE_SIGNOFF_RE = re.compile(r"[^\W\d_]{1,5}(?:\s*/\s*[^\W\d_]{1,5}){1,3}")
# A photo caption that ends with its credit: "The mayor at the pier. © AFP / Jane Doe".
_TRAILING_CREDIT_RE = re.compile(r"(?:^|[.!?)]\s+|\s\|\s*)©\s*(?:[\w.'’&-]+\s*[/|]?\s*){0,6}$")
_IMAGE_AGENCY = (
    r"(?:getty\s*images|afp|reuters|ap(?:\s+photo)?|dpa|imago(?:\s+images)?|"
    r"picture[\s-]alliance|shutterstock|istock(?:photo)?|epa(?:-efe)?|keystone|anp|"
    r"pa\s+(?:images|wire|media)|alamy|sipa(?:\s+usa)?|bloomberg|xinhua|anadolu|zuma"
    r"(?:\s+press)?|ullstein\s*bild|nurphoto|abaca(?:press)?|belga|ritzau|ntb)"
)
_CREDIT_NAME = r"[\w.'’&-]+(?:\s+[\w.'’&-]+){0,4}\s*"
# A picture credit on its own line: "Jane Doe/AFP via Getty Images", "STR/Getty Images":
# names joined by slashes, ending with an image agency (a sentence has no slashes).
_CREDIT_LINE_RE = re.compile(
    rf"(?i){_CREDIT_NAME}(?:/\s*{_CREDIT_NAME}){{0,3}}/\s*{_IMAGE_AGENCY}"
    rf"|{_CREDIT_NAME}(?:/\s*{_CREDIT_NAME}){{1,3}}\s+via\s+{_IMAGE_AGENCY}"
    rf"|{_CREDIT_NAME}\s+via\s+getty\s*images"
)
MAX_CREDIT_LINE_LENGTH = 90
# A photo caption that ends with a labelled credit ("... im Nahverkehr. Bild: Jane Doe",
# "... at the pier. Photo: John Roe") or, after a bar, an agency credit ("... in Lima
# gestorben. | Jane Doe/dpa"): the picture's text, not the story's.
_CAPTION_CREDIT_RE = re.compile(
    r"(?:[.!?)\"”]\s+|\s\|\s*)(?:bild|bilder|foto|fotos|photo|photos|picture|image|credit)\s*:"
    rf"\s*{_CREDIT_NAME}(?:[/,]\s*{_CREDIT_NAME}){{0,2}}$"
    rf"|\s\|\s*{_CREDIT_NAME}(?:/\s*{_CREDIT_NAME}){{0,2}}/\s*{_IMAGE_AGENCY}$",
    re.IGNORECASE,
)
# A numbered figure or table caption: "Abbildung 4: Die Schwachschicht", "Fig. 2 – Aufbau".
# A number after the label makes it a caption; a sentence does not begin that way.
_NUMBERED_CAPTION_RE = re.compile(
    r"(?i)(?:abbildung|abb\.|figure|fig\.|grafik|tabelle|table|illustration|bild|foto|photo"
    r"|image|figura|tabla|imagen|tableau|figur|afbeelding|rycina|ryc\.|tabela)"
    r"\s*\d{1,3}[a-z]?\s*[:.|–—-]\s*\S"
)
MAX_CAPTION_LENGTH = 300
# What only closes a text, read from its end: the copyright and reprint notice (a sentence or
# two, longer than the "© 2024 Site" line), the content licence of the site, an editor's
# initials in capitals ("RIRM", "DS") on the last line.
_CLOSING_NOTICE_RE = re.compile(
    r"(?i)(?:©|\(c\)\s|copyright\s*(?:©|\(c\)|\d{4}))"
    r"|(?:(?!\n).){0,160}\b(?:cc[- ]by(?:[- ](?:sa|nd|nc))*|creative\s+commons)\b"
)
MAX_CLOSING_NOTICE_LENGTH = 400
# A download link with its file type and size: "Merkblatt (PDF, 38 KB)", "Bescheid PDF | 1,2 MB".
_DOWNLOAD_RE = re.compile(
    r"(?i)(?<![a-z])(?:pdf|docx?|xlsx?|pptx?|odt|zip|epub|mp3)\W{1,5}\d+(?:[.,]\d+)?\s?[kmg]i?b\b"
)
# Markup shown as text (a template that escaped its HTML): a line that opens with a tag has
# its tags removed ("<p>Text <strong>here</strong></p>" reads "Text here"), and goes if
# nothing else is left ("</div>").
_MARKUP_LINE_RE = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
_CLOSING_INITIALS_RE = re.compile(r"[A-ZÄÖÜ]{2,5}")
_SPACE_RE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class _Rules:
    """The boilerplate rules for one language setting."""

    exact: re.Pattern[str]
    prompt: re.Pattern[str]
    call: re.Pattern[str]
    cookie: re.Pattern[str]
    share_words: frozenset[str]


@lru_cache(maxsize=32)
def _rules(language: str | None) -> _Rules:
    """The rules for ``language``: English plus that language, or all of them if unknown."""
    primary = (language or "").strip().replace("_", "-").split("-")[0].lower()
    if primary in _EXACT and primary != "en":
        groups = ["en", primary]
    elif primary == "en":
        groups = ["en"]
    else:
        groups = list(_EXACT)  # unknown language: every list

    def join(table: dict[str, list[str]]) -> str:
        return "|".join(p for group in groups for p in table.get(group, []))

    return _Rules(
        exact=re.compile(r"(?:" + join(_EXACT) + r")"),
        prompt=re.compile(r"(?:" + join(_PROMPTS) + r")"),
        call=re.compile(r"(?:" + join(_CALLS) + r")"),
        cookie=re.compile(r"(?:" + join(_COOKIE_OPENINGS) + r").*(?:" + _COOKIE_CUES + r")"),
        share_words=frozenset().union(*(_SHARE_WORDS.get(group, ()) for group in groups)),
    )


# --------------------------------------------------------------------------------------------
# Public API.
# --------------------------------------------------------------------------------------------


def clean_text(
    text: str, *, language: str | None = None, extra_boilerplate: Iterable[str] = ()
) -> str:
    """Return ``text`` without boilerplate lines and with normalized whitespace.

    Paragraphs come out separated by exactly one blank line. A text without blank lines
    (trafilatura's plain output: one paragraph per line) gets one paragraph per line; in a
    text with blank lines, the lines of a paragraph stay together. Lines are stripped,
    runs of spaces collapsed, control characters removed, and the text is NFC-normalized.
    ``extra_boilerplate`` lists lines to remove as well (compared whole, ignoring case and
    spacing), e.g. from a site file. Idempotent: cleaning clean text changes nothing.
    """
    if not isinstance(text, str) or not text:
        return ""
    text = _normalize_characters(text)
    extra = {_line_key(line) for line in extra_boilerplate if isinstance(line, str)}
    extra.discard("")
    rules = _rules(language)

    if _BLANK_LINES_RE.search(text):
        blocks = [block.split("\n") for block in _BLANK_LINES_RE.split(text)]
    else:
        blocks = [[line] for line in text.split("\n")]

    paragraphs: list[str] = []
    for block in blocks:
        lines = [_without_markup(line.strip()) for line in block]
        kept = [
            line
            for line in lines
            if line and not _is_boilerplate(line, rules, extra) and not _is_date_line(line)
        ]
        if kept:
            paragraphs.append("\n".join(kept))
    return "\n\n".join(_without_closing_notices(paragraphs))


def content_hash(text: str) -> str:
    """SHA-1 hex digest of ``text`` case-folded and whitespace-collapsed (stable across runs)."""
    canonical = " ".join(unicodedata.normalize("NFC", text).casefold().split())
    return hashlib.sha1(canonical.encode("utf-8", "surrogatepass")).hexdigest()


def word_count(text: str) -> int:
    """Number of ``\\w+`` tokens (the unit the evaluation scorer uses too)."""
    return len(_WORD_RE.findall(text))


# --------------------------------------------------------------------------------------------
# Helpers.
# --------------------------------------------------------------------------------------------


def _normalize_characters(text: str) -> str:
    # A regex substitution scans the whole text in sre even when it has nothing to replace,
    # as in most texts: a test with ``in`` (a fast C search per character) skips it then.
    # 0.20 -> 0.05 ms a generated page, 0.23 -> 0.08 ms a real one.
    if any(char in text for char in _LINE_BREAK_CHARS):
        text = _LINE_BREAKS_RE.sub("\n", text)
    text = _REMOVED_CHARS_RE.sub("", text)
    text = unicodedata.normalize("NFC", text)
    if "  " in text or any(char in text for char in _OTHER_SPACES):
        text = _HSPACE_RE.sub(" ", text)
    return text


def _is_date_line(line: str) -> bool:
    """A line that states only when: "14.03.2024 | Lesedauer: 3 Minuten", "Mi, 18. Oktober
    2023 um 12:50 Uhr", "- Published 18 November 2019". The article header's date line,
    which trafilatura keeps when it sits in the body's container; the record has the date in
    its own field. What may remain beside the date, time and reading time is two short words
    at most (a weekday, "um", a label), so a sentence or a table row with a date stays."""
    if len(line) > MAX_DATE_LINE_LENGTH or line.startswith("|"):
        return False
    cjk = _CJK_DATE_RE.search(line)
    if not (cjk or DATE_IN_TEXT.search(line) or _ISO_DATETIME_RE.search(line)):
        return False
    if cjk:
        line = _CJK_DATE_RE.sub(" ", line)
    rest = _READING_TIME_RE.sub(" ", DATE_IN_TEXT.sub(" ", _ISO_DATETIME_RE.sub(" ", line)))
    words = _WORD_RE.findall(_CLOCK_RE.sub(" ", rest))
    if any(word.isdigit() for word in words):
        return False
    if cjk:  # no spaces between words: a label ("更新", "配信") is a few characters
        return sum(map(len, words)) <= MAX_CJK_LABEL_CHARS
    return len(words) <= 2 and all(len(word) <= 12 for word in words)


def _without_markup(line: str) -> str:
    """``line`` without its HTML tags when it opens with one (markup shown as text)."""
    if not line.startswith("<") or not _MARKUP_LINE_RE.match(line):
        return line
    return " ".join(_MARKUP_LINE_RE.sub("", line).split())


def _without_closing_notices(paragraphs: list[str]) -> list[str]:
    """``paragraphs`` without the notices that close a page's text: the copyright and reprint
    notice, the content licence, the editor's initials. Read from the end only, so that a
    story about a copyright case or a Creative Commons licence keeps its text."""
    end = len(paragraphs)
    while end > 1:
        last = paragraphs[end - 1]
        if (
            len(last) <= MAX_CLOSING_NOTICE_LENGTH and _CLOSING_NOTICE_RE.match(last)
        ) or _CLOSING_INITIALS_RE.fullmatch(last):
            end -= 1
            continue
        break
    return paragraphs[:end]


def _line_key(line: str) -> str:
    return _SPACE_RE.sub(" ", line).strip().casefold()


def _is_boilerplate(line: str, rules: _Rules, extra: set[str]) -> bool:
    if len(line) > MAX_BOILERPLATE_LENGTH:
        return False
    if extra and _line_key(line) in extra:
        return True
    core = _EDGE_RE.sub("", line).casefold()
    if not core:
        return len(line) == 1  # a stray bullet or bar ("•", "|"); "***" and "* * *" stay
    if rules.exact.fullmatch(core):
        return True
    if len(line) <= MAX_PROMPT_LENGTH and rules.prompt.match(core):
        return True
    if rules.cookie.match(core) or rules.call.match(core):
        return True
    if core.startswith(("©", "(c) ")) and len(line) <= MAX_PROMPT_LENGTH:
        return True
    stripped = line.strip()
    if _SIGNOFF_RE.fullmatch(stripped) or _SHORTCODE_RE.fullmatch(stripped):
        return True
    if _READING_TIME_RE.fullmatch(core):  # "Lesedauer: 3 Minuten", "5 min read"
        return True
    if _BARE_SIGNOFF_RE.fullmatch(stripped) or _AGENCY_TRAILER_RE.fullmatch(stripped):
        return True
    if len(line) <= MAX_PROMPT_LENGTH and _TRAILING_CREDIT_RE.search(stripped):
        return True
    if len(line) <= MAX_CREDIT_LINE_LENGTH and _CREDIT_LINE_RE.fullmatch(core):
        return True
    if len(line) <= MAX_CAPTION_LENGTH and _CAPTION_CREDIT_RE.search(stripped):
        return True
    if len(line) <= MAX_CAPTION_LENGTH and _NUMBERED_CAPTION_RE.match(core):
        return True
    if _DOWNLOAD_RE.search(line):
        return True
    words = core.replace("/", " ").split()
    return len(words) <= 8 and all(word in rules.share_words for word in words)
