"""Offset paging for List RPCs (page_size / page_token), with validated tokens."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from vedette_server.errors import InvalidArgument

T = TypeVar("T")
DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000


def page(items: Sequence[T], page_size: int, page_token: str) -> tuple[list[T], str]:
    if page_size < 0:
        raise InvalidArgument("page_size", f"{page_size} is negative")
    size = min(page_size or DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
    start = 0
    if page_token:
        if not (page_token.isascii() and page_token.isdigit()) or int(page_token) > len(items):
            raise InvalidArgument("page_token", f"{page_token!r} is not a token from this list")
        start = int(page_token)
    end = start + size
    return list(items[start:end]), (str(end) if end < len(items) else "")
