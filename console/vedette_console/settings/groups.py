"""Accounts › Permission groups (USER-01, USER-02; the manual's 10.2): the groups with
their kind and how many users belong to them; the selected group's name and rights,
split into local (the appliance's own console) and remote (every other client), each
with the areas it may change and the cameras each camera right applies to. Add a
group, copy one ("save as"), save, delete a custom group (asks first). The
administrator group is shown but never editable."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from vedette_api.v1 import accounts_pb2
from vedette_console.alarm_admin.tables import make_item, row_id
from vedette_console.i18n import QT_TRANSLATE_NOOP
from vedette_console.operations import accounts as ops
from vedette_console.session import Session
from vedette_console.settings.accounts_forms import (
    FieldErrors,
    ServerDialog,
    filling,
    shown_beside,
)
from vedette_console.settings.accounts_rights import RightsEditor
from vedette_console.settings.page import SettingsRights, tr
from vedette_console.settings.table_page import TablePage
from vedette_console.settings.users import button_row

#: The administrators' PTZ priority, above every group's (accounts.proto).
ADMIN_PTZ_PRIORITY = 32000
KIND_LABELS = {
    accounts_pb2.GROUP_KIND_ADMINISTRATOR: QT_TRANSLATE_NOOP("settings", "built-in, every right"),
    accounts_pb2.GROUP_KIND_ADVANCED: QT_TRANSLATE_NOOP("settings", "built-in"),
    accounts_pb2.GROUP_KIND_ORDINARY: QT_TRANSLATE_NOOP("settings", "built-in"),
    accounts_pb2.GROUP_KIND_CUSTOM: QT_TRANSLATE_NOOP("settings", "custom"),
}


class GroupNameDialog(ServerDialog):
    """A new group's name: an empty group, or a copy of ``source``'s rights."""

    def __init__(
        self,
        session: Session,
        source: accounts_pb2.Group | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session, ["name"], parent)
        self.source = source
        self.setWindowTitle(
            tr("New permission group")
            if source is None
            else tr("Copy of {name}").format(name=source.name)
        )
        self.setMinimumWidth(380)
        self.name = QLineEdit()
        self.name.setMaxLength(64)
        form = QFormLayout()
        form.addRow(tr("Name"), self.name)
        form.addRow("", self.errors["name"])
        self.body.addLayout(form)
        self.finish_layout()

    def submit(self) -> None:
        self.send(
            ops.create_group(
                parent=self,
                name=self.name.text().strip(),
                copy_from_group_id=self.source.id if self.source is not None else 0,
            )
        )


class GroupsPage(TablePage):
    group = "Accounts"
    title = "Permission groups"
    areas = (accounts_pb2.AREA_ACCOUNTS,)
    columns = (
        QT_TRANSLATE_NOOP("settings", "Group"),
        QT_TRANSLATE_NOOP("settings", "Kind"),
        QT_TRANSLATE_NOOP("settings", "Users"),
    )

    def __init__(
        self, session: Session, rights: SettingsRights, parent: QWidget | None = None
    ) -> None:
        super().__init__(session, rights, parent)
        self.data = ops.GroupsData([], [])
        self.shown_id = 0

        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.add_button = QPushButton(tr("Add…"))
        self.add_button.clicked.connect(lambda: self.open_new(None))
        self.copy_button = QPushButton(tr("Copy…"))
        self.copy_button.clicked.connect(lambda: self.open_new(self.selected()))
        self.delete_button = QPushButton(tr("Delete…"))
        self.delete_button.clicked.connect(self.ask_delete)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        left_layout.addLayout(button_row(self.add_button, self.copy_button, self.delete_button))

        self.errors = FieldErrors(["name", "local_rights", "remote_rights", "ptz_priority"])
        self.errors.aliases.update(
            {"group.local_rights": "local_rights", "group.remote_rights": "remote_rights"}
        )
        self.name = QLineEdit()
        self.name.setMaxLength(64)
        self.note = QLabel("")
        self.note.setObjectName("muted")
        self.note.setWordWrap(True)
        self.local = RightsEditor()
        self.remote = RightsEditor()
        self.tabs = QTabWidget()
        self.tabs.addTab(self._scope_page(self.local, "local_rights"), tr("Local (this appliance)"))
        self.tabs.addTab(self._scope_page(self.remote, "remote_rights"), tr("Remote clients"))
        self.save_button = QPushButton(tr("Save"))
        self.save_button.clicked.connect(self.save)
        # docs/ptz.md: a higher priority takes a PTZ camera from a lower one.
        self.ptz_priority = QSpinBox()
        self.ptz_priority.setRange(0, ADMIN_PTZ_PRIORITY)
        self.ptz_priority.setSpecialValueText(tr("default for its rights"))
        self.ptz_priority.setToolTip(
            tr("A higher priority takes a PTZ camera from a user of a lower one")
        )
        name_form = QFormLayout()
        name_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        name_form.addRow(tr("Name"), self.name)
        name_form.addRow("", self.errors["name"])
        name_form.addRow(tr("PTZ priority"), self.ptz_priority)
        name_form.addRow("", self.errors["ptz_priority"])
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(name_form)
        right_layout.addWidget(self.note)
        right_layout.addWidget(self.tabs, 1)
        right_layout.addWidget(self.errors[""])
        right_layout.addLayout(button_row(self.save_button))

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([350, 650])
        left.setMinimumWidth(330)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)
        self.controls = [self.add_button, self.copy_button, self.delete_button, self.save_button]
        self.update_controls()

    def _scope_page(self, editor: RightsEditor, key: str) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(editor, 1)
        layout.addWidget(self.errors[key])
        return page

    # -- reading ---------------------------------------------------------------------

    def load(self) -> None:
        self.reload("")

    def reload(self, done: str, select: int = 0) -> None:
        """Read the groups again, select ``select`` (or the one shown), say ``done``."""

        def loaded(data: ops.GroupsData) -> None:
            self.show_groups(data, select or self.shown_id)
            self.say(done)

        self.run(ops.load_groups(parent=self), loaded, working=tr("Reading the groups…"))

    def show_groups(self, data: ops.GroupsData, select: int) -> None:
        self.data = data
        self.table.blockSignals(True)
        with filling(self.table):
            self.table.setRowCount(len(data.groups))
            for row, group in enumerate(data.groups):
                self.table.setItem(row, 0, make_item(group.name, group.id))
                self.table.setItem(row, 1, make_item(tr(KIND_LABELS.get(group.kind, ""))))
                self.table.setItem(row, 2, make_item(str(group.user_count)))
        self.table.blockSignals(False)
        self.select(select or (data.groups[0].id if data.groups else 0))

    def select(self, group_id: int) -> None:
        self.select_id(group_id)
        self._selection_changed()

    def selected(self) -> accounts_pb2.Group | None:
        rows = self.table.selectionModel().selectedRows()
        wanted = row_id(self.table, rows[0].row()) if rows else 0
        return next((g for g in self.data.groups if g.id == wanted), None)

    def _selection_changed(self) -> None:
        group = self.selected()
        self.errors.clear()
        self.shown_id = group.id if group is not None else 0
        shown = group or accounts_pb2.Group()
        self.name.setText(shown.name)
        self.ptz_priority.setValue(
            ADMIN_PTZ_PRIORITY
            if shown.kind == accounts_pb2.GROUP_KIND_ADMINISTRATOR
            else shown.ptz_priority  # 0 when unset: the default
        )
        self.local.set_rights(shown.local_rights, list(self.data.cameras))
        self.remote.set_rights(shown.remote_rights, list(self.data.cameras))
        fixed = shown.kind == accounts_pb2.GROUP_KIND_ADMINISTRATOR
        self.note.setText(
            tr("The administrator group has every right and cannot be changed.") if fixed else ""
        )
        self.note.setVisible(fixed)
        self.update_controls()

    def update_controls(self) -> None:
        if self.busy:
            return
        group = self.selected()
        editable = group is not None and group.kind != accounts_pb2.GROUP_KIND_ADMINISTRATOR
        self.copy_button.setEnabled(group is not None)
        self.delete_button.setEnabled(
            group is not None and group.kind == accounts_pb2.GROUP_KIND_CUSTOM
        )
        self.save_button.setEnabled(editable)
        self.name.setReadOnly(not editable)
        self.ptz_priority.setReadOnly(not editable)
        self.local.set_read_only(not editable)
        self.remote.set_read_only(not editable)

    # -- changes ---------------------------------------------------------------------

    def save(self) -> None:
        group = self.selected()
        if group is None:
            return
        self.errors.clear()
        op = ops.update_group(
            parent=self,
            group_id=group.id,
            name=self.name.text().strip(),
            local_rights=self.local.rights(),
            remote_rights=self.remote.rights(),
            ptz_priority=self.ptz_priority.value() or None,
        )
        self.run(
            op,
            lambda saved: self.reload(tr("Group {name} saved").format(name=saved.name), saved.id),
            working=tr("Saving…"),
            on_error=shown_beside(self.errors, self),
        )

    def open_new(self, source: accounts_pb2.Group | None) -> None:
        dialog = GroupNameDialog(self.session, source, self)

        def accepted() -> None:
            made: accounts_pb2.Group = dialog.result
            self.reload(tr("Group {name} added").format(name=made.name), made.id)

        self.open_dialog(dialog, accepted)

    def ask_delete(self) -> None:
        group = self.selected()
        if group is None:
            return
        self.ask(
            tr("Delete permission group"),
            tr("Delete the permission group {name} and its rights?").format(name=group.name),
            lambda: self.run(
                ops.delete_group(parent=self, group_id=group.id),
                lambda _: self._deleted(group.name),
            ),
        )

    def _deleted(self, name: str) -> None:
        self.shown_id = 0
        self.reload(tr("Group {name} deleted").format(name=name))
