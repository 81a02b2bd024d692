"""The motion settings of a configuration file are checked like ``SetMotionConfig``
checks them before anything changes, each refusal naming the camera and the field;
a camera without them (a file from before) has none to apply."""

from __future__ import annotations

from typing import Any

import pytest

from vedette_server.config_backup.motion_section import check_motion, export_motion
from vedette_server.errors import InvalidArgument
from vedette_server.motion import grid
from vedette_server.motion.config import MotionArea, MotionConfig
from vedette_server.motion.settings import MotionSettings

DOOR = grid.cells_in_box(0, 0, 5, 4)
SETTINGS = MotionSettings(
    True, MotionConfig(sensitivity=8, make_frames=3, hold_s=30.0, areas=(MotionArea("door", DOOR),))
)


def _camera(**changes: Any) -> dict[str, Any]:
    return {"name": "Yard", "motion": dict(export_motion(SETTINGS), **changes)}


def test_exported_settings_read_back_the_same_and_a_file_from_before_has_none() -> None:
    found = check_motion(_camera(), "cameras[0]")
    assert found is not None and found.enabled
    assert export_motion(found) == export_motion(SETTINGS)
    assert (found.config.areas[0].cells == DOOR).all()
    assert check_motion({"name": "Yard"}, "cameras[0]") is None


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"sensitivity": 11}, "sensitivity"),
        ({"sensitivity": True}, "sensitivity"),
        ({"sensitivity": 2.5}, "sensitivity"),
        ({"make_frames": 0}, "make_frames"),
        ({"hold_s": 0}, "hold_s"),
        ({"hold_s": float("nan")}, "hold_s"),
        ({"hold_s": "10"}, "hold_s"),
        ({"enabled": "yes"}, "enabled"),
        ({"areas": "all"}, "areas"),
        ({"areas": [{"name": "door", "cells": "zz"}]}, "areas"),
        ({"areas": [{"name": "door", "cells": "ff"}]}, "cells"),
        ({"areas": [{"name": "", "cells": grid.pack(DOOR).hex()}]}, "area.name"),
        ({"areas": [{"name": "a", "cells": grid.pack(DOOR).hex()}] * 2}, "areas"),
    ],
)
def test_a_bad_setting_is_refused_naming_the_camera_and_field(
    changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidArgument) as refused:
        check_motion(_camera(**changes), "cameras[2]")
    assert refused.value.field == f"cameras[2].motion.{field}"


def test_a_motion_section_that_is_not_an_object_is_refused() -> None:
    with pytest.raises(InvalidArgument) as refused:
        check_motion({"name": "Yard", "motion": [1]}, "cameras[0]")
    assert refused.value.field == "cameras[0].motion"
