"""Table-driven tests for newscrawl.normalize.bylines (names are invented)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newscrawl.normalize.bylines import clean_authors, clean_authors_with_kind

# (raw, site_name, expected)
CASES = [
    # labels and separators
    ("By Jane Doe and John Roe | Reuters", None, ["Jane Doe", "John Roe"]),
    ("BY JANE DOE", None, ["Jane Doe"]),
    ("By: Jane Doe", None, ["Jane Doe"]),
    ("Von Anna Schmidt und Paul Weber", None, ["Anna Schmidt", "Paul Weber"]),
    ("von Anna Schmidt", None, ["Anna Schmidt"]),
    ("Par Marie Dubois et Jean Martin", None, ["Marie Dubois", "Jean Martin"]),
    ("Por María García y José Pérez", None, ["María García", "José Pérez"]),
    ("Di Marco Rossi e Giulia Bianchi", None, ["Marco Rossi", "Giulia Bianchi"]),
    ("Door Jan de Vries en Piet Jansen", None, ["Jan de Vries", "Piet Jansen"]),
    ("Text: Anna Schmidt", None, ["Anna Schmidt"]),
    ("Words by Jane Doe", None, ["Jane Doe"]),
    ("Written by Jane Doe", None, ["Jane Doe"]),
    ("Autor: Max Mustermann", None, ["Max Mustermann"]),
    ("Auteur : Jean Dupont", None, ["Jean Dupont"]),
    ("Text und Interview: Max Mustermann", None, ["Max Mustermann"]),
    ("Analysis by Jane Doe, XYZ Editor-at-large", None, ["Jane Doe"]),
    ("Jane Doe, Mary Major & John Roe", None, ["Jane Doe", "Mary Major", "John Roe"]),
    ("By Jane Doe with John Roe", None, ["Jane Doe", "John Roe"]),
    ("Anna Schmidt im Gespräch mit Paul Weber", None, ["Anna Schmidt", "Paul Weber"]),
    # gender-inclusive German labels, with or without ":"
    ("Autor*in Anna Schmidt", None, ["Anna Schmidt"]),
    ("Autorin/Autor Anna Schmidt", None, ["Anna Schmidt"]),
    ("Autor:in: Anna Schmidt", None, ["Anna Schmidt"]),
    ("Autor/-in: Anna Schmidt", None, ["Anna Schmidt"]),
    ("Autor:Anna Schmidt", None, ["Anna Schmidt"]),
    # a date label before the name is no name
    ("Letzte Aktualisierung: 28.01.2025 | Autor*in Anna Schmidt", None, ["Anna Schmidt"]),
    ("Last update 12 May 2025 | Jane Doe", None, ["Jane Doe"]),
    ("María García Hace 13 horas", None, ["María García"]),
    ("María García | Publicado hace 3 horas", None, ["María García"]),
    ("Anna Schmidt vor 3 Stunden", None, ["Anna Schmidt"]),
    # agencies: credited next to persons, kept alone; outlets and desks are not
    ("By AFP", None, ["AFP"]),
    ("dpa", None, ["dpa"]),
    ("AFP/dpa", None, ["AFP", "dpa"]),
    ("Quelle: dpa", None, ["dpa"]),
    ("Jane Doe and John Roe, Associated Press", None, ["Jane Doe", "John Roe", "Associated Press"]),
    ("John Roe, AP", None, ["John Roe", "AP"]),
    ("John Roe; AP", None, ["John Roe", "AP"]),
    ("John Roe • AP", None, ["John Roe"]),  # behind a layout bar: a source label
    ("Von Anna Schmidt, dpa", None, ["Anna Schmidt", "dpa"]),
    ("Jane Doe, The Example Times", None, ["Jane Doe"]),
    ("Jane Doe (Reuters)", None, ["Jane Doe"]),
    # editors, photographers and other credits
    ("Reporting by Jane Doe; Editing by John Roe", None, ["Jane Doe"]),
    ("Jane Doe; Photo: John Roe", None, ["Jane Doe"]),
    ("Text: Anna Schmidt, Fotos: Paul Weber und Eva Klein", None, ["Anna Schmidt"]),
    ("Illustration by John Roe", None, []),
    ("Photo: John Roe", None, []),
    ("Bild © Example Media", None, []),  # a credit's label alone is no name
    # interface words and sentences are no byline
    ("Log Out", None, []),
    ("The Northern and Southern harbour authorities", None, []),
    ("By HBN, in News, Harbour, Business", None, ["HBN"]),  # a section list is no sentence
    ("Pressemitteilung von Anna Schmidt", None, ["Anna Schmidt"]),
    ("Ein Interview von Anna Schmidt", None, ["Anna Schmidt"]),
    ("Kolumne von Anna Schmidt", None, ["Anna Schmidt"]),
    ("Ein Gespräch mit Anna Schmidt", None, []),  # the person interviewed
    ("Blog Beitrag von Anna Schmidt", None, ["Anna Schmidt"]),
    ("(c) Jane Doe", None, []),
    ("© 2025 Example Media", None, []),
    # roles
    ("By Jane Doe, Staff Writer", None, ["Jane Doe"]),
    ("Jane Doe, Senior Correspondent", None, ["Jane Doe"]),
    ("Jane Doe - Transport Correspondent", None, ["Jane Doe"]),
    ("Jane Doe, Chief Political Reporter", None, ["Jane Doe"]),
    ("Jane Doe Opinion Columnist", None, ["Jane Doe"]),
    ("Anna Schmidt Medizinstudentin, Mutter", None, ["Anna Schmidt"]),
    ("Anna Schmidt, Praktikantin", None, ["Anna Schmidt"]),
    ("Senior Correspondent Jane Doe", None, ["Jane Doe"]),
    ("Anna Schmidt – Redakteurin", None, ["Anna Schmidt"]),
    ("Von unserem Korrespondenten Paul Weber", None, ["Paul Weber"]),
    ("Marie Dubois, journaliste", None, ["Marie Dubois"]),
    # a role alone is the byline, like a desk; a lone role word is not
    ("By Staff Writer", None, ["Staff Writer"]),
    ("By Staff Reporter and Jane Doe", None, ["Jane Doe"]),
    ("Writer", None, []),
    ("John Roe, Xy Auto Writer", None, ["John Roe"]),
    ("Paul Weber, freier Journalist, Kolumnist und Autor", None, ["Paul Weber"]),
    ("Jane is a Senior Reporter for Example News.", None, []),
    # places after a comma
    ("Von Anna Schmidt, Berlin", None, ["Anna Schmidt"]),
    ("By Jane Doe, New York", None, ["Jane Doe"]),
    ("By Jane Doe, LONDON", None, ["Jane Doe"]),
    # contact details and remarks
    ("Jane Doe @janedoe", None, ["Jane Doe"]),
    ("By Jane Doe, jane.doe@example.com", None, ["Jane Doe"]),
    ("By Jane Doe https://example.com/jane", None, ["Jane Doe"]),
    ("By Jane Doe | Email the author", None, ["Jane Doe"]),
    ("Jane Doe Follow", None, ["Jane Doe"]),
    ("Jane Doe More from Jane Doe", None, ["Jane Doe"]),
    ("Jane Doe Updated", None, ["Jane Doe"]),
    ("<a href='/author/jane'>Jane Doe</a> &amp; John Roe", None, ["Jane Doe", "John Roe"]),
    # dates and times glued to the byline
    ("By Tom Reed Published 4 Nov 2025", None, ["Tom Reed"]),
    ("Anna Schmidt 31.10.2025", None, ["Anna Schmidt"]),
    ("Von Paul Weber 19.10.25, 12:00 Uhr", None, ["Paul Weber"]),
    ("Jane Doe November 3, 2025, 09:15 AM EST", None, ["Jane Doe"]),
    ("Posted by John Roe on November 3, 2025", None, ["John Roe"]),
    ("by Jane Doe Monday, November 3, 2025", None, ["Jane Doe"]),
    ("Anna Schmidt Veröffentlicht am 3. November 2025", None, ["Anna Schmidt"]),
    # case
    (
        "By JANE DOE, MARY ANN MAJOR and JOHN ROE",
        None,
        ["Jane Doe", "Mary Ann Major", "John Roe"],
    ),
    ("JEAN-LUC O'NEIL and RONALD MCDONALD", None, ["Jean-Luc O'Neil", "Ronald McDonald"]),
    ("LUDWIG VAN BEETHOVEN", None, ["Ludwig van Beethoven"]),
    ("Jean DUPONT", None, ["Jean Dupont"]),
    ("Ursula von der Leyen", None, ["Ursula von der Leyen"]),
    ("Michelle de Souza", None, ["Michelle de Souza"]),
    ("Di Lorenzo", None, ["Di Lorenzo"]),  # a surname, not "by Lorenzo"
    ("By John E Smith", None, ["John E Smith"]),
    ("J.R. Doe", None, ["J.R. Doe"]),
    ("Dr. Max Mustermann", None, ["Dr. Max Mustermann"]),
    ("Jane Doe, PhD", None, ["Jane Doe"]),
    # duplicates
    ("Jane Doe, jane doe and JANE DOE", None, ["Jane Doe"]),
    ("Jane Doe Jane Doe", None, ["Jane Doe"]),
    # the site itself, desks and junk
    ("Jane Doe, The Example Times", "The Example Times", ["Jane Doe"]),
    ("Jane Doe | Example News", "Example News", ["Jane Doe"]),
    ("The Example Times", "The Example Times", ["The Example Times"]),
    ("Jane Doe, Business Example", "Business Example", ["Jane Doe"]),
    ("Jane Doe, News Desk", None, ["Jane Doe"]),
    ("News Desk", None, ["News Desk"]),
    ("Redaktion, Anna Schmidt", None, ["Anna Schmidt"]),
    ("XY24 Redaktion", None, ["XY24 Redaktion"]),
    ("By admin - 2018-09-16", None, []),
    ("admin", None, []),
    ("Super User", None, []),  # a CMS's default account
    ("jane doe", None, []),
    # user names and editors' initials, as blogs and forums print them
    ("xyz/abc", None, ["xyz", "abc"]),
    ("user1234", None, ["user1234"]),
    ("Example Account", None, []),
    ("by marc", None, ["marc"]),
    ("Jane Doe; marc", None, ["Jane Doe"]),
    ("the", None, []),
    # prose and dates cut into one-word pieces are no names
    ("Ministerium für Arbeit und Soziales", None, []),
    ("Alles über Garten, Balkon und Terrasse", None, []),
    ("Di, 10:19 Uhr", None, []),
    ("By XYZ, in News, Travel", None, ["XYZ"]),
    ("harbourherald.de, Springfield, Ohio", None, ["harbourherald.de"]),
    ("I am a writer, journalist, professor and avocado lover", None, []),
    ("This Is Far Too Long To Be Someone's Name", None, []),
    ("", None, []),
    (None, None, []),
    # compound role words, "all posts by" labels, publication lines
    ("Anna Schmidt Leitende Wirtschaftsredakteurin", None, ["Anna Schmidt"]),
    ("Max Muster, Auslandskorrespondent", None, ["Max Muster"]),
    ("Zeige alle Beiträge von Anna Schmidt", None, ["Anna Schmidt"]),
    ("View all posts by Jane Doe", None, ["Jane Doe"]),
    ("Ein Artikel von Max Muster", None, ["Max Muster"]),
    ("vom Support Team", None, ["Support Team"]),
    ("Publiziert am 3. Mai 2024", None, []),
]


class TestCleanAuthors:
    """clean_authors turns a raw byline into person names, agencies only when alone."""

    @pytest.mark.parametrize(("raw", "site_name", "expected"), CASES)
    def test_byline(self, raw, site_name, expected):
        assert clean_authors(raw, site_name=site_name) == expected


class TestIterables:
    """JSON-LD gives lists of names: each is cleaned and the list is judged as a whole."""

    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            (["Jane Doe", "JOHN ROE"], ["Jane Doe", "John Roe"]),
            (["Jane Doe", "Reuters"], ["Jane Doe", "Reuters"]),
            (["Jane Doe", "Example Media Group"], ["Jane Doe"]),
            (["Reuters"], ["Reuters"]),
            (("By Jane Doe", "Jane Doe"), ["Jane Doe"]),
            (["Jane Doe", None, 42, {"name": "John Roe"}], ["Jane Doe", "John Roe"]),
            ([], []),
            (iter(["Anna Schmidt", "dpa"]), ["Anna Schmidt", "dpa"]),
            (itertools.repeat("Jane Doe"), ["Jane Doe"]),  # endless: read a bounded prefix
            ("Jane\u00adDoe\u200b and John\u00a0Roe", ["JaneDoe", "John Roe"]),
        ],
    )
    def test_list(self, raw, expected):
        assert clean_authors(raw) == expected


class TestKind:
    """clean_authors_with_kind says whether the names are people or only organisations."""

    @pytest.mark.parametrize(
        ("raw", "site_name", "expected"),
        [
            ("By Jane Doe | Reuters", None, (["Jane Doe"], "person")),
            ("By AFP", None, (["AFP"], "organisation")),
            ("The Example Times", "The Example Times", (["The Example Times"], "organisation")),
            ("News Desk", None, (["News Desk"], "organisation")),
            ("Harbour Illustrierte", None, (["Harbour Illustrierte"], "organisation")),
            ("von hafen-it Webteam", None, (["hafen-it Webteam"], "organisation")),
            ("Anna Schmidt, Lokalredaktion", None, (["Anna Schmidt"], "person")),
            ("Revista Puerto", None, (["Revista Puerto"], "organisation")),
            ("admin", None, ([], None)),
            (None, None, ([], None)),
        ],
    )
    def test_kind(self, raw, site_name, expected):
        assert clean_authors_with_kind(raw, site_name=site_name) == expected


# Fragments of bylines, so that the fuzzing reaches every step and not only the first.
BYLINE_BITS = st.sampled_from(
    ["By", "and", "Jane", "DOE", ",", "|", ";", "Photo:", "(", ")", "©", "von", "e", "Reuters",
     "Staff", "Writer", "31.10.2025", "-", "/", "@x", "d'", "O'", "Mc", "\n", "İ", "ǅ"]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(
    raw=st.one_of(
        st.none(),
        st.text(),
        st.lists(BYLINE_BITS, max_size=20).map(" ".join),
        st.lists(st.one_of(st.text(), st.none())),
    ),
    site_name=st.one_of(st.none(), st.text(max_size=20)),
)
def test_never_raises(raw, site_name):
    names = clean_authors(raw, site_name=site_name)
    assert all(isinstance(name, str) and name.strip() == name and name for name in names)
    assert len({name.casefold() for name in names}) == len(names)
