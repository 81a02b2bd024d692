"""Page tokens are ASCII digits or INVALID_ARGUMENT: ``str.isdigit`` also takes "²",
"٣" and other Unicode digits, which ``int()`` then refuses with a bare ValueError (an
INTERNAL answer to ListTags, found by the RPC fuzz)."""

from __future__ import annotations

import pytest

from vedette_server.api.paging import page
from vedette_server.api.search_service import page_limit
from vedette_server.errors import InvalidArgument

NOT_ASCII_DIGITS = ["²", "٣", "1²", "१२"]


@pytest.mark.parametrize("token", NOT_ASCII_DIGITS)
def test_a_token_of_other_digits_is_an_invalid_argument(token: str) -> None:
    with pytest.raises(InvalidArgument, match="page_token"):
        page_limit(10, token)
    with pytest.raises(InvalidArgument, match="page_token"):
        page([1, 2, 3], 1, token)


def test_ascii_tokens_still_page() -> None:
    assert page_limit(10, "42") == (10, 42)
    assert page([1, 2, 3], 1, "1") == ([2], "2")
