"""Work every extraction worker would otherwise repeat on its first pages, done once.

The pool's forkserver imports this module before it forks the workers, so they start with
its results in memory (copy-on-write). dateparser compiles the regexes of each language on
first use: about half a second for the languages dates are detected among, paid in every
worker by the first page with a date in words (our normaliser and htmldate's fallback share
dateparser's locale cache). Importing this module has that side effect on purpose; nothing
else imports it.
"""

from __future__ import annotations

from newscrawl.normalize.dates import warm_up_dateparser

warm_up_dateparser()
