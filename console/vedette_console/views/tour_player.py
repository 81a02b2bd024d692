"""Tours on the live grid (LIVE-07): the camera tour (pages of every camera cycle
through the grid every dwell seconds, no setup) and saved tours (saved views shown
in turn, each for its dwell). A double-click on a tile pauses and resumes either.

The paging arithmetic lives here, not in the live view: the view starts and stops
tours and hands over double-clicks (``double_click`` says whether a tour took it).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from vedette_api.v1 import views_pb2
from vedette_console.widgets.grid import LiveGrid
from vedette_console.widgets.tile import VideoTile

#: Shows a saved view on the grid (the live view's ``recall_view``).
Recall = Callable[[views_pb2.View], None]


def camera_page(cameras: list[tuple[str, int]], tiles: int, page: int) -> list[tuple[str, int]]:
    """The cameras of page ``page`` (0-based) for a grid of ``tiles`` tiles."""
    return cameras[page * tiles : (page + 1) * tiles]


def page_count(cameras: int, tiles: int) -> int:
    return max(1, -(-cameras // max(1, tiles)))


class TourPlayer(QObject):
    """Runs at most one tour at a time on a grid."""

    def __init__(self, grid: LiveGrid, notify: Callable[[str], None], parent: QObject) -> None:
        super().__init__(parent)
        self.grid = grid
        self.notify = notify
        #: The cameras a camera tour cycles through, (server, id), in tree order.
        self.cameras: Callable[[], list[tuple[str, int]]] = list
        self.paused = False
        #: The saved tour being shown (None: none, or the camera tour).
        self.running_tour: views_pb2.Tour | None = None
        self._views: dict[int, views_pb2.View] = {}
        self._recall: Recall | None = None
        self._step = -1
        self._page = 0
        self._dwell_ms = 10_000
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._on_timer)

    @property
    def running(self) -> bool:
        """A tour runs (paused or not)."""
        return self._timer.isActive() or self.paused

    # -- the camera tour ---------------------------------------------------------------

    def start_cameras(self, dwell_s: int) -> None:
        """Cycle pages of ``cameras()`` through the grid every ``dwell_s`` seconds."""
        self.stop()
        self._dwell_ms = dwell_s * 1000
        self._page = -1
        self.next_page()
        self._timer.start(self._dwell_ms)
        self.notify(self.tr("Tour started: double-click a tile to pause"))

    def next_page(self) -> None:
        cameras = self.cameras()
        tiles = self.grid.layout_tiles()
        if not cameras or not tiles:
            return
        self._page = (self._page + 1) % page_count(len(cameras), len(tiles))
        page = camera_page(cameras, len(tiles), self._page)
        for index, tile in enumerate(tiles):
            if index < len(page):
                server, camera_id = page[index]
                if (tile.server, tile.camera_id) != (server, camera_id):
                    self.grid.assign(tile, camera_id, server)
            else:
                self.grid.assign(tile, None)

    # -- saved tours -----------------------------------------------------------------------

    def start_saved(
        self, tour: views_pb2.Tour, views: list[views_pb2.View], recall: Recall
    ) -> None:
        """Show the tour's views in turn, each for its dwell."""
        if not tour.steps:
            self.notify(self.tr("Tour “{name}” has no view you may see").format(name=tour.name))
            return
        self.stop()
        self.running_tour, self._step = tour, -1
        self._views = {v.id: v for v in views}
        self._recall = recall
        self._next_step()
        self.notify(
            self.tr("Tour “{name}” started: double-click a tile to pause").format(name=tour.name)
        )

    def update_views(self, views: list[views_pb2.View]) -> None:
        """The saved views were reloaded: a running tour uses the new ones."""
        self._views = {v.id: v for v in views}

    def _next_step(self) -> None:
        tour = self.running_tour
        if tour is None or self._recall is None:
            return
        for _ in range(len(tour.steps)):
            self._step = (self._step + 1) % len(tour.steps)
            view = self._views.get(tour.steps[self._step].view_id)
            if view is not None:
                self._recall(view)
                self._timer.start(self._interval_ms())
                return
        self.notify(self.tr("Tour “{name}”: none of its views is left").format(name=tour.name))
        self.stop()

    def _interval_ms(self) -> int:
        tour = self.running_tour
        if tour is not None and 0 <= self._step < len(tour.steps):
            return tour.steps[self._step].dwell_seconds * 1000
        return self._dwell_ms

    # -- both ------------------------------------------------------------------------------

    def stop(self) -> None:
        self._timer.stop()
        self.paused = False
        self.running_tour = None

    def double_click(self, tile: VideoTile) -> bool:
        """Pause or resume a running tour; False when none runs (single view then)."""
        if not self.running:
            return False
        self.paused = not self.paused
        if self.paused:
            self._timer.stop()
            self.notify(self.tr("Tour paused: double-click again to go on"))
        else:
            self._timer.start(self._interval_ms())
            self.notify(self.tr("Tour resumed"))
        return True

    def _on_timer(self) -> None:
        if self.running_tour is not None:
            self._next_step()
        else:
            self.next_page()
