"""System → General (SYS-02, USER-04): the device name and number, the interface
language, the idle logout, the appliance console's automatic sign-in and whether
the start-up wizard opens at the next start."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from vedette_api.v1 import accounts_pb2, system_pb2
from vedette_console.operations import system as ops
from vedette_console.session import Session
from vedette_console.settings.page import SettingsRights, tr
from vedette_console.settings.system_form import SettingsForm, narrow

#: The server's range of the idle logout (settings/model.py), in minutes.
MAX_LOGOUT_MIN = 24 * 60


class GeneralPage(SettingsForm):
    title = "General"
    areas = (accounts_pb2.AREA_SYSTEM,)
    section = "general"

    def __init__(
        self, session: Session, rights: SettingsRights, parent: QWidget | None = None
    ) -> None:
        super().__init__(session, rights, parent)
        self.setup_form()
        self.device_name = QLineEdit()
        self.device_name.setMaxLength(64)
        self.device_number = QSpinBox()
        self.device_number.setRange(1, 999)
        self.language = QComboBox()
        self.language.addItem(tr("English"), system_pb2.LANGUAGE_ENGLISH)
        self.language.addItem(tr("Français"), system_pb2.LANGUAGE_FRENCH)
        self.language_note = QLabel(tr("A new language is used from the console's next start."))
        self.language_note.setObjectName("muted")
        self.language_note.setWordWrap(True)
        self.auto_logout = QSpinBox()
        self.auto_logout.setRange(0, MAX_LOGOUT_MIN)
        self.auto_logout.setSpecialValueText(tr("Never"))
        self.auto_logout.setSuffix(tr(" min"))
        self.auto_login = QComboBox()
        self.auto_login_note = QLabel(
            tr("The appliance console signs in as this user at start, without a password.")
        )
        self.auto_login_note.setObjectName("muted")
        self.auto_login_note.setWordWrap(True)
        self.show_wizard = QCheckBox(tr("Open the start-up wizard at the console's next start"))
        self.save_button = QPushButton(tr("Save"))
        self.save_button.clicked.connect(lambda: self.save())

        form = QFormLayout()
        form.addRow(tr("Device name"), self.device_name)
        form.addRow("", self.errors.label("general.device_name"))
        form.addRow(tr("Device number"), self.device_number)
        form.addRow("", self.errors.label("general.device_number"))
        form.addRow(tr("Language"), self.language)
        form.addRow("", self.language_note)
        form.addRow("", self.errors.label("general.language"))
        form.addRow(tr("Log out after idle"), self.auto_logout)
        form.addRow("", self.errors.label("general.auto_logout"))
        form.addRow(tr("Automatic sign-in"), self.auto_login)
        form.addRow("", self.auto_login_note)
        form.addRow("", self.errors.label("general.auto_login_user"))
        form.addRow("", self.show_wizard)
        form.addRow("", self.errors.label("general"))
        form.addRow("", self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(narrow(form))
        layout.addStretch(1)
        layout.addWidget(self.status)
        self.controls = [self.save_button]
        self._users: list[str] | None = None

    def load(self) -> None:
        def users(names: list[str] | None) -> None:
            self._users = names
            super(GeneralPage, self).load()

        self.run(ops.enabled_user_names(parent=self), users, working=tr("Reading the settings…"))

    def _fill_users(self, current: str) -> None:
        self.auto_login.clear()
        if self._users is None:  # the caller may not list users: type the name
            self.auto_login.setEditable(True)
            self.auto_login.setEditText(current)
            line = self.auto_login.lineEdit()
            if line is not None:
                line.setPlaceholderText(tr("Nobody (the console asks)"))
            return
        self.auto_login.setEditable(False)
        self.auto_login.addItem(tr("Nobody (the console asks)"), "")
        for name in sorted(set(self._users) | ({current} - {""})):
            self.auto_login.addItem(name, name)
        self.auto_login.setCurrentIndex(max(self.auto_login.findData(current), 0))

    def auto_login_user(self) -> str:
        if self.auto_login.isEditable():
            return self.auto_login.currentText().strip()
        return str(self.auto_login.currentData() or "")

    def show_section(self, settings: system_pb2.Settings) -> None:
        general = settings.general
        self.device_name.setText(general.device_name)
        self.device_number.setValue(general.device_number)
        self.language.setCurrentIndex(max(self.language.findData(general.language), 0))
        self.auto_logout.setValue(general.auto_logout.seconds // 60)
        self._fill_users(general.auto_login_user)
        self.show_wizard.setChecked(general.show_wizard)

    def form_section(self) -> system_pb2.GeneralSettings:
        section = system_pb2.GeneralSettings(
            device_name=self.device_name.text(),
            device_number=self.device_number.value(),
            language=self.language.currentData(),
            auto_login_user=self.auto_login_user(),
            show_wizard=self.show_wizard.isChecked(),
        )
        seconds = self.auto_logout.value() * 60
        saved = self.saved
        if isinstance(saved, system_pb2.GeneralSettings) and saved.auto_logout.seconds // 60 == (
            seconds // 60
        ):
            seconds = saved.auto_logout.seconds  # not whole minutes on the server: kept
        section.auto_logout.FromSeconds(seconds)
        return section
