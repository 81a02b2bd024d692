"""camsim's ONVIF quirk faults parse like any fault (camsim/faults.py): a kind with a
digit (``fault-200``), a camera-wide target only, no value, an optional time window."""

from __future__ import annotations

import pytest

from vedette_server.camsim.faults import (
    ONVIF_FAULT_KINDS,
    QUIRK_FAULT_KINDS,
    FaultKind,
    parse_fault,
)

QUIRKS = ["digest-only", "fault-200", "no-getservices", "ptz-sub-only", "ignore-move-timeout"]


@pytest.mark.parametrize("kind", QUIRKS)
def test_each_quirk_parses_for_the_whole_run_or_a_window(kind: str) -> None:
    whole = parse_fault(f"cam2:{kind}")
    assert whole.kind is FaultKind(kind) and whole.camera == "cam2"
    assert whole.kind in QUIRK_FAULT_KINDS and whole.kind in ONVIF_FAULT_KINDS
    assert whole.active(0.0) and whole.active(1e6)
    window = parse_fault(f"cam2:{kind}@10s+20s")
    assert not window.active(9.9) and window.active(10.0) and not window.active(30.0)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("cam1/main:fault-200", "applies to a camera, not to one stream"),
        ("cam1:digest-only=1", "takes no value"),
        ("cam1:fault-2000", "unknown kind 'fault-2000'"),
        ("cam1:200", "expected TARGET:KIND"),
    ],
)
def test_bad_quirk_faults_say_what_is_wrong(text: str, why: str) -> None:
    with pytest.raises(ValueError, match=why):
        parse_fault(text)
