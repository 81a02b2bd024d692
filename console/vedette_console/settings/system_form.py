"""What the System settings forms share: the server's refusal shown next to the field
it names, and a save of only the fields the operator changed.

The server refuses a settings change naming the setting's path (its ``field``
metadata, and first in its message: "general.device_name: 1 to 64 characters");
``FieldErrors`` shows it under the
field whose path is the longest prefix of that path (``general.auto_logout`` takes
``general.auto_logout_s``), else in the page's status line. Nothing is saved then:
the server changes all the fields or none.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from google.protobuf.message import Message
from PySide6.QtWidgets import QLabel, QLayout, QWidget

from vedette_api.v1 import system_pb2
from vedette_console.alarm_admin.rule_words import refused_field
from vedette_console.failures import error_text
from vedette_console.operations import system as ops
from vedette_console.settings.page import SettingsPage, tr


def error_field(error: Exception) -> str:
    """The settings path the server's refusal names: its ``field`` metadata when it
    gives one, else the path its message starts with; "" when none."""
    metadata = getattr(error, "metadata", None)
    if isinstance(metadata, Mapping) and metadata.get("field"):
        return str(metadata["field"])
    return refused_field(str(error).strip())


class FieldErrors:
    """One hidden error label per settings path; ``show(error)`` fills the one the
    server's refusal names."""

    def __init__(self) -> None:
        self.labels: dict[str, QLabel] = {}

    def label(self, path: str) -> QLabel:
        label = QLabel("")
        label.setObjectName("error")
        label.setWordWrap(True)
        label.setStyleSheet("color: #e06c75;")
        label.hide()
        self.labels[path] = label
        return label

    def clear(self) -> None:
        for label in self.labels.values():
            label.clear()
            label.hide()

    def show(self, error: Exception) -> bool:
        """Show ``error`` by its field; False when it names none of them."""
        text = error_text(error)
        field = error_field(error)
        keys = [k for k in self.labels if field == k or field.startswith(k)]
        if not keys:
            return False
        label = self.labels[max(keys, key=len)]
        label.setText(text)
        label.show()
        return True

    def shown(self) -> dict[str, str]:
        """The errors shown, by path (tests)."""
        return {k: v.text() for k, v in self.labels.items() if not v.isHidden()}


#: How wide a settings form grows at most: fields stay readable on a wide window.
FORM_MAX_WIDTH = 680


def narrow(layout: QLayout) -> QWidget:
    """``layout`` in a widget no wider than ``FORM_MAX_WIDTH``."""
    holder = QWidget()
    layout.setContentsMargins(0, 0, 0, 0)  # the page's own margins are enough
    holder.setLayout(layout)
    holder.setMaximumWidth(FORM_MAX_WIDTH)
    return holder


def changed_paths(section: str, old: Message, new: Message) -> list[str]:
    """``section.field`` for each field of ``new`` that differs from ``old``."""
    return [
        f"{section}.{f.name}"
        for f in new.DESCRIPTOR.fields
        if f.name != "applied_to_host" and getattr(old, f.name) != getattr(new, f.name)
    ]


class SettingsForm(SettingsPage):
    """A page editing one section of the server's settings: ``show_section`` fills
    the form, ``form_section`` reads it back; ``save`` sends what changed."""

    group = "System"
    #: The section of ``system_pb2.Settings`` the page edits.
    section = ""

    def setup_form(self) -> None:
        self.errors = FieldErrors()
        self.saved: Message | None = None
        #: Whether the last save needs a server restart to take effect.
        self.restart_required = False

    def show_section(self, settings: system_pb2.Settings) -> None:
        raise NotImplementedError

    def form_section(self) -> Message:
        raise NotImplementedError

    def loaded(self, settings: system_pb2.Settings) -> None:
        """The settings read: shown (pages add what else they load)."""
        self.saved = getattr(settings, self.section)
        self.show_section(settings)
        self.say("")

    def load(self) -> None:
        self.run(ops.get_settings(parent=self), self.loaded, working=tr("Reading the settings…"))

    def save(
        self, on_saved: Callable[[system_pb2.UpdateSettingsResponse], None] | None = None
    ) -> None:
        if self.saved is None:
            return
        new = self.form_section()
        paths = changed_paths(self.section, self.saved, new)
        self.errors.clear()
        if not paths:
            self.say(tr("Nothing changed"))
            return
        settings = system_pb2.Settings()
        getattr(settings, self.section).CopyFrom(new)

        def done(response: system_pb2.UpdateSettingsResponse) -> None:
            self.restart_required = response.restart_required
            self.loaded(response.settings)
            if response.restart_required:
                self.say(tr("Saved. The change takes effect when the server restarts."))
            else:
                self.say(tr("Saved"))
            if on_saved is not None:
                on_saved(response)

        def refused(error: Exception) -> None:
            if self.errors.show(error):
                self.say(tr("Not saved: see the field marked"))

        op = ops.update_settings(parent=self, settings=settings, paths=paths)
        self.run(op, done, working=tr("Saving…"), on_error=refused)
