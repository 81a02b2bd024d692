"""The allow / block list of remote clients: addresses, networks, ranges, MACs."""

from __future__ import annotations

import pytest

from vedette_server.accounts.access_filter import AccessFilter, FilterEntry, FilterMode


def allow(*values: str, **kwargs: bool) -> AccessFilter:
    return AccessFilter(True, FilterMode.ALLOW, tuple(FilterEntry(v) for v in values), **kwargs)


def test_an_allow_list_admits_exactly_its_addresses_networks_and_ranges() -> None:
    access = allow("192.0.2.7", "198.51.100.0/24", "203.0.113.10-203.0.113.20", "2001:db8::/32")
    for ip in ("192.0.2.7", "198.51.100.200", "203.0.113.10", "203.0.113.20", "2001:db8::5"):
        assert access.permits(ip), ip
    for ip in ("192.0.2.8", "198.51.101.1", "203.0.113.21", "2001:db9::1", None, "junk"):
        assert not access.permits(ip), ip


def test_a_block_list_refuses_exactly_its_entries() -> None:
    access = AccessFilter(True, FilterMode.BLOCK, (FilterEntry("127.0.0.2"),))
    assert not access.permits("127.0.0.2")
    assert access.permits("127.0.0.3")
    assert access.permits("::ffff:127.0.0.3")
    assert not access.permits("::ffff:127.0.0.2")  # IPv4-mapped is the same client


def test_mac_entries_match_only_clients_whose_mac_is_known() -> None:
    access = allow("AA-BB-CC-DD-EE-FF")
    assert access.needs_mac
    assert access.permits("192.0.2.9", "aa:bb:cc:dd:ee:ff")
    assert not access.permits("192.0.2.9", None)  # off the LAN: cannot be checked
    assert not access.permits("192.0.2.9", "aa:bb:cc:dd:ee:00")


def test_disabled_entries_and_a_disabled_filter_do_nothing() -> None:
    access = AccessFilter(True, FilterMode.BLOCK, (FilterEntry("10.0.0.1", enabled=False),))
    assert access.permits("10.0.0.1")
    assert AccessFilter(False, FilterMode.ALLOW, ()).permits("10.0.0.1")
    assert not AccessFilter(True, FilterMode.ALLOW, ()).permits("10.0.0.1")


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("", "empty"),
        ("10.0.0.9-10.0.0.1", "lower to a higher"),
        ("10.0.0.1-2001:db8::1", "lower to a higher"),
        ("10.0.0.1-x", "range of two"),
        ("example.com", "neither"),
        ("300.1.1.1", "neither"),
    ],
)
def test_bad_entries_are_refused_with_the_reason_even_when_disabled(
    value: str, reason: str
) -> None:
    with pytest.raises(ValueError, match=reason):
        AccessFilter(True, FilterMode.BLOCK, (FilterEntry(value, enabled=False),))
