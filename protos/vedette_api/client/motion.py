"""The ``MotionService`` part of ``vedette_api.Client``: a camera's motion-detection
settings (get, set), its live cells (``watch_motion_cells``) and motion search in the
motion index (``search_motion``).

Cells are the 22×18 grid packed in 56 bytes (motion.proto); ``cells_from_rows`` and
``cells_to_rows`` convert to and from 18 rows of 22 booleans. Every method blocks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from vedette_api.client.calls import ServiceCalls
from vedette_api.client.server_stream import ServerStream
from vedette_api.timestamps import duration_from_us, timestamp_from_us
from vedette_api.v1 import motion_pb2, motion_pb2_grpc

COLUMNS = 22
ROWS = 18
PACKED_BYTES = 56


def cells_from_rows(rows: Sequence[Sequence[bool]]) -> bytes:
    """18 rows of 22 booleans → 56 bytes (row-major, most significant bit first)."""
    if len(rows) != ROWS or any(len(row) != COLUMNS for row in rows):
        raise ValueError(f"cells: {ROWS} rows of {COLUMNS} cells")
    bits = [bool(cell) for row in rows for cell in row]
    out = bytearray(PACKED_BYTES)
    for index, bit in enumerate(bits):
        if bit:
            out[index // 8] |= 0x80 >> (index % 8)
    return bytes(out)


def cells_to_rows(cells: bytes) -> list[list[bool]]:
    """56 bytes → 18 rows of 22 booleans."""
    if len(cells) != PACKED_BYTES:
        raise ValueError(f"cells: {PACKED_BYTES} bytes, not {len(cells)}")
    bits = [bool(cells[i // 8] & (0x80 >> (i % 8))) for i in range(ROWS * COLUMNS)]
    return [bits[r * COLUMNS : (r + 1) * COLUMNS] for r in range(ROWS)]


def cells_in_box(x0: int, y0: int, x1: int, y1: int) -> bytes:
    """The cells of columns x0..x1 and rows y0..y1 (inclusive)."""
    if not (0 <= x0 <= x1 < COLUMNS and 0 <= y0 <= y1 < ROWS):
        raise ValueError(
            f"cells: {x0},{y0},{x1},{y1} is not within columns 0..{COLUMNS - 1}, rows 0..{ROWS - 1}"
        )
    return cells_from_rows(
        [[x0 <= c <= x1 and y0 <= r <= y1 for c in range(COLUMNS)] for r in range(ROWS)]
    )


ALL_CELLS = cells_in_box(0, 0, COLUMNS - 1, ROWS - 1)


class MotionCellStream(ServerStream[motion_pb2.WatchMotionCellsResponse]):
    """An open ``WatchMotionCells`` call: an iterator of analysed frames' cells."""


class MotionCalls(ServiceCalls):
    _motion: motion_pb2_grpc.MotionServiceStub

    def get_motion_config(self, camera_id: int) -> motion_pb2.GetMotionConfigResponse:
        """The camera's settings, and the detector's health while it runs."""
        request = motion_pb2.GetMotionConfigRequest(camera_id=camera_id)
        response: motion_pb2.GetMotionConfigResponse = self._call(
            self._motion.GetMotionConfig, request
        )
        return response

    def set_motion_config(
        self,
        camera_id: int,
        *,
        enabled: bool,
        sensitivity: int,
        hold_seconds: float,
        make_frames: int = 2,
        areas: Iterable[tuple[str, bytes]] = (("all", ALL_CELLS),),
    ) -> motion_pb2.MotionConfig:
        """Replace the camera's settings (applied at once); the settings stored."""
        config = motion_pb2.MotionConfig(
            enabled=enabled,
            sensitivity=sensitivity,
            hold_seconds=hold_seconds,
            make_frames=make_frames,
            areas=[motion_pb2.MotionArea(name=n, cells=c) for n, c in areas],
        )
        request = motion_pb2.SetMotionConfigRequest(camera_id=camera_id, config=config)
        response: motion_pb2.SetMotionConfigResponse = self._call(
            self._motion.SetMotionConfig, request
        )
        return response.config

    def watch_motion_cells(
        self, camera_id: int, *, timeout_s: float | None = None
    ) -> MotionCellStream:
        """Every analysed frame's cells with motion, live, until closed."""
        request = motion_pb2.WatchMotionCellsRequest(camera_id=camera_id)
        call = self._motion.WatchMotionCells(request, metadata=self._metadata, timeout=timeout_s)
        return MotionCellStream(call, self.server)

    def search_motion(
        self,
        camera_ids: Iterable[int],
        start_us: int,
        end_us: int,
        *,
        cells: bytes = b"",
        min_duration_us: int = 0,
        merge_gap_us: int = 0,
        on_progress: Callable[[float], None] | None = None,
        timeout_s: float | None = None,
    ) -> list[motion_pb2.MotionRun]:
        """Runs of motion in ``cells`` (56 bytes; empty: every cell) of the cameras
        (none: every camera the caller may play back) in [start_us, end_us), ordered by
        camera as given then start. ``on_progress`` gets the fraction of cameras done
        after each one."""
        request = motion_pb2.SearchMotionRequest(
            camera_ids=list(camera_ids),
            start_time=timestamp_from_us(start_us),
            end_time=timestamp_from_us(end_us),
            cells=cells,
            min_duration=duration_from_us(min_duration_us),
            merge_gap=duration_from_us(merge_gap_us),
        )
        call = self._motion.SearchMotion(request, metadata=self._metadata, timeout=timeout_s)
        runs: list[motion_pb2.MotionRun] = []
        with ServerStream[motion_pb2.SearchMotionResponse](call, self.server) as stream:
            for message in stream:
                runs.extend(message.runs)
                if on_progress is not None:
                    on_progress(message.progress)
                if message.done:
                    break
        return runs
