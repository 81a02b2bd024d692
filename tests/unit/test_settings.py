"""Settings: validated once where they enter, named by path when refused; stored as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from google.protobuf.duration_pb2 import Duration

from vedette_api.v1 import system_pb2
from vedette_server.accounts.access_filter import FilterMode
from vedette_server.api.settings_convert import apply_mask, settings_message
from vedette_server.catalog import open_catalog
from vedette_server.catalog.models import Setting
from vedette_server.errors import InvalidArgument
from vedette_server.settings import Settings, SettingsError, SettingsStore
from vedette_server.settings.model import DateTimeSettings, GeneralSettings, SecuritySettings


@pytest.mark.parametrize(
    ("build", "path"),
    [
        (lambda: GeneralSettings(device_name=""), "general.device_name"),
        (lambda: GeneralSettings(device_number=1000), "general.device_number"),
        (lambda: GeneralSettings(language="de"), "general.language"),
        (lambda: GeneralSettings(auto_logout_s=5), "general.auto_logout_s"),
        (lambda: DateTimeSettings(time_zone="Mars/Olympus"), "date_time.time_zone"),
        (lambda: DateTimeSettings(ntp_server="pool.ntp.org\nx"), "date_time.ntp_server"),
        (lambda: SecuritySettings(password_min_length=6), "security.password_min_length"),
        (lambda: SecuritySettings(lockout_s=10), "security.lockout_s"),
        (lambda: SecuritySettings(max_failed_logins="5"), "security.max_failed_logins"),
    ],
)
def test_a_bad_value_is_refused_naming_its_path(build, path: str) -> None:
    with pytest.raises(SettingsError) as info:
        build()
    assert info.value.path == path


def test_time_zones_are_iana_with_their_daylight_saving_rules() -> None:
    assert DateTimeSettings(time_zone="Europe/Paris").time_zone == "Europe/Paris"
    assert DateTimeSettings(time_zone="America/New_York").time_zone == "America/New_York"


def test_settings_survive_a_reopen_of_the_catalog(tmp_path: Path) -> None:
    path = tmp_path / "catalog.sqlite3"
    with open_catalog(path) as catalog:
        store = SettingsStore(catalog)
        assert store.load() == Settings()
        changed = SettingsStore.replace(store.current, "general", device_name="Gate")
        store.save(changed)
    with open_catalog(path) as catalog:
        assert SettingsStore(catalog).load().general.device_name == "Gate"


def test_http_port_is_gone_and_a_stored_one_from_an_older_release_is_dropped(
    tmp_path: Path,
) -> None:
    """No HTTP service ever listened on ``network.http_port``: the setting is removed,
    and a catalog (or a configuration backup) written before keeps its other network
    settings instead of falling back to the defaults."""
    assert "http_port" not in system_pb2.NetworkSettings.DESCRIPTOR.fields_by_name
    assert "http_port" not in Settings().to_json()["network"]
    path = tmp_path / "catalog.sqlite3"
    with open_catalog(path) as catalog:
        old = {"server_port": 6036, "rtsp_port": 9554, "http_port": 8080, "rtsp_anonymous": True}
        Setting.insert(key="network", value=json.dumps(old)).execute(catalog.database)
    with open_catalog(path) as catalog:
        network = SettingsStore(catalog).load().network
    assert (network.rtsp_port, network.rtsp_anonymous) == (9554, True)
    assert Settings.from_json({"network": old}).network == network
    with pytest.raises(SettingsError, match="ports must differ"):
        Settings.from_json({"network": dict(old, server_port=9554)})


def test_an_update_mask_changes_only_what_it_names() -> None:
    current = Settings()
    message = system_pb2.Settings(
        general=system_pb2.GeneralSettings(device_name="Lobby", device_number=42),
        security=system_pb2.SecuritySettings(lockout=Duration(seconds=900)),
        access_filter=system_pb2.AccessFilter(
            enabled=True,
            mode=system_pb2.FILTER_MODE_ALLOW,
            entries=[system_pb2.FilterEntry(value="192.0.2.0/24", enabled=True)],
        ),
    )
    updated = apply_mask(
        current, message, ["general.device_name", "security.lockout", "access_filter"]
    )
    assert updated.general.device_name == "Lobby" and updated.general.device_number == 1
    assert updated.security.lockout_s == 900
    assert updated.security.max_failed_logins == current.security.max_failed_logins
    assert updated.access_filter.mode is FilterMode.ALLOW
    assert updated.access_filter.permits("192.0.2.9") and not updated.access_filter.permits(
        "10.1.1.1"
    )
    round_trip = settings_message(updated, applied_to_host=False)
    assert round_trip.general.device_name == "Lobby"


@pytest.mark.parametrize(
    ("paths", "message", "named"),
    [
        (["general.colour"], system_pb2.Settings(), "general.colour"),
        (["nothing"], system_pb2.Settings(), "nothing"),
        (["general.language"], system_pb2.Settings(), "general.language"),
        (
            ["access_filter.entries"],
            system_pb2.Settings(
                access_filter=system_pb2.AccessFilter(entries=[system_pb2.FilterEntry(value="x y")])
            ),
            "access_filter.entries[0]",
        ),
        (["security"], system_pb2.Settings(), "security.client_certificates"),
    ],
)
def test_an_update_that_cannot_apply_names_the_field(paths, message, named: str) -> None:
    with pytest.raises(InvalidArgument) as info:
        apply_mask(Settings(), message, paths)
    assert named in str(info.value)
