"""Site files: TOML in, a frozen SiteConfig out, or a SiteFileError that names the problem."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from newscrawl.discovery.sitefile import (
    DEFAULT_MAX_DEPTH,
    SiteConfig,
    SiteFileError,
    load_site_file,
    site_for_urls,
)
from newscrawl.extraction.siterules import SiteRules

REPO = Path(__file__).resolve().parent.parent

FULL = """
name = "Example Times"
domains = ["example.com", "127.0.0.1:8001"]
start_urls = ["https://www.example.com/", "http://127.0.0.1:8001/world/"]
feeds = ["https://feeds.example.net/rss.xml"]
sitemaps = ["https://www.example.com/sitemap.xml.gz"]
allow = ['/20\\d\\d/', '/world/']
deny = ['/video/']
language = "pt-BR"
date_order = "dmy"
max_depth = 3
remove = ["aside.related", "div[data-box='newsletter']"]
boilerplate = ["  Follow the Times on every channel.  "]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "site.toml"
    path.write_text(text, encoding="utf-8")
    return path


class TestValidFiles:
    """A valid file becomes a SiteConfig with every value checked and normalized."""

    def test_full_file(self, tmp_path: Path) -> None:
        site = load_site_file(write(tmp_path, FULL))
        assert site.name == site.site_name == "Example Times"
        assert site.domains == ("example.com", "127.0.0.1:8001")
        assert site.start_urls == ("https://www.example.com/", "http://127.0.0.1:8001/world/")
        assert site.feeds == ("https://feeds.example.net/rss.xml",)
        assert site.sitemaps == ("https://www.example.com/sitemap.xml.gz",)
        assert [p.pattern for p in site.allow] == ["/20\\d\\d/", "/world/"]
        assert site.allow[0].search("https://x/2024/03/a")
        assert [p.pattern for p in site.deny] == ["/video/"]
        assert site.language == "pt-BR"
        assert site.date_order == "DMY"
        assert site.max_depth == 3
        assert site.rules == SiteRules(
            remove=("aside.related", "div[data-box='newsletter']"),
            boilerplate=("Follow the Times on every channel.",),
        )
        assert site.hints() == {
            "site_name": "Example Times",
            "language": "pt-BR",
            "date_order": "DMY",
        }

    def test_minimal_file_gets_defaults(self, tmp_path: Path) -> None:
        site = load_site_file(
            write(tmp_path, 'name = "Mini"\nfeeds = ["http://127.0.0.1:8002/feed.xml"]\n')
        )
        assert site.domains == ("127.0.0.1:8002",)
        assert site.max_depth == DEFAULT_MAX_DEPTH
        assert (site.start_urls, site.sitemaps, site.allow, site.deny) == ((), (), (), ())
        assert not site.rules
        assert site.hints() == {"site_name": "Mini"}

    def test_default_port_is_not_part_of_the_domain(self, tmp_path: Path) -> None:
        site = load_site_file(
            write(tmp_path, 'name = "A"\nstart_urls = ["https://www.example.com:443/"]\n')
        )
        assert site.domains == ("www.example.com",)

    def test_config_is_frozen(self, tmp_path: Path) -> None:
        site = load_site_file(write(tmp_path, FULL))
        with pytest.raises(dataclasses.FrozenInstanceError):
            site.name = "other"  # type: ignore[misc]

    def test_values_are_data_never_code(self, tmp_path: Path) -> None:
        marker = tmp_path / "executed"
        text = (
            f"name = \"__import__('pathlib').Path('{marker}').touch()\"\n"
            'start_urls = ["http://127.0.0.1:1/"]\n'
        )
        site = load_site_file(write(tmp_path, text))
        assert site.name.startswith("__import__")
        assert not marker.exists()

    def test_example_site_file_is_valid(self) -> None:
        site = load_site_file(REPO / "sites" / "example.toml")
        assert site.name == "Example Times"
        assert site.start_urls and site.feeds and site.sitemaps

    @pytest.mark.parametrize(
        "path", sorted((REPO / "sites" / "news").glob("*.toml")), ids=lambda path: path.stem
    )
    def test_registry_site_file_is_valid(self, path: Path) -> None:
        site = load_site_file(path)
        assert site.start_urls and site.feeds, "a registry entry starts from pages and feeds"
        assert site.language and site.date_order, "real sites state how they write dates"
        assert all(url.startswith("https://") for url in site.start_urls + site.feeds)

    def test_registry_is_not_empty(self) -> None:
        assert len(list((REPO / "sites" / "news").glob("*.toml"))) >= 5

    def test_site_for_urls(self) -> None:
        site = site_for_urls(["http://127.0.0.1:8001/", "http://127.0.0.1:8001/feed.rss"])
        assert isinstance(site, SiteConfig)
        assert site.domains == ("127.0.0.1:8001",)
        assert site.site_name is None
        assert site.hints() == {}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            'name = "A"\nstart_urls = ["http://a.example/"]\nsitemap = []\n',
            "unknown key(s) 'sitemap'",
        ),
        ('name = 1\nstart_urls = ["http://a.example/"]\n', "name must be a string"),
        ('name = "A"\nstart_urls = "http://a.example/"\n', "start_urls must be a list of strings"),
        ('name = "A"\nstart_urls = [1]\n', "start_urls must be a list of strings"),
        (
            'name = "A"\nstart_urls = ["http://a.example/"]\nmax_depth = "2"\n',
            "max_depth must be an integer",
        ),
        (
            'name = "A"\nstart_urls = ["http://a.example/"]\nmax_depth = true\n',
            "max_depth must be an integer",
        ),
        (
            'name = "A"\nstart_urls = ["http://a.example/"]\nmax_depth = -1\n',
            "max_depth: -1 is not",
        ),
        (
            'name = "A"\nstart_urls = ["http://a.example/"]\nlanguage = 5\n',
            "language must be a string",
        ),
        (
            'name = "A"\nstart_urls = ["http://a.example/"]\nlanguage = "English"\n',
            "not a language code",
        ),
        (
            'name = "A"\nstart_urls = ["http://a.example/"]\ndate_order = "DDMMYY"\n',
            "date_order: 'DDMMYY'",
        ),
        (
            'name = "A"\nstart_urls = ["http://a.example/"]\ndeny = ["(unclosed"]\n',
            "deny: invalid regex '(unclosed'",
        ),
        (
            'name = "A"\nstart_urls = ["http://a.example/"]\nallow = ["*x"]\n',
            "allow: invalid regex",
        ),
        ('start_urls = ["http://a.example/"]\n', "name is missing"),
        ('name = "  "\nstart_urls = ["http://a.example/"]\n', "name is missing"),
        ('name = "A"\n', "no start point"),
        ('name = "A"\nstart_urls = []\nfeeds = []\n', "no start point"),
        (
            'name = "A"\nstart_urls = ["ftp://a.example/"]\n',
            "start_urls: 'ftp://a.example/' is not",
        ),
        ('name = "A"\nfeeds = ["javascript:alert(1)"]\n', "feeds: 'javascript:alert(1)' is not"),
        ('name = "A"\nsitemaps = ["/sitemap.xml"]\n', "sitemaps: '/sitemap.xml' is not"),
        ('name = "A"\nstart_urls = ["http:///nohost"]\n', "is not an absolute http(s) URL"),
        (
            'name = "A"\ndomains = ["https://a.example"]\nstart_urls = ["https://a.example/"]\n',
            "is not a host name",
        ),
        (
            'name = "A"\ndomains = ["a.example:99999"]\nstart_urls = ["https://a.example/"]\n',
            "is not a host name",
        ),
        (
            'name = "A"\ndomains = ["a.example"]\nstart_urls = ["https://b.example/"]\n',
            "outside domains",
        ),
        (
            'name = "A"\ndomains = ["a.example"]\nstart_urls = ["http://a.example:8080/"]\n',
            "outside domains",
        ),
        ('name = "A\nstart_urls = []\n', "invalid TOML"),
        (
            'name = "A"\nstart_urls = ["http://a.example/"]\nremove = ["div..x"]\n',
            "remove: 'div..x' is not a CSS selector",
        ),
        (
            'name = "A"\nstart_urls = ["http://a.example/"]\nremove = "aside"\n',
            "remove must be a list of CSS selectors",
        ),
        (
            'name = "A"\nstart_urls = ["http://a.example/"]\nboilerplate = ["ok", " "]\n',
            "boilerplate: empty line",
        ),
    ],
)
def test_invalid_site_files(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(SiteFileError) as raised:
        load_site_file(path)
    assert message in str(raised.value)
    assert str(raised.value).startswith(str(path))


def test_missing_file_is_a_site_file_error(tmp_path: Path) -> None:
    with pytest.raises(SiteFileError, match="cannot read site file"):
        load_site_file(tmp_path / "nope.toml")
