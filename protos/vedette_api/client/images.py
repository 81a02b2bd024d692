"""Thumbnails, time slices and snapshots in ``vedette_api.Client`` (SEARCH-01..03,
SEARCH-06). Every method blocks.

Time slices drill down year → month → day → hour → minute: ``time_slices("year",
t)`` gives 12 month thumbnails, ``("month", t)`` one per day, ``("day", t)`` one
per hour, ``("hour", t)`` 60 minute thumbnails (the manual's minute view), and
``("minute", t)`` 60 one-second ones; each ``Thumbnail`` carries its slice's
``time`` and ``slice_end_time``, which is what the next level down is asked for.

Ranges and slices carry their motion (``motion_known``, ``has_motion``,
``motion_seconds``, ``motion_time``); ``motion_only=True`` returns only the slices
with motion, ``motion_instant=True`` shows each at its first motion, and
``motion_cells`` (56 bytes, ``vedette_api.client.motion.cells_in_box``) counts only
motion in those cells.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import grpc

from vedette_api.client.calls import ServiceCalls
from vedette_api.client.streams import StreamArg, stream_proto
from vedette_api.errors import InvalidArgument
from vedette_api.errors import error_from_rpc as _error_from_rpc
from vedette_api.timestamps import timestamp_from_us
from vedette_api.v1 import export_pb2, images_pb2, images_pb2_grpc

SLICE_UNITS: dict[str, int] = {
    "year": images_pb2.SLICE_UNIT_YEAR,
    "month": images_pb2.SLICE_UNIT_MONTH,
    "day": images_pb2.SLICE_UNIT_DAY,
    "hour": images_pb2.SLICE_UNIT_HOUR,
    "minute": images_pb2.SLICE_UNIT_MINUTE,
}
#: The unit one level down from each, for drilling into a slice.
NEXT_UNIT = {"year": "month", "month": "day", "day": "hour", "hour": "minute"}


def _motion(
    request: images_pb2.GetThumbnailsRequest, only: bool, instant: bool, cells: bytes
) -> None:
    request.motion_only, request.motion_instant, request.motion_cells = only, instant, cells


class ImageCalls(ServiceCalls):
    _images: images_pb2_grpc.ImageServiceStub

    def _thumbnails(
        self, request: images_pb2.GetThumbnailsRequest
    ) -> Iterator[images_pb2.Thumbnail]:
        call = self._images.GetThumbnails(
            request, timeout=max(self._timeout_s, 120.0), metadata=self._metadata
        )
        try:
            yield from call
        except grpc.RpcError as exc:
            raise _error_from_rpc(exc, server=self.server) from exc
        finally:
            call.cancel()

    @staticmethod
    def _request(
        camera_ids: Sequence[int],
        max_width: int,
        max_height: int,
        stream: StreamArg | None,
    ) -> images_pb2.GetThumbnailsRequest:
        return images_pb2.GetThumbnailsRequest(
            camera_ids=list(camera_ids),
            max_width=max_width,
            max_height=max_height,
            stream=stream_proto(stream),
        )

    def thumbnails_at(
        self,
        camera_ids: Sequence[int],
        times_us: Sequence[int],
        *,
        max_width: int = 0,
        max_height: int = 0,
        stream: StreamArg | None = None,
    ) -> Iterator[images_pb2.Thumbnail]:
        """A thumbnail per camera and instant (keyframe nearest it; ``stream`` None:
        the sub stream where it was recorded, else the main); ``no_recording`` where
        nothing was recorded."""
        request = self._request(camera_ids, max_width, max_height, stream)
        request.times.times.extend(timestamp_from_us(t) for t in times_us)
        return self._thumbnails(request)

    def thumbnails_between(
        self,
        camera_ids: Sequence[int],
        start_us: int,
        end_us: int,
        count: int,
        *,
        max_width: int = 0,
        max_height: int = 0,
        stream: StreamArg | None = None,
        motion_only: bool = False,
        motion_instant: bool = False,
        motion_cells: bytes = b"",
    ) -> Iterator[images_pb2.Thumbnail]:
        """``count`` thumbnails per camera spread evenly over [start_us, end_us)."""
        request = self._request(camera_ids, max_width, max_height, stream)
        _motion(request, motion_only, motion_instant, motion_cells)
        request.range.start_time.CopyFrom(timestamp_from_us(start_us))
        request.range.end_time.CopyFrom(timestamp_from_us(end_us))
        request.range.count = count
        return self._thumbnails(request)

    def time_slices(
        self,
        camera_ids: Sequence[int],
        unit: str,
        time_us: int,
        *,
        time_zone: str = "",
        max_width: int = 0,
        max_height: int = 0,
        stream: StreamArg | None = None,
        motion_only: bool = False,
        motion_instant: bool = False,
        motion_cells: bytes = b"",
    ) -> Iterator[images_pb2.Thumbnail]:
        """The slices of the ``unit`` ("year", "month", "day", "hour", "minute")
        containing ``time_us``, in ``time_zone`` (default: the server's)."""
        if unit not in SLICE_UNITS:
            raise InvalidArgument(f"unit {unit!r}: one of {', '.join(SLICE_UNITS)}")
        request = self._request(camera_ids, max_width, max_height, stream)
        _motion(request, motion_only, motion_instant, motion_cells)
        request.slices.unit = SLICE_UNITS[unit]  # type: ignore[assignment]
        request.slices.time.CopyFrom(timestamp_from_us(time_us))
        request.slices.time_zone = time_zone
        return self._thumbnails(request)

    def minute_view(
        self, camera_id: int, hour_us: int, *, max_width: int = 0
    ) -> list[images_pb2.Thumbnail]:
        """The 60 minute thumbnails of the hour containing ``hour_us``."""
        return list(self.time_slices([camera_id], "hour", hour_us, max_width=max_width))

    # -- snapshots ----------------------------------------------------------------------

    def take_snapshot(self, camera_id: int, time_us: int | None = None) -> images_pb2.Snapshot:
        """A full-resolution snapshot of ``time_us`` in the recording, or of live."""
        request = images_pb2.TakeSnapshotRequest(camera_id=camera_id)
        if time_us is not None:
            request.time.CopyFrom(timestamp_from_us(time_us))
        return self._call(self._images.TakeSnapshot, request).snapshot

    def list_snapshots(
        self,
        camera_ids: Sequence[int] = (),
        *,
        start_us: int | None = None,
        end_us: int | None = None,
        limit: int = 1000,
    ) -> list[images_pb2.Snapshot]:
        """Snapshots, newest first, at most ``limit`` (pages followed)."""
        request = images_pb2.ListSnapshotsRequest(camera_ids=list(camera_ids))
        if start_us is not None:
            request.start_time.CopyFrom(timestamp_from_us(start_us))
        if end_us is not None:
            request.end_time.CopyFrom(timestamp_from_us(end_us))
        method = self._images.ListSnapshots
        return list(self._paginate(method, request, "snapshots", limit=limit))

    def get_snapshot(self, snapshot_id: int) -> tuple[images_pb2.Snapshot, bytes]:
        """The snapshot and its JPEG bytes."""
        response = self._call(
            self._images.GetSnapshot, images_pb2.GetSnapshotRequest(snapshot_id=snapshot_id)
        )
        return response.snapshot, response.jpeg

    def delete_snapshot(self, snapshot_id: int) -> None:
        self._call(
            self._images.DeleteSnapshot, images_pb2.DeleteSnapshotRequest(snapshot_id=snapshot_id)
        )

    def export_snapshots(
        self, snapshot_ids: Sequence[int], *, root: str = "", subdir: str = ""
    ) -> images_pb2.ExportSnapshotsResponse:
        """Copy snapshots to a new signed folder under an export root on the server."""
        request = images_pb2.ExportSnapshotsRequest(
            snapshot_ids=list(snapshot_ids),
            destination=export_pb2.ExportDestination(root=root, subdir=subdir),
        )
        response: images_pb2.ExportSnapshotsResponse = self._call(
            self._images.ExportSnapshots, request
        )
        return response
