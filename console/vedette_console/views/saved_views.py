"""Saved views and tours of the live grid (LIVE-06, LIVE-07), kept on the server
(``ViewService``) so they follow the operator to any console: the **Views** and
**Tours** menus, what they save, rename and delete, and the lists they show.

A view holds only the tiles of the server signed in first (a view names that
server's camera ids). The lists reload when the server's change feed says views
changed (another console saved one, an administrator shared one). At a site
(``set_site``) views and tours are the site directory's instead: a view names the
directory's camera ids and holds the site cameras of every server
(``vedette_console.site_views``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QInputDialog, QMenu, QWidget

from vedette_api.client import Client
from vedette_api.v1 import views_pb2
from vedette_console.i18n import count_text
from vedette_console.operations import views as view_ops
from vedette_console.operations.server_op import CallRunner, ServerOp
from vedette_console.operations.views import SavedLayouts, ViewTile
from vedette_console.session import Session
from vedette_console.site_views import SiteViews
from vedette_console.views.tour_dialog import TourDialog
from vedette_console.views.tour_player import TourPlayer
from vedette_console.widgets.grid import LiveGrid
from vedette_console.widgets.tile import VideoTile


class LiveViewHost(Protocol):
    """What saved views use of the live view they belong to (``views.live.LiveView``)."""

    @property
    def session(self) -> Session: ...
    @property
    def grid(self) -> LiveGrid: ...
    @property
    def tours(self) -> TourPlayer: ...
    @property
    def notify(self) -> Callable[[str], None]: ...
    def user(self) -> str: ...
    def start_saved_tour(self, tour: views_pb2.Tour) -> None: ...
    def recall_view(self, view: views_pb2.View, *, by_tour: bool = False) -> None: ...


class SavedViews(QObject):
    """The user's views and tours for one live view."""

    def __init__(self, live: LiveViewHost, widget: QWidget) -> None:
        super().__init__(widget)
        self.live = live
        self.widget = widget  # dialogs open over it
        self.views: list[views_pb2.View] = []
        self.tours: list[views_pb2.Tour] = []
        #: The view last recalled or saved: what "save changes", rename, delete act on.
        self.current_view: views_pb2.View | None = None
        self.views_menu = QMenu(widget)
        self.views_menu.aboutToShow.connect(self.fill_views_menu)
        self.tours_menu = QMenu(widget)
        self.tours_menu.aboutToShow.connect(self.fill_tours_menu)
        #: At a site: views and tours are the directory's (``set_site``).
        self.site: SiteViews | None = None
        #: Reloads asked for: only the last one's answer is shown.
        self._asked = 0

    def set_site(self, site: SiteViews | None) -> None:
        """Keep views and tours at a site's directory (None: on the first server)."""
        self.site = site
        self.current_view = None
        self.reload(background=True)

    def runner(self) -> CallRunner:
        """Where views and tours are kept: the site directory, or the first server."""
        return self.site.calls if self.site is not None else self.live.session

    # -- the lists -------------------------------------------------------------------------

    def reload(self, *, background: bool = False) -> None:
        """Fetch the views and tours; ``background`` when the console does it by itself."""
        site = self.site
        if site is not None:  # the directory's cameras too: views name their ids

            def work(client: Client) -> SavedLayouts:
                site.cameras.set_directory_cameras(client.list_cameras())
                return SavedLayouts(client.list_views(), client.list_tours())

            op = ServerOp(self.widget, work)
        else:
            op = view_ops.list_saved(parent=self.widget)
        self._asked += 1
        asked = self._asked
        op.success(lambda found: self._on_saved(found) if asked == self._asked else None)
        (op.background() if background else op).run(self.runner())

    def _on_saved(self, found: SavedLayouts) -> None:
        self.views, self.tours = found.views, found.tours
        if self.current_view is not None:
            by_id = {v.id: v for v in self.views}
            self.current_view = by_id.get(self.current_view.id)
        self.live.tours.update_views(self.views)

    def _reload_after(self, text: str) -> None:
        self.live.notify(text)
        self.reload()

    # -- views -------------------------------------------------------------------------------

    def _saved_id(self, tile: VideoTile, camera_id: int | None = None) -> int | None:
        """The id a view saves for the tile's camera (or ``camera_id`` of the tile's
        server): at a site the directory's, else the first server's own (None: not
        one a view can hold)."""
        camera = tile.camera_id if camera_id is None else camera_id
        if camera is None:
            return None
        server = tile.server or self.live.session.server
        if self.site is not None:
            return self.site.cameras.directory_id(server, int(camera))
        return int(camera) if server == self.live.session.server else None

    def _primary(self, tile: VideoTile) -> bool:
        """Whether the tile shows a camera a view can hold."""
        return self._saved_id(tile) is not None

    def grid_tiles(self) -> list[ViewTile]:
        """The grid as a view's tiles: (index, camera id, forced stream or 0)."""
        found = []
        for index, tile in enumerate(self.live.grid.layout_tiles()):
            saved = self._saved_id(tile)
            if saved is not None:
                found.append((index, saved, tile.chooser.override or 0))
        return found

    def grid_sequences(self) -> dict[int, views_pb2.TileSequence]:
        """The grid's in-tile sequences (LIVE-08) by tile index."""
        found = {}
        for index, tile in enumerate(self.live.grid.layout_tiles()):
            sequence = tile.sequencer.sequence
            if sequence is None or not self._primary(tile):
                continue
            message = sequence.to_message()
            ids = [self._saved_id(tile, camera) for camera in sequence.camera_ids]
            del message.camera_ids[:]
            message.camera_ids.extend(i for i in ids if i is not None)
            found[index] = message
        return found

    def save_view_as(self, name: str, *, shared: bool = False, view_id: int = 0) -> None:
        """Save the grid (layout, cameras, forced streams) as a view on the server."""
        grid = self.live.grid
        others = sum(
            1 for t in grid.layout_tiles() if t.camera_id is not None and not self._primary(t)
        )

        def done(view: views_pb2.View) -> None:
            self.current_view = view
            text = self.tr("View “{name}” saved").format(name=view.name)
            if others and self.site is None:
                text += " " + count_text(
                    "SavedViews",
                    others,
                    "({count} tile of other servers is not saved)",
                    "({count} tiles of other servers are not saved)",
                )
            elif others:
                text += " " + count_text(
                    "SavedViews",
                    others,
                    "({count} tile of a camera that is not the site's is not saved)",
                    "({count} tiles of cameras that are not the site's are not saved)",
                )
            self._reload_after(text)

        op = view_ops.save_view(
            parent=self.widget,
            name=name,
            layout=grid.count,
            tiles=self.grid_tiles(),
            view_id=view_id,
            shared=shared,
            sequences=self.grid_sequences(),
        )
        op.success(done).run(self.runner())

    def _current(self) -> views_pb2.View | None:
        if self.current_view is None:
            self.live.notify(self.tr("Recall or save a view first"))
        return self.current_view

    def save_current_view(self) -> None:
        """Overwrite the current view with the grid as it is now."""
        view = self._current()
        if view is not None:
            self.save_view_as(view.name, shared=view.shared, view_id=view.id)

    def rename_current_view(self, name: str) -> None:
        view = self._current()
        if view is None:
            return
        op = view_ops.rename_view(parent=self.widget, view=view, name=name)
        op.success(
            lambda renamed: self._reload_after(
                self.tr("View renamed “{name}”").format(name=renamed.name)
            )
        ).run(self.runner())

    def delete_current_view(self) -> None:
        view = self._current()
        if view is None:
            return
        self.current_view = None
        op = view_ops.delete_view(parent=self.widget, view_id=view.id)
        op.success(
            lambda _: self._reload_after(self.tr("View “{name}” deleted").format(name=view.name))
        ).run(self.runner())

    # -- tours -------------------------------------------------------------------------------

    def save_tour(
        self, name: str, view_ids: list[int], dwell_s: int, *, shared: bool = False
    ) -> None:
        steps = [(view_id, dwell_s) for view_id in view_ids]
        op = view_ops.save_tour(parent=self.widget, name=name, steps=steps, shared=shared)
        op.success(
            lambda tour: self._reload_after(self.tr("Tour “{name}” saved").format(name=tour.name))
        ).run(self.runner())

    def delete_tour(self, tour: views_pb2.Tour) -> None:
        tours = self.live.tours
        if tours.running_tour is not None and tours.running_tour.id == tour.id:
            tours.stop()
        op = view_ops.delete_tour(parent=self.widget, tour_id=tour.id)
        op.success(
            lambda _: self._reload_after(self.tr("Tour “{name}” deleted").format(name=tour.name))
        ).run(self.runner())

    def start_tour(self, tour: views_pb2.Tour) -> None:
        self.live.start_saved_tour(tour)

    # -- menus -------------------------------------------------------------------------------

    def fill_views_menu(self) -> None:
        menu = self.views_menu
        menu.clear()
        current = None if self.current_view is None else self.current_view.id
        user = self.live.user()
        for view in self.views:
            label = view.name if view.owner == user else f"{view.name} ({view.owner})"
            action = menu.addAction(label, functools.partial(self.live.recall_view, view))
            action.setCheckable(True)
            action.setChecked(view.id == current)
        if not self.views:
            menu.addAction(self.tr("No saved view yet")).setEnabled(False)
        menu.addSeparator()
        menu.addAction(self.tr("Save view as…"), lambda: self._ask_view_name(shared=False))
        menu.addAction(self.tr("Save shared view as…"), lambda: self._ask_view_name(shared=True))
        if self.current_view is not None:
            name = self.current_view.name
            menu.addAction(
                self.tr("Save changes to “{name}”").format(name=name), self.save_current_view
            )
            menu.addAction(self.tr("Rename “{name}”…").format(name=name), self._ask_rename)
            menu.addAction(self.tr("Delete “{name}”").format(name=name), self.delete_current_view)
        menu.addAction(self.tr("Reload from the server"), self.reload)

    def fill_tours_menu(self) -> None:
        menu = self.tours_menu
        menu.clear()
        running = self.live.tours.running_tour
        running_id = None if running is None else running.id
        for tour in self.tours:
            action = menu.addAction(tour.name, functools.partial(self.start_tour, tour))
            action.setCheckable(True)
            action.setChecked(tour.id == running_id)
        if not self.tours:
            menu.addAction(self.tr("No saved tour yet")).setEnabled(False)
        if running is not None:
            menu.addAction(self.tr("Stop the tour"), self.live.tours.stop)
        menu.addSeparator()
        menu.addAction(self.tr("New tour of saved views…"), self._open_tour_dialog)
        if self.tours:
            delete = menu.addMenu(self.tr("Delete a tour"))
            for tour in self.tours:
                delete.addAction(tour.name, functools.partial(self.delete_tour, tour))

    def _ask_view_name(self, *, shared: bool) -> None:
        name, ok = QInputDialog.getText(
            self.widget, self.tr("Save view"), self.tr("Name of the view:")
        )
        if ok and name.strip():
            self.save_view_as(name.strip(), shared=shared)

    def _ask_rename(self) -> None:
        if self.current_view is None:
            return
        name, ok = QInputDialog.getText(
            self.widget, self.tr("Rename view"), self.tr("New name:"), text=self.current_view.name
        )
        if ok and name.strip():
            self.rename_current_view(name.strip())

    def _open_tour_dialog(self) -> None:
        if not self.views:
            self.live.notify(self.tr("Save some views first: a tour shows saved views in turn"))
            return
        dialog = TourDialog(self.views, self.widget)
        dialog.accepted.connect(
            lambda: self.save_tour(
                dialog.name(), dialog.view_ids(), dialog.dwell_s(), shared=dialog.shared()
            )
        )
        dialog.open()
