"""E-mail address checks: nothing that could inject a header or an SMTP command gets
through, and the error names the field."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vedette_server.errors import InvalidArgument
from vedette_server.notify.addresses import MAX_RECIPIENTS, check_address, check_recipients


@pytest.mark.parametrize(
    "address", ["guard@example.test", "a.b+alarms@mail.example.test", "root@localhost"]
)
def test_plain_addresses_are_accepted(address: str) -> None:
    assert check_address("sender", address) == address


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("", "empty"),
        ("guard@example.test\r\nBcc: x@example.test", "CR/LF"),
        ("guard@example.test\nRCPT TO:<x@example.test>", "CR/LF"),
        ("guard\x00@example.test", "control character"),
        ("guard @example.test", "white space"),
        ("Guard <guard@example.test>", "white space"),
        ("guard@example.test,x@example.test", "not allowed"),
        ("<guard@example.test>", "not allowed"),
        ("guard.example.test", "exactly one '@'"),
        ("guard@mail@example.test", "exactly one '@'"),
        ("@example.test", "local part"),
        ("guard@", "domain"),
        ("guard@-example.test", "domain"),
        ("guard@example..test", "domain"),
        (".guard@example.test", "'.'"),
        ("jörg@example.test", "non-ASCII"),
        ("x" * 65 + "@example.test", "local part"),
    ],
)
def test_bad_addresses_are_refused_naming_the_field(address: str, reason: str) -> None:
    with pytest.raises(InvalidArgument) as refused:
        check_address("recipients[3]", address)
    assert refused.value.field == "recipients[3]"
    assert reason in refused.value.reason


@given(st.text(max_size=40), st.sampled_from(["\r", "\n", "\r\n"]), st.text(max_size=40))
def test_any_line_break_is_refused(head: str, newline: str, tail: str) -> None:
    with pytest.raises(InvalidArgument):
        check_address("sender", f"{head}{newline}{tail}")


def test_recipients_are_checked_one_by_one_and_deduplicated() -> None:
    assert check_recipients(["a@example.test", "b@example.test", "a@EXAMPLE.test"]) == (
        "a@example.test",
        "b@example.test",
    )
    with pytest.raises(InvalidArgument) as refused:
        check_recipients(["a@example.test", "b@example.test\r\n"])
    assert refused.value.field == "recipients[1]"


@pytest.mark.parametrize(
    "values",
    [[], "a@example.test", [f"u{i}@example.test" for i in range(MAX_RECIPIENTS + 1)]],
)
def test_recipient_lists_are_bounded_and_lists(values: list[str] | str) -> None:
    with pytest.raises(InvalidArgument) as refused:
        check_recipients(values)
    assert refused.value.field == "recipients"
