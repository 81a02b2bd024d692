"""The views and tours of a configuration file are checked before anything changes,
and each refusal names the item."""

from __future__ import annotations

from typing import Any

import pytest

from vedette_server.config_backup.views_section import check_views
from vedette_server.errors import InvalidArgument

CAMERAS = {"yard": 1, "gate": 2}
USERS = {"admin", "guard"}


def _document(**changes: Any) -> dict[str, Any]:
    view = {"owner": "admin", "name": "Wall", "layout": 4, "shared": False,
            "tiles": [{"index": 0, "camera": "Yard", "stream": 0}]}  # fmt: skip
    tour = {"owner": "admin", "name": "Round", "shared": False,
            "steps": [{"view_owner": "admin", "view": "Wall", "dwell_s": 10}]}  # fmt: skip
    return {"views": [dict(view, **changes.get("view", {}))],
            "tours": [dict(tour, **changes.get("tour", {}))]}  # fmt: skip


def test_a_good_section_and_a_file_from_before_views_were_backed_up_pass() -> None:
    check_views(_document(), CAMERAS, USERS)
    check_views({"cameras": []}, CAMERAS, USERS)


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"view": {"tiles": [{"index": 0, "camera": "Lobby", "stream": 0}]}}, "views[0].tiles"),
        ({"view": {"owner": "nobody"}}, "views[0].owner"),
        ({"view": {"layout": 5}}, "views[0]"),
        ({"view": {"name": ""}}, "views[0]"),
        ({"tour": {"steps": [{"view_owner": "admin", "view": "Nope", "dwell_s": 10}]}},
         "tours[0].steps"),
        ({"tour": {"owner": "guard"}}, "tours[0].steps"),  # admin's view is not shared
        ({"tour": {"steps": [{"view_owner": "admin", "view": "Wall", "dwell_s": 1}]}},
         "tours[0]"),
    ],
)  # fmt: skip
def test_a_bad_view_or_tour_is_refused_naming_it(changes: dict[str, Any], named: str) -> None:
    with pytest.raises(InvalidArgument) as refused:
        check_views(_document(**changes), CAMERAS, USERS)
    assert refused.value.field == named


def test_a_view_given_twice_is_refused() -> None:
    document = _document()
    document["views"].append(dict(document["views"][0]))
    with pytest.raises(InvalidArgument, match="given twice"):
        check_views(document, CAMERAS, USERS)
