"""A camera added disabled, or without its audio, is added so (the benchmarks found
``create_camera(..., enabled=False)`` answered and recorded as enabled: proto3 never
sent a plain ``false``, and the server's default, true, took its place). ``enabled``
and ``record_audio`` now have presence: not set means true, an explicit false is
kept."""

from __future__ import annotations

from vedette_api.v1 import cameras_pb2


def test_an_explicit_false_is_kept_and_an_unset_flag_is_true(server_factory) -> None:
    server = server_factory(volume=False)
    with server.client() as client:
        off = client.create_camera(
            "Off", "rtsp://192.0.2.1/main", enabled=False, record_audio=False
        )
        on = client.create_camera("On", "rtsp://192.0.2.1/other")
        assert (off.enabled, off.record_audio) == (False, False)
        assert (on.enabled, on.record_audio) == (True, True)
        listed = {c.name: (c.enabled, c.record_audio) for c in client.list_cameras()}
        assert listed == {"Off": (False, False), "On": (True, True)}
        # A CMS that leaves both out (as a proto3 client omitting them does) gets the
        # documented defaults.
        bare = cameras_pb2.CreateCameraRequest(
            camera=cameras_pb2.Camera(name="Bare", main_url="rtsp://192.0.2.1/bare")
        )
        assert not bare.camera.HasField("enabled")
        made = client._call(client._cameras.CreateCamera, bare).camera
        assert (made.enabled, made.record_audio) == (True, True)
        # Disabled means not recorded: the server does not say it records it.
        status = {s.camera_id: s.recording for s in client.get_recording_status([off.id])}
        assert status == {off.id: False}
