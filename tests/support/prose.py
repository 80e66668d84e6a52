"""Hand-written article prose for extraction fixtures: long enough to be a body."""

from newscrawl.items import FetchedPage

PROSE = (
    "The regional council voted late on Tuesday to keep the night ferry running through the "
    "winter, reversing a plan that would have cut the last crossing from the timetable. "
)
PROSE_2 = (
    "Harbour workers said the decision came after weeks of petitions, and the operator "
    "promised to publish a revised schedule before the end of the month. "
)


def ferry_page(html: str) -> FetchedPage:
    """``html`` fetched at the Herald's ferry story URL, for extraction tests."""
    return FetchedPage(
        url="https://herald.example/news/ferry.html", html=html, fetched_at="2025-11-05T10:00:00Z"
    )
