"""The console's language (SYS-02 ``general.language``): Qt translators for the
console's own strings and for Qt's (standard buttons, dialogs).

Every user-visible string goes through ``tr()`` (``QObject.tr`` in widgets,
``QCoreApplication.translate`` elsewhere) with English source text and named
placeholders filled after translation (``tr("Signed in to {server}").format(...)``),
so a translation file is all a new language needs.

English is the source language: nothing is loaded for it. Another language loads
``vedette_<code>.qm`` from this folder and Qt's ``qtbase_<code>.qm`` from the
PySide6 wheel. Until a language's file ships, ``Translators.install`` returns False
and the console stays in English; it never claims a language it cannot show.

Widgets take their text when they are built, so the language in force at start-up
is the one the console remembered from the last sign-in (``remembered_language``);
a server whose language differs takes effect at the next start.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import platformdirs
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from vedette_api.v1 import system_pb2

#: Settings value → language code of the translation files.
LANGUAGE_CODES: dict[int, str] = {
    system_pb2.LANGUAGE_ENGLISH: "en",
    system_pb2.LANGUAGE_FRENCH: "fr",
}
ENGLISH = system_pb2.LANGUAGE_ENGLISH
_FOLDER = Path(__file__).parent


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks ``text`` for translation in ``context`` and returns it untranslated (for
    tables of labels translated where they are shown). PySide6's own returns
    ``object`` to type checkers; this one is typed, and lupdate finds it by name."""
    return text


def count_text(context: str, count: int, one: str, other: str) -> str:
    """``one`` or ``other`` (each with a ``{count}`` placeholder) translated and
    filled in: plurals without Qt's ``%n`` forms, which need a translation file to
    read well even in English."""
    text = QCoreApplication.translate(context, one if count == 1 else other)
    return text.format(count=count)


class Translators:
    """The translators installed on the application (they must outlive the install)."""

    def __init__(self, app: QCoreApplication) -> None:
        self._app = app
        self._installed: list[QTranslator] = []
        #: The language the console's strings are shown in.
        self.language: int = ENGLISH

    def install(self, language: int) -> bool:
        """Show ``language`` from now on; False (English stays) when the console has
        no translation for it."""
        code = LANGUAGE_CODES.get(language)
        if code is None:
            return False
        if language == self.language:
            return True
        for old in self._installed:
            self._app.removeTranslator(old)
        self._installed.clear()
        self.language = ENGLISH
        if language == ENGLISH:
            return True
        own = QTranslator(self._app)
        if not own.load(f"vedette_{code}", str(_FOLDER)):
            return False
        qt = QTranslator(self._app)
        qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt.load(QLocale(code), "qtbase", "_", qt_folder):
            self._app.installTranslator(qt)
            self._installed.append(qt)
        self._app.installTranslator(own)
        self._installed.append(own)
        self.language = language
        return True


def _language_file() -> Path:
    return Path(platformdirs.user_config_dir("vedette")) / "console-language.json"


def remembered_language() -> int:
    """The language of the last server signed in to (English the first time)."""
    try:
        value = json.loads(_language_file().read_text("utf-8")).get("language")
    except (OSError, ValueError, AttributeError):
        return ENGLISH
    return int(value) if value in LANGUAGE_CODES else ENGLISH


def remember_language(language: int) -> None:
    """Keep the server's language for the next start (a convenience: best effort)."""
    if language not in LANGUAGE_CODES:
        return
    path = _language_file()
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        path.write_text(json.dumps({"language": language}), "utf-8")
