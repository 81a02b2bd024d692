"""``with`` support for the SDK's objects that hold a call or a channel."""

from __future__ import annotations

from types import TracebackType
from typing import Self


class Closeable:
    """A ``with`` block closes the object on the way out, whatever happened in it."""

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
