"""Table-driven tests for newscrawl.normalize.text."""

from __future__ import annotations

import hashlib
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newscrawl.normalize.text import clean_text, content_hash, word_count

BODY = "The council approved the budget on Tuesday after a long debate."
LONG_COOKIES = (
    "Many sites use cookies, and regulators say that advertisement tracking is out of "
    "control; the commission will publish its report next month, according to people "
    "familiar with the plan, who asked not to be named."
)
LONG_ADVERTISEMENT = (
    "Advertisement spending fell by a tenth last year, the industry association said, "
    "as brands moved budgets to video and retail media networks across the region."
)

# Lines removed when they stand alone between two real paragraphs: (line, language).
BOILERPLATE = [
    ("Advertisement", None),
    ("ADVERTISEMENT", None),
    ("AdSense Advertisement", None),
    ("- Advertisement -", None),
    ("Story continues below advertisement", None),
    ("Sponsored", None),
    ("Sponsored content", None),
    ("Anzeige", "de"),
    ("Werbung", "de"),
    ("Publicité", "fr"),
    ("Publicidad", "es"),
    ("Share on Facebook", None),
    ("Share this article", None),
    ("Facebook Twitter WhatsApp E-Mail", None),
    ("Tweet", None),
    ("Teilen", "de"),
    ("Partager", "fr"),
    ("Also read: Ten things to know about the budget", None),
    ("Read also", None),
    ("Read more: Why the vote matters", None),
    ("Related: Council elections in spring", None),
    ("Lesen Sie auch: Was der Haushalt bedeutet", "de"),
    ("Mehr zum Thema", "de"),
    ("À lire aussi : Le budget expliqué", "fr"),
    ("Lire aussi", "fr"),
    ("Te puede interesar", "es"),
    ("Sign up for our newsletter", None),
    ("Subscribe to our daily briefing", None),
    ("Newsletter abonnieren", "de"),
    ("Inscrivez-vous à notre newsletter", "fr"),
    ("Leave a comment", None),
    ("3 comments", None),
    ("Comments", None),
    ("Kommentare", "de"),
    ("Commentaires", "fr"),
    ("Join the conversation", None),
    ("We use cookies to give you the best experience. Accept to continue.", None),
    ("Accept all cookies", None),
    ("Wir verwenden Cookies, um Ihnen ein besseres Erlebnis zu bieten.", "de"),
    ("Nous utilisons des cookies pour améliorer votre expérience.", "fr"),
    ("Dark mode", None),
    ("Logo", None),
    ("Menu", None),
    ("Skip to content", None),
    ("Click here to read the full report", None),
    ("Image: Jane Doe / Example Agency", None),
    ("Photo: John Roe", None),
    ("Foto: Paul Weber/Agentur", "de"),
    ("© 2025 Example Media", None),
    ("Follow The Example Times Opinion section on Facebook, Twitter and Instagram.", None),
    ("Get the latest news from example.com in your inbox.", None),
    ("Have a tip? Jane Doe may be reached at jane@example.com.", None),
    (
        "Have a tip? Jane Doe may be reached at jane.doe@example-media.com. Follow her on "
        "Twitter @JaneDoeWrites or on Facebook.",
        None,
    ),
    ("Like this story? Share it with a friend!", None),
    ("SOURCE: Example News Agency", None),
    ("Jane Doe contributed reporting from Lisbon.", None),
    ("John Roe contributed to this report.", None),
    ("Quelle: Beispiel-Agentur", "de"),
    ("Fehler gefunden? Jetzt melden.", "de"),
    ("Folgst du schon dem Beispielblatt auf Whatsapp?", "de"),
    ("Mit Agenturmaterial.", "de"),
    ("(dmk)", None),
    ("Get Example Monthly delivered through your letterbox every month. 12 issues for £9.", None),
    ("Tell us what YOU think...", None),
    ('[button link="https://example.com/submit" type="big"]Send us YOUR review[/button]', None),
    ("(red/dpa)", None),
    ("abc/APA", None),
    ("The harbour at dawn. © Example Agency / Jane Doe", None),
    ("Los geht's: die neue Fähre am Nordkai. Bild: Jane Doe", "de"),
    ("The mayor at the pier on Tuesday. Photo: John Roe/Harbour Pictures", None),
    ("Der Autor bei einer Lesung in Lima. | Jane Doe/dpa", "de"),
    ("The new ferry terminal | © Example Agency", None),
    ("We want to hear what you think about this story. Write to letters@example.com.", None),
    ("If you enjoyed reading this article, please consider supporting us.", None),
    ("Get The Example Daily by email and never miss a story. Free sign-up", None),
    ("Table of contents", None),
    ("Auch lesen: Neue Brücke für die Altstadt geplant", "de"),
    ("Lesen Sie auch die folgenden Beiträge:", "de"),
    ("Empfohlene Beiträge", "de"),
    ("Weitere Artikel zum Thema", "de"),
    ("Inhaltsverzeichnis", "de"),
    ("Teilen mit:", "de"),
    ("Wird geladen …", "de"),
    ("Sie sind nicht angemeldet.", "de"),
    ("Titelbild: Maria Muster/Beispielagentur", "de"),
    ("Letzte Änderung 03.05.2024", "de"),
    ("Werbung: Dieser Beitrag enthält Affiliate-Links.", "de"),
    ("Lust auf mehr? Hol dir unseren Newsletter jeden Freitag in dein Postfach.", "de"),
    ("LE PUEDE INTERESAR: Sube el precio del pan en la capital", "es"),
    ("MIRA: El alcalde inaugura el nuevo puente", "es"),
    ("NOTAS RELACIONADAS", "es"),
    ("Crédits photos : Agence Exemple", "fr"),
    ("Image d'illustration", "fr"),
    ("Czytaj także: Nowy most w centrum miasta", "pl"),
    ("Fot. Jan Kowalski / Agencja Przykład", "pl"),
    ("More:", None),
    ("MORE : Harbour festival returns with fireworks", None),
    ("DON'T MISS", None),
    ("5 min read", None),
    ("(Reporting by Jane Doe; Editing by John Roe)", None),
    ("Additional reporting from Example Press", None),
    ("This article was first published in The Example Review.", None),
    ("Copyright © 2025 Example Media Group, LLC.", None),
    ("For more stories like this, check our news page.", None),
    ("Do you have a story to tell? Email: desk@example.com", None),
    ("Is the ferry late in your area? Get in touch at news@example.com", None),
    ("• Email: desk@example.com", None),
    ("Follow Example.co.uk on Twitter and Facebook for the latest news.", None),
    ("You must be logged in to post a comment.", None),
    ("Lesedauer: 3 Minuten", "de"),
    ("Link kopiert!", "de"),
    ("Kommentar abgeben", "de"),
    ("Du musst angemeldet sein, um einen Kommentar abzugeben.", "de"),
    ("Du musst dich EINLOGGEN um einen Kommentar abzugeben.", "de"),
    ("À lire aussi Le pont rouvre après deux ans de travaux", "fr"),
    ("Passer la publicité", "fr"),
    ("Les også: Fergen går igjen fra mandag", "no"),
    ("Фото: Иван Петров", "ru"),
    ("おすすめ情報", "ja"),
    # date lines of the article header (the record has the date in its own field)
    ("14.03.2024 | Lesedauer: 3 Minuten", "de"),
    ("Mi, 18. Oktober 2023 um 12:50 Uhr", "de"),
    ("- Published 18 November 2019", None),
    ("2019-11-19T08:57:40+01:00", None),
    ("October 23, 2025 · 5 min read", None),
    ("2025年1月14日 01時28分 (1月14日 01時40分更新)", "ja"),
    ("2024년 3월 5일 14시 30분", "ko"),
    # embeds shown without their script, and the consent notice in their place
    ("Embed", None),
    ("View this post on Instagram", None),
    ("A post shared by The Harbour Herald (@harbourherald)", None),
    ("To view this content, please enable third-party cookies.", None),
    ("Your privacy settings prevent this video from loading.", None),
    ("Externer Inhalt", "de"),
    ("Link zum Instagram-Inhalt", "de"),
    ("Ihre Datenschutz-Einstellungen blockieren das Laden dieses Inhalts.", "de"),
    ("Um den Inhalt anzuzeigen, stimmen Sie bitte zu.", "de"),
    # picture credits on their own line
    ("Jane Doe/AFP via Getty Images", None),
    ("STR/Reuters", None),
    ("Harbour Pictures/Ferry Archive via Getty Images", None),
    # the paywall's notice, staff and agency credits under the story
    ("The rest of this article is only available to subscribers.", None),
    ("Il vous reste 42% de cet article à lire.", "fr"),
    ("Dieser Beitrag ist exklusiv für Plus-Abonnenten.", "de"),
    ("この記事は有料会員限定です。", "ja"),
    ("Redaktion: Ada Brook", "de"),
    ("Übersetzung: John Roe", "de"),
    ("mit dpa", "de"),
    ("Mit Material von AFP und dpa", "de"),
]


