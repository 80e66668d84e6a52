"""Item pipelines, in the order ``settings.ITEM_PIPELINES`` runs them.

extract (HTML → raw fields, in a process pool) → strip (boilerplate lines) → dates → bylines
→ validate → dedupe. Each pipeline is a thin Scrapy wrapper around pure functions from
``newscrawl.extraction`` and ``newscrawl.normalize``; every drop is raised through
:func:`newscrawl.pipelines.drops.drop` so that it is counted by reason.
"""
