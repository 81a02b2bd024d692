"""A user's PTZ priority: administrators above every group, a group's own priority,
else the default of the group's rights."""

from __future__ import annotations

import pytest

from vedette_server.accounts.authorization import Principal
from vedette_server.accounts.groups import (
    ADMINISTRATORS_PTZ_PRIORITY,
    MAX_GROUP_PTZ_PRIORITY,
    check_ptz_priority,
)
from vedette_server.accounts.rights import ALL_SCOPE_RIGHTS, Area, Scope, ScopeRights
from vedette_server.errors import InvalidArgument
from vedette_server.ptz.arbiter import MAX_PRIORITY
from vedette_server.ptz.priority import (
    ACCOUNTS_PRIORITY,
    ADMIN_PRIORITY,
    INSTALLER_PRIORITY,
    OPERATOR_PRIORITY,
    ptz_priority,
)


def user(areas: frozenset[Area] = frozenset(), group: int | None = None) -> Principal:
    return Principal(7, "op", Scope.REMOTE, ScopeRights(areas), group_ptz_priority=group)


def test_administrators_are_above_every_group() -> None:
    assert ADMIN_PRIORITY == ADMINISTRATORS_PTZ_PRIORITY == MAX_PRIORITY
    assert MAX_GROUP_PTZ_PRIORITY < ADMIN_PRIORITY
    admin_group = Principal(2, "boss", Scope.REMOTE, ALL_SCOPE_RIGHTS, administrator=True)
    assert ptz_priority(admin_group) == ADMIN_PRIORITY
    the_admin = Principal(1, "admin", Scope.REMOTE, ALL_SCOPE_RIGHTS, True, True, 100)
    assert ptz_priority(the_admin) == ADMIN_PRIORITY  # a group value never lowers them


def test_a_group_priority_wins_over_the_default_of_its_rights() -> None:
    assert ptz_priority(user(frozenset({Area.ACCOUNTS}), group=1200)) == 1200
    assert ptz_priority(user(group=MAX_GROUP_PTZ_PRIORITY)) == MAX_GROUP_PTZ_PRIORITY


def test_a_group_without_a_priority_keeps_the_defaults() -> None:
    assert ptz_priority(user(frozenset({Area.ACCOUNTS}))) == ACCOUNTS_PRIORITY == 10_000
    assert ptz_priority(user(frozenset({Area.CAMERAS}))) == INSTALLER_PRIORITY == 5_000
    assert ptz_priority(user()) == OPERATOR_PRIORITY == 3_000


@pytest.mark.parametrize("bad", [0, -5, 32_000, 40_000, True, 2.5, "3000"])
def test_a_group_priority_outside_1_to_31999_is_refused(bad: object) -> None:
    with pytest.raises(InvalidArgument, match="ptz_priority"):
        check_ptz_priority(bad)  # type: ignore[arg-type]


def test_a_group_priority_within_bounds_or_none_is_kept() -> None:
    assert check_ptz_priority(None) is None
    assert check_ptz_priority(1) == 1
    assert check_ptz_priority(31_999) == 31_999
