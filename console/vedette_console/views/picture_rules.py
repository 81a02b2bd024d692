"""``PictureRules``: keeps a grid's tiles masked (CAM-10) and watermarked (CAM-11) as
the server says for the signed-in user.

It reads the cameras (their masks and watermark) and the user's rights
(GetMyAccount) when the session signs in and again whenever the change feed says
cameras, users or groups changed, and gives every tile of its grid the rule of the
camera it shows (``VideoTile.rule_source``, so a camera placed later, by a tour or
a sequence too, is masked from its first frame). Until a server's first answer,
the pictures of its cameras are hidden whole. A multi-server live grid follows
each server signed in to (``add_session``): ``own_tile`` says which tiles are the
view's own session's, the others go by their ``server``.
"""

from __future__ import annotations

import contextlib
import functools
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
        #: Each followed session's rules by camera id, as last read; None until its
        #: first answer.
        self.rules_of: dict[Session, dict[int, PictureRule] | None] = {}
        #: The feed and sign-in handlers of each followed session (to let go of it).
        self._handlers: dict[Session, list[tuple[Any, Callable[..., None]]]] = {}
        self._retry: dict[Session, QTimer] = {}
        grid.assignments_changed.connect(self.apply)  # new tiles of a larger layout
        self.set_session(session)

    @property
    def rules(self) -> dict[int, PictureRule] | None:
        """The view's own session's rules (None until read)."""
        return None if self.session is None else self.rules_of.get(self.session)

    def set_session(self, session: Session) -> None:
        """Follow ``session`` instead of the view's former one (a view moved to
        another server): its rules, read now if it is signed in."""
        old = self.session
        if old is session:
            return
        if old is not None:
            self._forget(old)
        self.session = session
        self._follow(session)

    def add_session(self, session: Session) -> None:
        """Also follow another server's session (its tiles in a multi-server grid)."""
        if session not in self.rules_of:
            self._follow(session)

    def _follow(self, session: Session) -> None:
        reload = functools.partial(self._reload_quietly, session)
        handlers: list[tuple[Any, Callable[..., None]]] = [
            (session.changed, functools.partial(self._on_changed, session)),
            (session.connected, reload),
            (session.reconnected, reload),
        ]
        for signal, handler in handlers:
            signal.connect(handler)
        self._handlers[session] = handlers
        retry = QTimer(self)
        retry.setSingleShot(True)
        retry.setInterval(RETRY_MS)
        retry.timeout.connect(reload)
        self._retry[session] = retry
        self.rules_of[session] = None
        self.apply()
        if session.client is not None:
            self.reload(session)

    def _forget(self, session: Session) -> None:
        for signal, handler in self._handlers.pop(session, []):
            with contextlib.suppress(RuntimeError, TypeError):
                signal.disconnect(handler)
        retry = self._retry.pop(session, None)
        if retry is not None:
            retry.stop()
            retry.deleteLater()
        self.rules_of.pop(session, None)

    def session_of(self, tile: VideoTile) -> Session | None:
        """The followed session whose camera ``tile`` shows, None for another's."""
        if self.own_tile is None or self.own_tile(tile):
            return self.session
        others = (s for s in self.rules_of if s is not self.session and s.server)
        return next((s for s in others if s.server == tile.server), None)

    def rule_for(self, tile: VideoTile) -> PictureRule:
        """The rule of the tile's camera; the whole picture hidden until its server's
        rules are first read (a masked camera never shows unmasked while they come)."""
        session = None if tile.camera_id is None else self.session_of(tile)
        if tile.camera_id is None or session is None:
            return PictureRule()
        rules = self.rules_of.get(session)
        if rules is None:
            return HIDDEN
        return rules.get(tile.camera_id, PictureRule())

    def reload(self, session: Session | None = None) -> None:
        """Read ``session``'s rules (the view's own by default) again."""
        session = session or self.session
        if session is None or session not in self.rules_of:
            return
        op = ServerOp(self, fetch_rules)
        op.success(functools.partial(self._loaded, session))
        op.failure(functools.partial(self._failed, session))
        op.background().run(session)

    def apply(self) -> None:
        for tile in self.grid.tiles:
            tile.rule_source = self.rule_for
            tile.set_picture_rule(self.rule_for(tile))

    def _loaded(self, session: Session, rules: dict[int, PictureRule]) -> None:
        if session in self.rules_of:
            self.rules_of[session] = rules
            self.apply()

    def _failed(self, session: Session, error: Exception) -> None:
        """The rules read before stay (a mask is never dropped for a lost answer);
        before the first answer, the pictures stay hidden and the rules are asked
        again a little later."""
        log.warning("cannot read the cameras' privacy masks: %s", error_text(error))
        if session in self.rules_of and self.rules_of[session] is None:
            self._retry[session].start()

    def _reload_quietly(self, session: Session, *_args: Any) -> None:
        self.reload(session)

    def _on_changed(self, session: Session, kind: int, _ids: Any) -> None:
        if kind in RELOAD_KINDS:
            self.reload(session)