class TestBoilerplate:
    """Whole short lines that are page furniture go; real paragraphs stay."""

    @pytest.mark.parametrize(("line", "language"), BOILERPLATE)
    def test_line_is_removed(self, line, language):
        text = f"{BODY}\n{line}\nSecond paragraph."
        assert clean_text(text, language=language) == f"{BODY}\n\nSecond paragraph."

    @pytest.mark.parametrize(("line", "language"), BOILERPLATE)
    def test_unknown_language_uses_every_list(self, line, language):
        assert clean_text(f"{BODY}\n{line}") == BODY

    @pytest.mark.parametrize(
        "paragraph",
        [
            LONG_COOKIES,
            LONG_ADVERTISEMENT,
            "We use cookies in the canteen recipe, she said, and everyone laughed at that.",
            "Comments from the minister were not available on Tuesday.",
            "Share prices rose 3% on Tuesday.",
            "Related reports from the agency were published on Monday.",
            "Subscribers complained about the new prices.",
            "Menu prices went up again.",
            "Photographers gathered outside the court.",
            "* * *",
            "***",
            "Sources said the council would follow the plan on Facebook and elsewhere.",
            "Follow-up talks are planned for Friday.",
            "(The council declined to comment.)",
            "Werbung ist in der Stadt ein großes Thema geworden.",
            "Mira and her brother opened the bakery in 2019.",
            "Temas de la reunión fueron el agua y la luz.",
            "Get ready for the marathon this weekend, organisers said.",
            "The photographs © remain with the families, the museum said.",
            "Contents of the report were leaked on Monday.",
            "More than 200 people attended the hearing on Monday.",
            "Reporting from the scene was difficult, the editor said.",
            "Copyright law was the main topic of the debate.",
            "Email traffic rose sharply, the provider said on Tuesday.",
            "Residents can email complaints@council.example until Friday, the mayor said.",
            "Reporting by the local paper showed that the ferry was late 40 times.",
            "Originally published in 1851, the paper moved to Tuesday editions in 1990.",
            "With reports from the front growing, the agency sent two more teams.",
            "You must sign in to the register before Friday, the commission said.",
            "We want to hear from you, the mayor told residents at the meeting.",
            "Sie müssen sich bis Freitag beim Amt anmelden, sagte die Sprecherin.",
            "The market opens on 3 May 2024.",
            "1月14日に新しい橋が開通し、通勤客は大いに喜んだ。",
            "| Concert | 14.03.2024 |",
            "25 Min.",
            "Exhibition dates: 21.10.2019 – 27.10.2019 in the town hall",
            "Data compiled via Bloomberg shows that ferry fares rose.",
            "The exhibition shows one photo: a ferry at dawn, taken by a deckhand in 1951.",
            "The council met on Tuesday. Photo: what the operator sent was blurred, she said.",
            "Input/output was measured via Reuters terminals.",
            "Embedded reporters said the crossing was calm.",
            "Edited by hand, the timetable had three errors, the operator said.",
            "Mit dpa-Daten lässt sich das nicht belegen, sagte der Sprecher.",
            "Externe Inhalte waren nach dem Update wieder verfügbar, sagte die Firma.",
        ],
    )
    def test_real_paragraph_is_kept(self, paragraph):
        assert clean_text(f"{BODY}\n{paragraph}") == f"{BODY}\n\n{paragraph}"

    def test_other_languages_lists_do_not_apply_to_english(self):
        # "Teilen" is a German share button, but an English text keeps such a line.
        assert clean_text(f"{BODY}\nTeilen", language="en") == f"{BODY}\n\nTeilen"

    def test_extra_boilerplate_is_matched_whole_ignoring_case_and_spacing(self):
        text = f"{BODY}\nThe  Example Times Podcast\nThe Example Times Podcast is new."
        out = clean_text(text, extra_boilerplate=["the example times podcast"])
        assert out == f"{BODY}\n\nThe Example Times Podcast is new."


