"""Work every extraction worker would otherwise repeat on its first pages, done once.

The pool's forkserver imports this module before it forks the workers, so they start with
its results in memory (copy-on-write). dateparser compiles the regexes of each language on
first use: about half a second for the languages dates are detected among, paid in every
worker by the first page with a date in words (our normaliser and htmldate's fallback share
dateparser's locale cache). Importing this module has that side effect on purpose; nothing
else imports it.
"""

from __future__ import annotations

from dateparser import DateDataParser

from newscrawl.normalize.dates import DETECTION_LANGUAGES


def warm_up_dateparser() -> None:
    """Load and compile every detection language: a string no language reads tries each."""
    DateDataParser(languages=list(DETECTION_LANGUAGES)).get_date_data("31 zzzz 2020")


warm_up_dateparser()
