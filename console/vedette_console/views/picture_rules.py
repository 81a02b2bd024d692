"""``PictureRules``: keeps a grid's tiles masked (CAM-10) and watermarked (CAM-11) as
the server says for the signed-in user.

It reads the cameras (their masks and watermark) and the user's rights
(GetMyAccount) when the session signs in and again whenever the change feed says
cameras, users or groups changed, and gives every tile of its grid the rule of the
camera it shows (``VideoTile.rule_source``, so a camera placed later, by a tour or
a sequence too, is masked from its first frame). Until the first answer, the
pictures of its tiles are hidden whole. Tiles of another server (a
multi-server live grid) are left to that server's rules: ``own_tile`` says which
tiles are this session's.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRectF, QTimer

from vedette_api.client import Client
from vedette_api.v1 import alarms_pb2
from vedette_console.failures import error_text
from vedette_console.operations.server_op import ServerOp
from vedette_console.session import Session
from vedette_console.widgets.grid import LiveGrid
from vedette_console.widgets.tile import VideoTile
from vedette_console.widgets.tile.privacy import PictureRule, picture_rules

log = logging.getLogger(__name__)

#: A tile's rule while the rules are not known yet: the whole picture black.
HIDDEN = PictureRule((QRectF(0.0, 0.0, 1.0, 1.0),))
#: How long after a failed first read the rules are asked again.
RETRY_MS = 5000

#: Change-feed kinds after which the rules are read again (masks, rights).
RELOAD_KINDS = (
    alarms_pb2.RESOURCE_KIND_CAMERAS,
    alarms_pb2.RESOURCE_KIND_USERS,
    alarms_pb2.RESOURCE_KIND_GROUPS,
)


def fetch_rules(client: Client) -> dict[int, PictureRule]:
    """Blocking: each camera's rule for the signed-in user."""
    rights = client.get_my_account().rights
    return picture_rules(client.list_cameras(), rights)


class PictureRules(QObject):
    def __init__(
        self,
        grid: LiveGrid,
        session: Session,
        own_tile: Callable[[VideoTile], bool] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.grid = grid
        self.session: Session | None = None
        self.own_tile = own_tile
        #: The rules by camera id, as last read; None until the first answer.
        self.rules: dict[int, PictureRule] | None = None
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(RETRY_MS)
        self._retry.timeout.connect(lambda: self.reload(background=True))
        grid.assignments_changed.connect(self.apply)  # new tiles of a larger layout
        self.set_session(session)

    def set_session(self, session: Session) -> None:
        """Follow ``session`` (a view moved to another server): its rules, read now
        if it is signed in."""
        old = self.session
        if old is session:
            return
        if old is not None:
            for signal, handler in (
                (old.changed, self._on_changed),
                (old.connected, self._on_connected),
                (old.reconnected, self._on_connected),
            ):
                with contextlib.suppress(RuntimeError, TypeError):
                    signal.disconnect(handler)
        self.session = session
        session.changed.connect(self._on_changed)
        session.connected.connect(self._on_connected)
        session.reconnected.connect(self._on_connected)
        self.rules = None
        self.apply()
        if session.client is not None:
            self.reload(background=True)

    def rule_for(self, tile: VideoTile) -> PictureRule:
        """The rule of the tile's camera; the whole picture hidden until the rules
        are first read (a masked camera never shows unmasked while they come)."""
        if tile.camera_id is None or (self.own_tile is not None and not self.own_tile(tile)):
            return PictureRule()
        if self.rules is None:
            return HIDDEN
        return self.rules.get(tile.camera_id, PictureRule())

    def reload(self, *, background: bool = False) -> None:
        if self.session is None:
            return
        op = ServerOp(self, fetch_rules).success(self._loaded).failure(self._failed)
        (op.background() if background else op).run(self.session)

    def apply(self) -> None:
        for tile in self.grid.tiles:
            tile.rule_source = self.rule_for
            tile.set_picture_rule(self.rule_for(tile))

    def _loaded(self, rules: dict[int, PictureRule]) -> None:
        self.rules = rules
        self.apply()

    def _failed(self, error: Exception) -> None:
        """The rules read before stay (a mask is never dropped for a lost answer);
        before the first answer, the pictures stay hidden and the rules are asked
        again a little later."""
        log.warning("cannot read the cameras' privacy masks: %s", error_text(error))
        if self.rules is None:
            self._retry.start()

    def _on_connected(self, _client: Any) -> None:
        self.reload(background=True)

    def _on_changed(self, kind: int, _ids: Any) -> None:
        if kind in RELOAD_KINDS:
            self.reload(background=True)
