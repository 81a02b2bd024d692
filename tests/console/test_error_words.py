"""The console says the server's errors and system log entries in the operator's
language: the reason's (the entry code's) sentence, translated, filled with the
metadata (the parameters); the server's English message when it has no sentence
for it (issue 16 §3). Errors and entries come from a real server."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from tests.support.recorded import Recorded
from vedette_api import errors
from vedette_api.v1 import system_pb2
from vedette_console import error_words, log_words
from vedette_console.failures import error_field, error_text, show_failure, shown_failure

WEAK_FR = (
    "Mot de passe trop faible : au moins {min_length} caractères et {min_classes} des 4"
    " sortes (minuscules, majuscules, chiffres, symboles), ni courant ni contenant le nom."
)
FRENCH = {
    ("errors", error_words.SENTENCES["PASSWORD_TOO_WEAK"]): WEAK_FR,
    ("errors", error_words.NOT_FOUND["camera"]): "La caméra {id} n'existe pas (ou plus).",
    ("errors", error_words.SENTENCES["PORT_IN_USE"]): "Le port {prot} est déjà pris.",  # typo
    ("log", log_words.SENTENCES["login"]): "{user} s'est connecté depuis {peer}.",
}


class Translations(QTranslator):
    """A translator with a few French strings, as the built ``vedette_fr.qm`` gives."""

    def __init__(self, texts: dict[tuple[str, str], str]) -> None:
        super().__init__()
        self.texts = texts

    def translate(self, context: str, source: str, disambiguation: Any = None, n: int = -1) -> str:
        return self.texts.get((context, source), "")

    def isEmpty(self) -> bool:
        return False


@pytest.fixture
def french(qapp: QCoreApplication) -> Iterator[None]:
    translator = Translations(FRENCH)
    qapp.installTranslator(translator)
    yield
    qapp.removeTranslator(translator)


def failure(call: Callable[[], Any]) -> errors.VedetteError:
    with pytest.raises(errors.VedetteError) as info:
        call()
    return info.value


def test_server_errors_are_said_from_their_reason_next_to_their_field(
    qtbot: QtBot, recorded: Recorded
) -> None:
    with recorded.client() as client:
        weak = failure(lambda: client.create_user("guard", "guard1", group_id=3))
        missing = failure(lambda: client.get_camera(4321))
        port = client.get_settings().network.server_port
        settings = system_pb2.Settings(network=system_pb2.NetworkSettings(rtsp_port=port))
        clash = failure(lambda: client.update_settings(settings, ["network.rtsp_port"]))
        assert client.get_settings().network.rtsp_port != port  # nothing changed
        empty = failure(lambda: client.create_group(" "))
        assert "" not in [g.name for g in client.list_groups()]
    assert error_text(weak) == (
        "The password is too weak: it needs at least 8 characters and 3 of the 4 kinds"
        " (lower case, upper case, digits, symbols), and must not be a common password"
        " or contain the user name."
    )
    assert error_field(weak) == "user.password"
    assert error_text(missing) == "Camera 4321 does not exist (any more)."
    assert error_field(missing) is None
    assert error_text(clash) == f"Port {port} is already in use."
    assert error_field(clash) == "network.rtsp_port"
    assert error_text(empty) == "Enter a name of 1 to {max} characters.".format(**empty.metadata)
    assert empty.reason == "NAME_LENGTH"
    assert error_field(empty) == "name"

    owner = QWidget()
    qtbot.addWidget(owner)
    owner.show()
    show_failure(missing, owner)
    assert shown_failure(owner) == "Camera 4321 does not exist (any more)."


def test_a_french_translator_is_used_and_a_bad_translation_falls_back_to_the_server(
    recorded: Recorded, french: None
) -> None:
    with recorded.client() as client:
        weak = failure(lambda: client.create_user("guard", "guard1", group_id=3))
        missing = failure(lambda: client.get_camera(4321))
        port = client.get_settings().network.server_port
        settings = system_pb2.Settings(network=system_pb2.NetworkSettings(rtsp_port=port))
        clash = failure(lambda: client.update_settings(settings, ["network.rtsp_port"]))
    assert error_text(weak) == WEAK_FR.format(min_length=8, min_classes=3)
    assert error_text(missing) == "La caméra 4321 n'existe pas (ou plus)."
    # The translation names a fact the server did not send: its English sentence.
    assert error_text(clash) == clash.message.splitlines()[0]
    assert "the ports must differ" in error_text(clash)


def test_unknown_reasons_and_missing_facts_fall_back_to_the_message() -> None:
    newer = errors.FailedPrecondition("a newer server's refusal", reason="SOMETHING_NEW")
    assert error_text(newer) == "a newer server's refusal"
    older = errors.InvalidArgument("port clash", reason="PORT_IN_USE", metadata={})
    assert error_text(older) == "port clash"
    denied = errors.PermissionDenied("no", reason="PERMISSION_DENIED", metadata={"area": "x"})
    assert error_text(denied) == "You lack the “x” right."  # a newer area, as the server says
    denied.metadata = {"area": "logs"}
    assert error_text(denied) == "You lack the “system log” right."
    denied.metadata = {"right": "ptz", "camera_id": "3"}
    assert error_text(denied) == "You lack the “PTZ” right on camera 3."
    assert error_text(errors.PermissionDenied("no right", reason="PERMISSION_DENIED")) == (
        "no right"
    )
    assert error_text(ValueError("first line\nsecond")) == "first line"


def test_system_log_entries_are_said_from_their_code_and_parameters(
    recorded: Recorded, qapp: QCoreApplication
) -> None:
    with recorded.client() as client:
        entries = list(client.search_logs(limit=200))
    login = next(e for e in entries if e.action == "login")
    assert log_words.log_text(login) == f"{login.username} signed in from {login.peer}."
    started = next(e for e in entries if e.action == "server.start")
    assert log_words.log_text(started) == "The server started."
    for entry in entries:  # every entry says something, never a template
        text = log_words.log_text(entry)
        assert text and "{" not in text

    translator = Translations(FRENCH)
    qapp.installTranslator(translator)
    try:
        assert log_words.log_text(login) == (
            f"{login.username} s'est connecté depuis {login.peer}."
        )
    finally:
        qapp.removeTranslator(translator)


def test_log_entries_without_a_sentence_or_a_parameter_show_the_servers_words() -> None:
    unknown = system_pb2.LogEntry(action="new.thing", message="a newer server's entry")
    assert log_words.log_text(unknown) == "a newer server's entry"
    no_camera = system_pb2.LogEntry(action="camera.offline", message="camera 3 is offline")
    assert log_words.log_text(no_camera) == "camera 3 is offline"
    offline = system_pb2.LogEntry(
        action="camera.offline",
        type=system_pb2.LOG_TYPE_EXCEPTION,
        outcome="UNAVAILABLE",
        detail_json='{"camera": "Gate", "reason": "no answer", "down_s": 3.5}',
        message="camera Gate is offline (no answer)",
    )
    assert log_words.log_text(offline) == "Camera Gate is offline (no answer)."
    refused = system_pb2.LogEntry(
        action="camera.delete",
        type=system_pb2.LOG_TYPE_OPERATION,
        username="guard",
        camera_id=4,
        outcome="PERMISSION_DENIED",
        message="guard: camera delete (refused: PERMISSION_DENIED)",
    )
    assert log_words.log_text(refused) == "Refused (PERMISSION_DENIED): guard deleted camera 4."
