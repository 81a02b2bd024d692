"""Every entry of the Settings window's page list resolves to a ``SettingsPage``
subclass with a known group and a title (a page module renamed or not yet written
fails here; the window itself skips it with a log line)."""

from __future__ import annotations

import pytest

from vedette_console.settings.page import SettingsPage
from vedette_console.settings.pages import GROUPS, PAGES, resolve_entry


@pytest.mark.parametrize("entry", PAGES)
def test_every_listed_page_resolves(entry: str) -> None:
    page = resolve_entry(entry)
    assert issubclass(page, SettingsPage)
    assert page.group in GROUPS
    assert page.title


def test_every_group_has_a_page_and_titles_are_unique_within_a_group() -> None:
    pages = [resolve_entry(entry) for entry in PAGES]
    assert {page.group for page in pages} == set(GROUPS)
    titles = [(page.group, page.title) for page in pages]
    assert len(titles) == len(set(titles))
