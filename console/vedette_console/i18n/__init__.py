"""The console's language: Qt translators for the console's own strings and for
Qt's (standard buttons, dialogs), and which language a start uses.

Every user-visible string goes through ``tr()`` (``QObject.tr`` in widgets,
``QCoreApplication.translate`` elsewhere) with English source text and named
placeholders filled after translation (``tr("Signed in to {server}").format(...)``),
so a translation file is all a new language needs. Counted strings use
``count_text`` (the language's plural rule). ``ts_tool`` keeps ``vedette_<code>.ts``
in step with the sources; ``make`` builds the ``.qm`` that is loaded here.

English is the source language: nothing is loaded for it. Another language loads
``vedette_<code>.qm`` from this folder and Qt's ``qtbase_<code>.qm`` from the
PySide6 wheel. Without its ``.qm`` (not built), ``Translators.install`` returns
False and the console stays in English; it never claims a language it cannot show.

Which language a start uses (``start_language``): ``--lang``; else on a workstation
the user's own choice (the sign-in dialog's language box, kept in the console's
settings); else, and always on the appliance's local socket, the language of the
server last signed in to (SYS-02 ``general.language``, ``remembered_language``).
Widgets take their text when they are built, so a change applies at the next start.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import ClassVar

import platformdirs
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from vedette_api.v1 import system_pb2

#: Settings value → language code of the translation files.
LANGUAGE_CODES: dict[int, str] = {
    system_pb2.LANGUAGE_ENGLISH: "en",
    system_pb2.LANGUAGE_FRENCH: "fr",
}
#: The locale Qt's own widgets (calendars, date editors) use in each language.
_LOCALES: dict[int, tuple[QLocale.Language, QLocale.Country]] = {
    system_pb2.LANGUAGE_FRENCH: (QLocale.Language.French, QLocale.Country.France)
}
ENGLISH = system_pb2.LANGUAGE_ENGLISH
_FOLDER = Path(__file__).parent


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks ``text`` for translation in ``context`` and returns it untranslated (for
    tables of labels translated where they are shown). PySide6's own returns
    ``object`` to type checkers; this one is typed, and lupdate finds it by name."""
    return text


def count_text(context: str, count: int, one: str, other: str) -> str:
    """``one`` or ``other`` (English singular and plural, with a ``{count}``
    placeholder or the number written out) in the shown language, filled in.

    The translation is a numerus entry (source ``other``, the singular in its
    comment, see ``ts_tool``), and Qt picks its form by the language's plural rule
    (French: "0 caméra", "1 caméra", "2 caméras"). Without a translation (English,
    the source language) the English rule applies: the singular for 1 only."""
    text = QCoreApplication.translate(context, other, None, count)
    if text == other:
        text = one if count == 1 else other
    return text.format(count=count)


def decimal_text(value: float, decimals: int) -> str:
    """``value`` with ``decimals`` decimals in the shown language's way ("28.9" in
    English, "28,9" in French), without group separators."""
    locale = QLocale()
    locale.setNumberOptions(QLocale.NumberOption.OmitGroupSeparator)
    return locale.toString(float(value), "f", decimals)


class Translators:
    """The translators installed on the application (they must outlive the install)."""

    #: The application's (the last made): ``current()``.
    _current: ClassVar[Translators | None] = None

    def __init__(self, app: QCoreApplication) -> None:
        Translators._current = self
        self._app = app
        self._installed: list[QTranslator] = []
        self._locale = QLocale()  # the default before any language is installed
        #: The language the console's strings are shown in.
        self.language: int = ENGLISH
        #: Whether the language is the server's (no ``--lang``, no user choice), so
        #: a server with another language is worth a word.
        self.follows_server = True

    @classmethod
    def current(cls) -> Translators:
        """The application's translators (made now, in English, when there were none),
        for a screen that changes the language while it is shown (the start-up
        wizard's first step: it builds its next screens again in that language)."""
        if cls._current is None:
            app = QCoreApplication.instance()
            assert app is not None, "no application"
            cls(app)
        assert cls._current is not None
        return cls._current

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
        QLocale.setDefault(self._locale)
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
        if language in _LOCALES:
            QLocale.setDefault(QLocale(*_LOCALES[language]))
        return True


def _language_file() -> Path:
    return Path(platformdirs.user_config_dir("vedette")) / "console-language.json"


def _stored() -> dict[str, object]:
    try:
        value = json.loads(_language_file().read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def _store(**values: int | None) -> None:
    """Best effort: the console works without its settings file."""
    stored = {**_stored(), **values}
    path = _language_file()
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        path.write_text(json.dumps(stored), "utf-8")


def _known(value: object) -> int | None:
    return value if isinstance(value, int) and value in LANGUAGE_CODES else None


def remembered_language() -> int:
    """The language of the last server signed in to (English the first time)."""
    return _known(_stored().get("language")) or ENGLISH


def remember_language(language: int) -> None:
    """Keep the server's language for the next start (a convenience: best effort)."""
    if language in LANGUAGE_CODES:
        _store(language=language)


def chosen_language() -> int | None:
    """The language the user chose on this workstation, None to follow the server."""
    return _known(_stored().get("choice"))


def choose_language(language: int | None) -> None:
    """Keep the user's choice (None: follow the server's language again)."""
    if language is None or language in LANGUAGE_CODES:
        _store(choice=language)


def language_of_code(code: str) -> int:
    """``"fr"`` → ``LANGUAGE_FRENCH`` (ValueError for a code without translation)."""
    for language, known in LANGUAGE_CODES.items():
        if known == code:
            return language
    raise ValueError(f"no console language {code!r}")


def start_language(code: str | None, *, local: bool = False) -> tuple[int, bool]:
    """The language to start in and whether it follows the server: ``code``
    (``--lang``) first; then, unless on the appliance's ``local`` socket, the
    user's choice; then the language of the last server signed in to."""
    if code:
        return language_of_code(code), False
    choice = None if local else chosen_language()
    if choice is not None:
        return choice, False
    return remembered_language(), True