class TestWhitespace:
    """Paragraphs separated by one blank line, lines stripped, controls removed, NFC."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("", ""),
            ("   \n\n  ", ""),
            ("One.\nTwo.", "One.\n\nTwo."),  # trafilatura: one paragraph per line
            ("One.\n\n\n\nTwo.", "One.\n\nTwo."),
            ("One a\nOne b\n\nTwo.", "One a\nOne b\n\nTwo."),  # lines of a paragraph stay
            ("  One.  \n \t \n  Two.  ", "One.\n\nTwo."),
            ("One   two\tthree\u00a0four", "One two three four"),
            ("One.\r\nTwo.\rThree.", "One.\n\nTwo.\n\nThree."),
            ("Nul\x00 and bell\x07 go.", "Nul and bell go."),
            ("zero\u200bwidth soft\u00adhyphen", "zerowidth softhyphen"),
            ("Cafe\u0301", "Café"),  # NFC
            ("Line\u2028separator", "Line\n\nseparator"),
        ],
    )
    def test_normalization(self, text, expected):
        assert clean_text(text) == expected

    def test_non_string_gives_empty_text(self):
        assert clean_text(None) == ""  # type: ignore[arg-type]


class TestHashAndCount:
    """content_hash ignores case and spacing; word_count counts \\w+ tokens."""

    def test_hash_is_sha1_of_the_canonical_text(self):
        assert content_hash("Hello World") == hashlib.sha1(b"hello world").hexdigest()

    @pytest.mark.parametrize(
        "variant",
        ["hello world", "HELLO   WORLD", " Hello\n\nWorld ", "Hello\tworld", "He\u0301llo world"],
    )
    def test_hash_ignores_case_and_whitespace(self, variant):
        base = "He\u0301llo world" if "\u0301" in variant else "Hello World"
        assert content_hash(variant) == content_hash(base)

    def test_hash_normalizes_unicode_composition(self):
        assert content_hash("Caf\u00e9") == content_hash("Cafe\u0301")

    def test_hash_differs_for_different_text(self):
        assert content_hash("Hello World") != content_hash("Hello Word")

    def test_hash_of_lone_surrogate_does_not_raise(self):
        assert len(content_hash("\ud800")) == 40

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("", 0),
            ("One two three.", 3),
            ("It's 3.5% — isn't it?", 7),
            ("Zürich, Genève und Malmö", 4),
            ("  \n\n ", 0),
        ],
    )
    def test_word_count(self, text, expected):
        assert word_count(text) == expected


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(),
    language=st.sampled_from([None, "en", "de", "fr-CA", "xx"]),
    extra=st.lists(st.text(max_size=20), max_size=3),
)
def test_never_raises_and_is_idempotent(text, language, extra):
    cleaned = clean_text(text, language=language, extra_boilerplate=extra)
    assert clean_text(cleaned, language=language, extra_boilerplate=extra) == cleaned
    assert "\n\n\n" not in cleaned
    assert cleaned == cleaned.strip()
    content_hash(text)
    word_count(text)


def test_credit_line_rule_does_not_backtrack_on_long_tokens():
    # One long token with a slash once took the credit-line pattern seconds (nested
    # repetition); a line of the body must cost microseconds, whatever its shape.
    clean_text(BODY)  # compile the rules first
    lines = ["abcdefghijklmnopqrstuvwxyz" * 3 + "/zz", "a/" * 44, "Jane-Doe/" * 9 + "afp x"]
    start = time.perf_counter()
    for line in lines:
        clean_text(f"{BODY}\n{line}")
    assert time.perf_counter() - start < 0.1


class TestCaptionsAndClosingNotices:
    """Numbered captions anywhere; copyright, licence and initials only where the text ends."""

    @pytest.mark.parametrize(
        "caption",
        [
            "Abbildung 4: klassische Schwachschicht in einem Schneeprofil.",
            "Fig. 2 – The gate hinges after two winters.",
            "Tabla 3: Resultados por provincia",
        ],
    )
    def test_numbered_captions_go(self, caption: str) -> None:
        assert clean_text(f"{BODY}\n\n{caption}\n\n{BODY}") == f"{BODY}\n\n{BODY}"

    def test_a_sentence_about_a_figure_stays(self) -> None:
        text = f"{BODY}\n\nFigure 2 shows how the gates corroded.\n\n{BODY}"
        assert clean_text(text) == text

    @pytest.mark.parametrize(
        "notice",
        [
            "© 2022, Harbour Herald. This article is the copyrighted property of the Herald. "
            "Written permission must be obtained before reprint in online or print media.",
            "Unless stated otherwise, the content of this website is licensed under CC-BY 4.0",
            "RIRM",
        ],
    )
    def test_closing_notices_go_from_the_end(self, notice: str) -> None:
        assert clean_text(f"{BODY}\n\n{BODY}\n\n{notice}") == f"{BODY}\n\n{BODY}"
        assert clean_text(f"{BODY}\n\n{notice}\n\nRIRM") == BODY

    def test_the_same_notice_inside_the_text_stays(self) -> None:
        notice = "Unless stated otherwise, the photographs are licensed under CC-BY 4.0 by us"
        text = f"{BODY}\n\n{notice}\n\n{BODY}"
        assert clean_text(text) == text
        assert clean_text("NATO") == "NATO"  # a text is never reduced to nothing

    def test_calls_in_polish_and_the_embed_button_notice_go(self) -> None:
        lines = [
            "Zapraszamy też do subskrypcji tygodnika i oglądania ciekawych audycji naszej "
            "telewizji internetowej, która nadaje codziennie.",
            "Klicken Sie auf den unteren Button, um den Inhalt von www.karten.example zu laden.",
        ]
        for line in lines:
            assert clean_text(f"{BODY}\n\n{line}\n\n{BODY}") == f"{BODY}\n\n{BODY}"


class TestDownloadsAndMarkup:
    """Download links with their file size go; markup shown as text loses its tags."""

    def test_a_download_link_with_its_size_goes(self) -> None:
        line = (
            "Informationsschreiben vom 14. Oktober 2021PDF | 38 KB | Datei ist nicht barrierefrei"
        )
        assert clean_text(f"{BODY}\n\n{line}\n\n{BODY}") == f"{BODY}\n\n{BODY}"
        assert clean_text(f"{BODY}\n\nMerkblatt (PDF, 1,2 MB)") == BODY

    def test_a_sentence_about_a_pdf_stays(self) -> None:
        text = f"{BODY}\n\nThe PDF of 40 pages lists every gate."
        assert clean_text(text) == text

    def test_escaped_markup_loses_its_tags(self) -> None:
        text = f"{BODY}\n\n<p>The gates <strong>were replaced</strong> in May.</p>\n\n</div>"
        assert clean_text(text) == f"{BODY}\n\nThe gates were replaced in May."
        assert (
            clean_text(f"{BODY}\n\nI <3 the harbour and 3<4.")
            == f"{BODY}\n\nI <3 the harbour and 3<4."
        )
