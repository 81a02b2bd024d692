"""The console's French: every string the sources show is in vedette_fr.ts under the
context Qt looks it up in, translated, with the source's placeholders and French
spacing; lupdate finds nothing the scan misses; plurals follow the language; the
French translators load (the console's and Qt's own)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QApplication

from vedette_api.v1 import system_pb2
from vedette_console import i18n
from vedette_console.app import install_language, parse_args
from vedette_console.i18n import Translators, count_text, ts_tool
from vedette_console.i18n.picker import LanguageBox

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
FRENCH = system_pb2.LANGUAGE_FRENCH


def test_every_console_string_is_translated_in_french() -> None:
    committed = ts_tool.read_ts(ts_tool.ts_path("fr"))
    scanned = ts_tool.scan()
    missing = sorted(f"[{c}] {s!r}" for c, s in scanned.keys() - committed.keys())
    assert not missing, "not in vedette_fr.ts (make translations):\n" + "\n".join(missing)
    entries = {key: committed[key] for key in scanned}
    wrong_kind = [
        f"[{c}] {s!r}"
        for (c, s), m in scanned.items()
        if m.numerus != entries[(c, s)].message.numerus
    ]
    assert not wrong_kind, "counted/not counted differs from the sources:\n" + "\n".join(wrong_kind)
    found = ts_tool.problems(entries, "fr")
    assert not found, f"{len(found)} French entries to fix (ts_tool unfinished):\n" + "\n".join(
        found
    )


def test_lupdate_finds_no_string_the_scan_misses() -> None:
    scanned = {source for _context, source in ts_tool.scan()}
    missed = ts_tool.lupdate_texts() - scanned
    assert not missed, f"pyside6-lupdate finds strings the scan does not: {sorted(missed)}"


def test_scan_files_each_string_under_its_run_time_context(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "words.py").write_text(
        "from PySide6.QtCore import QCoreApplication\n"
        "_CONTEXT = 'Words'\n"
        "def tr(text: str) -> str:\n"
        "    return QCoreApplication.translate(_CONTEXT, text)\n"
        "LABEL = tr('Label')\n"
    )
    (package / "panel.py").write_text(
        "from PySide6.QtCore import QCoreApplication\n"
        "from PySide6.QtWidgets import QWidget\n"
        "from pkg.words import tr as _t\n"
        "from vedette_console.i18n import QT_TRANSLATE_NOOP, count_text\n"
        "NAMES = [QT_TRANSLATE_NOOP('Names', 'North')]\n"
        "def denial() -> str:\n"
        "    tr = QCoreApplication.translate\n"
        "    return tr('Panel', 'Denied: ' 'not sent.')\n"
        "class Panel(QWidget):\n"
        "    def build(self) -> None:\n"
        "        self.setWindowTitle(self.tr('Panel title'))\n"
        "        _t('Imported')\n"
        "        count_text('Panel', 2, '{count} tile', '{count} tiles')\n"
        "        QCoreApplication.translate('Other', 'Direct')\n"
    )
    paths = sorted(package.glob("*.py"))
    ts_tool.PACKAGE, saved = package, ts_tool.PACKAGE  # module names relative to tmp_path
    try:
        found = ts_tool.scan(paths)
    finally:
        ts_tool.PACKAGE = saved
    assert set(found) == {
        ("Words", "Label"),
        ("Words", "Imported"),
        ("Names", "North"),
        ("Panel", "Denied: not sent."),
        ("Panel", "Panel title"),
        ("Panel", "{count} tiles"),
        ("Other", "Direct"),
    }
    counted = found[("Panel", "{count} tiles")]
    assert counted.numerus and counted.singular == "{count} tile"
    assert not found[("Panel", "Panel title")].numerus


def test_problems_name_unfinished_placeholders_and_spacing() -> None:
    def entry(source: str, text: str, *, finished: bool = True) -> ts_tool.Entry:
        return ts_tool.Entry(ts_tool.Message("C", source), [text], finished)

    entries = {
        ("C", "a"): entry("Signed in to {server}", "Connecté à {serveur}"),
        ("C", "b"): entry("Saved", ""),
        ("C", "c"): entry("Error: {error}", "Erreur : {error}"),
        ("C", "d"): entry("Error: {error}", "Erreur\u202f: {error}"),
        ("C", "e"): entry("Open", "Ouvrir", finished=False),
        ("C", "f"): ts_tool.Entry(
            ts_tool.Message("C", "{count} cameras", numerus=True, singular="{count} camera"),
            ["{count} caméras", "{count} caméras"],
            finished=True,
        ),
    }
    found = ts_tool.problems(entries, "fr")
    assert [line.split(":")[0] for line in found] == [
        "placeholders",
        "unfinished",
        "spacing",
        "unfinished",
        "plural",
    ]
    assert ts_tool.french_spacing("« {name} » : ok ? oui !") == (
        "«\u202f{name}\u202f»\u202f: ok\u202f? oui\u202f!"
    )
    assert ts_tool.french_spacing("{host}:{port}") == "{host}:{port}"
    assert ts_tool.french_spacing("Paquets : %n, 5 %") == "Paquets\u202f: %n, 5\u202f%"


@pytest.fixture
def french(qapp: QApplication) -> Iterator[Translators]:
    ts_tool.release("fr")
    translators = Translators(qapp)
    assert translators.install(FRENCH)
    try:
        yield translators
    finally:
        assert translators.install(system_pb2.LANGUAGE_ENGLISH)


def test_french_translators_load_the_console_and_qt(french: Translators) -> None:
    assert french.language == FRENCH
    assert QCoreApplication.translate("MainWindow", "Playback") == "Lecture"
    assert QCoreApplication.translate("SignInDialog", "Sign in") == "Se connecter"
    # Qt's own strings (the standard dialog buttons), from the PySide6 wheel.
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Annuler"


def test_english_leaves_the_source_text(qapp: QApplication) -> None:
    translators = Translators(qapp)
    assert translators.install(system_pb2.LANGUAGE_ENGLISH)
    assert QCoreApplication.translate("MainWindow", "Playback") == "Playback"


def test_plurals_follow_the_language(qapp: QApplication, french: Translators) -> None:
    def play(n: int) -> str:
        return count_text("CameraTree", n, "Play (1 camera)", "Play ({count} cameras)")

    assert [play(n) for n in (0, 1, 2)] == [
        "Lire (0 caméra)",
        "Lire (1 caméra)",
        "Lire (2 caméras)",
    ]
    french.install(system_pb2.LANGUAGE_ENGLISH)
    assert [play(n) for n in (0, 1, 2)] == [
        "Play (0 cameras)",
        "Play (1 camera)",
        "Play (2 cameras)",
    ]


def test_start_language_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    english = system_pb2.LANGUAGE_ENGLISH
    assert i18n.start_language(None) == (english, True)
    i18n.remember_language(FRENCH)  # the server's
    assert i18n.start_language(None) == (FRENCH, True)
    i18n.choose_language(english)  # the user's, on this workstation
    assert i18n.start_language(None) == (english, False)
    assert i18n.start_language(None, local=True) == (FRENCH, True)  # the appliance
    assert i18n.start_language("fr") == (FRENCH, False)
    i18n.choose_language(None)
    assert i18n.start_language(None) == (FRENCH, True)
    with pytest.raises(ValueError):
        i18n.start_language("de")
    (tmp_path / "vedette" / "console-language.json").write_text("{not json")
    assert i18n.start_language(None) == (english, True)


def test_lang_overrides_the_choice_and_the_appliance_follows_the_server(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    ts_tool.release("fr")
    i18n.remember_language(system_pb2.LANGUAGE_ENGLISH)  # the server's
    i18n.choose_language(FRENCH)  # the user's, on this workstation

    def started(*argv: str) -> tuple[int, bool, str]:
        translators = install_language(qapp, parse_args(list(argv)))
        try:
            shown = QCoreApplication.translate("MainWindow", "Playback")
            return translators.language, translators.follows_server, shown
        finally:
            translators.install(system_pb2.LANGUAGE_ENGLISH)

    assert started() == (FRENCH, False, "Lecture")
    assert started("--lang", "en") == (system_pb2.LANGUAGE_ENGLISH, False, "Playback")
    assert started("--server", "unix:/run/vedette/api.sock") == (
        system_pb2.LANGUAGE_ENGLISH,
        True,
        "Playback",
    )
    assert started("--server", "unix:/run/vedette/api.sock", "--lang", "fr")[2] == "Lecture"


def test_decimals_follow_the_language(qapp: QApplication, french: Translators) -> None:
    assert i18n.decimal_text(1234.56, 1) == "1234,6"
    french.install(system_pb2.LANGUAGE_ENGLISH)
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English))
    try:
        assert i18n.decimal_text(1234.56, 1) == "1234.6"  # no group separator
        assert i18n.decimal_text(2, 0) == "2"
    finally:
        QLocale.setDefault(before)


def test_the_language_box_keeps_the_users_choice(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    box = LanguageBox()
    assert box.box.currentText() == "As the server" and not box.note.isVisibleTo(box)
    box.box.setCurrentIndex(box.box.findText("Français"))
    assert i18n.chosen_language() == FRENCH and box.note.isVisibleTo(box)
    assert i18n.start_language(None) == (FRENCH, False)
    assert LanguageBox().box.currentText() == "Français"  # the next dialog shows it
    box.box.setCurrentIndex(0)
    assert i18n.chosen_language() is None
