"""A rule's edit dialog (ALARM-03/04; the manual's 9.1–9.5: what triggers, when it is
armed, what is done): name, enabled, arming schedule and "at most once per N s";
the event types with their subtypes and the sources (cameras, inputs, or any); the
actions (record and snapshot cameras, outputs, PTZ presets, buzzer, video and
message popups, e-mail recipients, webhooks); and the alarm to raise (priority,
category, instructions, related cameras, auto-close, escalation, merge window).

Saving sends the whole rule with the version it was read at. The server's refusal
is shown in its words next to the part it names (the name, the schedule, the
events, the sources, the N-th action, the alarm); a rule someone else changed
meanwhile is read again into the dialog, saying so. A built-in rule is edited like
any other, and can be disabled but not deleted.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from vedette_api.errors import Aborted
from vedette_api.v1 import rules_pb2
from vedette_console.alarm_admin.pickers import (
    check_list,
    checked_ids,
    combo_id,
    id_combo,
    set_checked,
    tr,
)
from vedette_console.alarm_admin.rule_words import (
    ACTION_LABELS,
    EVENT_LABELS,
    EVENT_TYPES,
    KNOWN_SUBTYPES,
    PRIORITY_LABELS,
    action_index,
    refused_field,
)
from vedette_console.failures import error_text
from vedette_console.operations import rules as ops
from vedette_console.operations.rules import RuleContext
from vedette_console.session import Session

_LIST_HEIGHT = 86


def _spin(low: int, high: int, value: int, suffix: str = " s") -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setValue(value)
    spin.setSuffix(suffix)
    return spin


def _duration_spin() -> QSpinBox:
    """A popup's or the buzzer's time; 0: the server's setting (ALARM-07)."""
    spin = _spin(0, 86_400, 0)
    spin.setSpecialValueText(tr("server setting"))
    return spin


def _timed(action: dict[str, Any], spin: QSpinBox) -> dict[str, Any]:
    """``action`` with the spin's ``duration_s``, left out for the server's setting."""
    return action | ({"duration_s": spin.value()} if spin.value() else {})


def _error_label() -> QLabel:
    label = QLabel("")
    label.setWordWrap(True)
    label.setStyleSheet("color: #ff7b72;")
    label.hide()
    return label


def _short(widget: QListWidget) -> QListWidget:
    widget.setMaximumHeight(_LIST_HEIGHT)
    return widget


def is_version_conflict(error: Exception) -> bool:
    """ABORTED: the rule changed since it was read."""
    return isinstance(error, Aborted)


class _PairTable(QWidget):
    """Rows of (combo, second widget): the outputs or PTZ presets of a rule."""

    def __init__(self, headers: list[str], make_row: Any) -> None:
        super().__init__()
        self.make_row = make_row
        self.table = QTableWidget(0, len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setMaximumHeight(110)
        self.add_button = QPushButton(tr("Add"))
        self.add_button.clicked.connect(lambda: self.add({}))
        self.remove_button = QPushButton(tr("Remove"))
        self.remove_button.clicked.connect(self._remove)
        buttons = QVBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def add(self, values: dict[str, Any]) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, widget in enumerate(self.make_row(values)):
            self.table.setCellWidget(row, column, widget)

    def _remove(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def rows(self) -> list[list[QWidget]]:
        return [
            [w for c in range(self.table.columnCount()) if (w := self.table.cellWidget(r, c))]
            for r in range(self.table.rowCount())
        ]


class RuleDialog(QDialog):
    """``rule`` None: a new rule. ``saved(Rule)`` after the server stored it."""

    saved = Signal(object)

    def __init__(
        self,
        session: Session,
        rule: rules_pb2.Rule | None,
        context: RuleContext,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.context = context
        self.rule = rules_pb2.Rule(enabled=True) if rule is None else rule
        self.setWindowTitle(
            tr("New rule") if rule is None else tr("Rule {name}").format(name=rule.name)
        )
        self.resize(780, 700)
        self.busy = False
        #: What each action sent is, in order (to say which one the server refused).
        self._sent_actions: list[str] = []
        self.errors: dict[str, QLabel] = {
            key: _error_label()
            for key in ("name", "schedule", "interval", "events", "sources", "actions", "alarm", "")
        }
        cameras = [(c.id, c.name) for c in context.cameras]
        self._cameras = cameras

        # -- general ----------------------------------------------------------------
        self.name = QLineEdit()
        self.name.setMaxLength(64)
        self.enabled = QCheckBox(tr("Enabled"))
        self.builtin_note = QLabel("")
        self.builtin_note.setObjectName("muted")
        self.schedule = QComboBox()
        self.interval = _spin(0, 86_400, 0)
        self.interval.setSpecialValueText(tr("every event"))
        general = QFormLayout()
        general.addRow(tr("Name"), self.name)
        general.addRow("", self.errors["name"])
        general.addRow("", self.enabled)
        general.addRow("", self.builtin_note)
        general.addRow(tr("Armed by schedule"), self.schedule)
        general.addRow("", self.errors["schedule"])
        general.addRow(tr("At most once per source every"), self.interval)
        general.addRow("", self.errors["interval"])

        # -- events and sources -----------------------------------------------------
        self.event_checks: dict[str, QCheckBox] = {}
        self.subtypes: dict[str, QLineEdit] = {}
        events_form = QFormLayout()
        for name in EVENT_TYPES:
            check = QCheckBox(tr(EVENT_LABELS[name]))
            field = QLineEdit()
            known = KNOWN_SUBTYPES.get(name)
            field.setPlaceholderText(
                tr("any subtype; or some of: {known}").format(known=", ".join(known))
                if known
                else tr("any; or names, separated by commas")
            )
            field.setEnabled(False)
            check.toggled.connect(field.setEnabled)
            self.event_checks[name] = check
            self.subtypes[name] = field
            events_form.addRow(check, field)
        self.areas = QLineEdit()
        self.areas.setPlaceholderText(tr("any; or motion area names, separated by commas"))
        self.items = QLineEdit()
        self.items.setPlaceholderText(tr("none; or Name=value pairs, e.g. Direction=in"))
        events_form.addRow(tr("Only in motion areas"), self.areas)
        events_form.addRow(tr("Only with event items"), self.items)
        # ALARM-03's detection duration: 0 or 5..120 s (the server says so otherwise).
        self.min_duration = _spin(0, 120, 0)
        self.min_duration.setSpecialValueText(tr("at once"))
        self.min_duration.setToolTip(
            tr("Analytics, sensor and motion events fire the rule once they have lasted this long")
        )
        events_form.addRow(tr("Only once the event has lasted"), self.min_duration)
        events_form.addRow("", self.errors["events"])
        self.any_camera = QCheckBox(tr("Any camera"))
        self.source_cameras = _short(check_list(cameras, []))
        self.any_camera.toggled.connect(lambda on: self.source_cameras.setEnabled(not on))
        self.any_input = QCheckBox(tr("Any input"))
        self.source_inputs = _short(check_list([(p.id, p.name) for p in context.inputs], []))
        self.any_input.toggled.connect(lambda on: self.source_inputs.setEnabled(not on))
        sources_title = QLabel(tr("Sources"))
        sources_title.setObjectName("section")
        events_form.addRow(sources_title)
        events_form.addRow(self.any_camera, self.source_cameras)
        events_form.addRow(self.any_input, self.source_inputs)
        events_form.addRow("", self.errors["sources"])
        events_page = QWidget()
        events_page.setLayout(events_form)

        # -- actions ----------------------------------------------------------------
        self.record = _short(check_list(cameras, []))
        self.snapshot = _short(check_list(cameras, []))
        outputs = [(p.id, p.name) for p in context.outputs]

        def output_row(values: dict[str, Any]) -> list[QWidget]:
            combo = id_combo(outputs, int(values.get("point_id", 0)), tr("(choose)"))
            mode = QComboBox()
            for key, label in (("on", tr("on")), ("off", tr("off")), ("pulse", tr("pulse"))):
                mode.addItem(label, key)
            mode.setCurrentIndex(max(0, mode.findData(values.get("mode", "pulse"))))
            seconds = _spin(0, 86_400, int(values.get("seconds") or 0))
            seconds.setSpecialValueText(tr("own time"))
            return [combo, mode, seconds]

        self.outputs = _PairTable([tr("Output"), tr("Mode"), tr("Pulse")], output_row)

        def preset_row(values: dict[str, Any]) -> list[QWidget]:
            combo = id_combo(cameras, int(values.get("camera_id", 0)), tr("(choose)"))
            return [combo, _spin(1, 255, int(values.get("preset", 1)), "")]

        self.presets = _PairTable([tr("Camera"), tr("Preset")], preset_row)
        self.buzzer = QCheckBox(tr("Sound the buzzer on consoles for"))
        self.buzzer_s = _duration_spin()
        self.video_popup = QCheckBox(tr("Video popup of"))
        self.video_camera = id_combo(cameras, 0, tr("the event's camera"))
        self.video_s = _duration_spin()
        self.message_popup = QCheckBox(tr("Message popup"))
        self.message_text = QLineEdit()
        self.message_text.setMaxLength(1000)
        self.message_s = _duration_spin()
        self.email = QCheckBox(tr("E-mail (none ticked: every recipient)"))
        self.email_to = _short(check_list([(t.id, t.label) for t in context.recipients], []))
        self.webhook = QCheckBox(tr("Webhook (none ticked: every endpoint)"))
        self.webhook_to = _short(check_list([(t.id, t.label) for t in context.webhooks], []))
        actions_form = QFormLayout()
        actions_form.addRow(tr("Record cameras"), self.record)
        actions_form.addRow(tr("Snapshot cameras"), self.snapshot)
        actions_form.addRow(tr("Outputs"), self.outputs)
        actions_form.addRow(tr("PTZ presets"), self.presets)
        actions_form.addRow(self.buzzer, self.buzzer_s)
        video = QHBoxLayout()
        video.addWidget(self.video_camera, 1)
        video.addWidget(QLabel(tr("for")))
        video.addWidget(self.video_s)
        actions_form.addRow(self.video_popup, video)
        message = QHBoxLayout()
        message.addWidget(self.message_text, 1)
        message.addWidget(QLabel(tr("for")))
        message.addWidget(self.message_s)
        actions_form.addRow(self.message_popup, message)
        actions_form.addRow(self.email, self.email_to)
        actions_form.addRow(self.webhook, self.webhook_to)
        actions_page = QWidget()
        actions_page.setLayout(actions_form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(actions_page)
        # The refusal above the list, where it is seen however far it scrolled.
        actions_scroll = QWidget()
        actions_layout = QVBoxLayout(actions_scroll)
        actions_layout.addWidget(self.errors["actions"])
        actions_layout.addWidget(scroll, 1)

        # -- alarm ------------------------------------------------------------------
        self.alarm = QGroupBox(tr("Raise an alarm"))
        self.alarm.setCheckable(True)
        self.priority = QComboBox()
        for number, label in PRIORITY_LABELS.items():
            self.priority.addItem(tr(label), number)
        self.category = QLineEdit()
        self.category.setMaxLength(64)
        self.instructions = QPlainTextEdit()
        self.instructions.setPlaceholderText(tr("What the operator should do"))
        self.instructions.setMaximumHeight(80)
        self.related = _short(check_list(cameras, []))
        self.auto_close = QCheckBox(tr("Close by itself when the cause clears"))
        self.escalate = _spin(0, 86_400, 0)
        self.escalate.setSpecialValueText(tr("never"))
        self.merge = _spin(0, 86_400, 300)
        alarm_form = QFormLayout(self.alarm)
        alarm_form.addRow(tr("Priority"), self.priority)
        alarm_form.addRow(tr("Category"), self.category)
        alarm_form.addRow(tr("Instructions"), self.instructions)
        alarm_form.addRow(tr("Related cameras"), self.related)
        alarm_form.addRow("", self.auto_close)
        alarm_form.addRow(tr("Escalate when nobody reacts within"), self.escalate)
        alarm_form.addRow(tr("Repeats notify again after"), self.merge)
        alarm_page = QWidget()
        alarm_layout = QVBoxLayout(alarm_page)
        alarm_layout.addWidget(self.alarm)
        alarm_layout.addWidget(self.errors["alarm"])
        alarm_layout.addStretch(1)

        self.tabs = QTabWidget()
        self.tabs.addTab(events_page, tr("Events and sources"))
        self.tabs.addTab(actions_scroll, tr("Actions"))
        self.tabs.addTab(alarm_page, tr("Alarm"))
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setObjectName("muted")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(general)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.errors[""])
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.show_rule(self.rule)

    # -- filling ---------------------------------------------------------------------

    def show_rule(self, rule: rules_pb2.Rule) -> None:
        self.rule = rule
        body = ops.definition(rule)
        self.name.setText(rule.name)
        self.enabled.setChecked(rule.enabled)
        self.builtin_note.setText(
            tr("Built in ({kind}): it can be edited and disabled, not deleted.").format(
                kind=rule.builtin
            )
            if rule.builtin
            else ""
        )
        self.builtin_note.setVisible(bool(rule.builtin))
        self._fill_schedules(rule.arming_schedule_id)
        self.interval.setValue(int(body.get("interval_s", 0) or 0))
        events = _mapping(body.get("events"))
        for name in EVENT_TYPES:
            listed = name in events
            self.event_checks[name].setChecked(listed)
            self.subtypes[name].setEnabled(listed)
            self.subtypes[name].setText(", ".join(events.get(name, []) or []))
        condition = _mapping(body.get("condition"))
        areas = condition.get("areas", [])
        self.areas.setText(", ".join(str(a) for a in areas) if isinstance(areas, list) else "")
        items = _mapping(condition.get("items"))
        self.items.setText(", ".join(f"{k}={v}" for k, v in items.items()))
        lasted = condition.get("min_duration_s", 0)
        self.min_duration.setValue(lasted if isinstance(lasted, int) else 0)
        sources = _mapping(body.get("sources"))
        for any_box, widget, value in (
            (self.any_camera, self.source_cameras, sources.get("cameras", "any")),
            (self.any_input, self.source_inputs, sources.get("inputs", "any")),
        ):
            any_box.setChecked(value == "any")
            widget.setEnabled(value != "any")
            _check(widget, value if isinstance(value, list) else [])
        self._show_actions(body.get("actions") or [])
        alarm = body.get("alarm")
        self.alarm.setChecked(isinstance(alarm, dict))
        alarm = alarm if isinstance(alarm, dict) else {}
        self.priority.setCurrentIndex(max(0, self.priority.findData(alarm.get("priority", 2))))
        self.category.setText(str(alarm.get("category", "")))
        self.instructions.setPlainText(str(alarm.get("instructions", "")))
        _check(self.related, alarm.get("related_cameras", []))
        self.auto_close.setChecked(bool(alarm.get("auto_close", False)))
        self.escalate.setValue(int(alarm.get("escalate_after_s", 0)))
        self.merge.setValue(int(alarm.get("merge_window_s", 300)))

    def _fill_schedules(self, selected: int) -> None:
        combo = id_combo(((s.id, s.name) for s in self.context.schedules), selected, tr("(always)"))
        self.schedule.clear()
        for index in range(combo.count()):
            self.schedule.addItem(combo.itemText(index), combo.itemData(index))
        self.schedule.setCurrentIndex(combo.currentIndex())

    def _show_actions(self, actions: list[Any]) -> None:
        by_kind: dict[str, list[dict[str, Any]]] = {}
        for action in actions:
            if isinstance(action, dict):
                by_kind.setdefault(str(action.get("kind", "")), []).append(action)

        def first(kind: str) -> dict[str, Any] | None:
            return by_kind.get(kind, [None])[0]

        _check(self.record, (first("record") or {}).get("camera_ids", []))
        _check(self.snapshot, (first("snapshot") or {}).get("camera_ids", []))
        for table, kind in ((self.outputs, "output"), (self.presets, "ptz_preset")):
            table.table.setRowCount(0)
            for values in by_kind.get(kind, []):
                table.add(values)
        buzzer = first("buzzer")
        self.buzzer.setChecked(buzzer is not None)
        self.buzzer_s.setValue(int((buzzer or {}).get("duration_s") or 0))
        video = first("video_popup")
        self.video_popup.setChecked(video is not None)
        camera = int((video or {}).get("camera_id") or 0)
        self.video_camera.setCurrentIndex(max(0, self.video_camera.findData(camera)))
        self.video_s.setValue(int((video or {}).get("duration_s") or 0))
        message = first("message_popup")
        self.message_popup.setChecked(message is not None)
        self.message_text.setText(str((message or {}).get("text", "")))
        self.message_s.setValue(int((message or {}).get("duration_s") or 0))
        email = first("email")
        self.email.setChecked(email is not None)
        _check(self.email_to, (email or {}).get("recipient_ids", []))
        webhook = first("webhook")
        self.webhook.setChecked(webhook is not None)
        _check(self.webhook_to, (webhook or {}).get("endpoint_ids", []))

    # -- reading the form ------------------------------------------------------------

    def edited_definition(self) -> dict[str, Any]:
        events = {}
        for name in EVENT_TYPES:
            if self.event_checks[name].isChecked():
                text = self.subtypes[name].text()
                events[name] = [s.strip() for s in text.split(",") if s.strip()]
        actions, kinds = self._edited_actions()
        self._sent_actions = kinds
        # What the dialog does not show (fields of a newer server) is kept as read.
        body: dict[str, Any] = dict(ops.definition(self.rule))
        areas = [a.strip() for a in self.areas.text().split(",") if a.strip()]
        items = dict(_pair(p) for p in self.items.text().split(",") if p.strip())
        lasted = self.min_duration.value()
        if areas or items or lasted or "condition" in body:
            body["condition"] = {"areas": areas, "items": items}
            if lasted:
                body["condition"]["min_duration_s"] = lasted
        body |= {
            "events": events,
            "sources": {
                "cameras": "any"
                if self.any_camera.isChecked()
                else checked_ids(self.source_cameras),
                "inputs": "any" if self.any_input.isChecked() else checked_ids(self.source_inputs),
            },
            "interval_s": self.interval.value(),
            "actions": actions,
            "alarm": None,
        }
        if self.alarm.isChecked():
            body["alarm"] = {
                "priority": int(self.priority.currentData()),
                "category": self.category.text().strip(),
                "instructions": self.instructions.toPlainText().strip(),
                "related_cameras": checked_ids(self.related),
                "auto_close": self.auto_close.isChecked(),
                "escalate_after_s": self.escalate.value(),
                "merge_window_s": self.merge.value(),
            }
        return body

    def _edited_actions(self) -> tuple[list[dict[str, Any]], list[str]]:
        actions: list[dict[str, Any]] = []
        labels: list[str] = []

        def add(action: dict[str, Any], label: str) -> None:
            actions.append(action)
            labels.append(label)

        for kind, widget in (("record", self.record), ("snapshot", self.snapshot)):
            ids = checked_ids(widget)
            if ids:
                add({"kind": kind, "camera_ids": ids}, tr(ACTION_LABELS[kind]))
        for number, row in enumerate(self.outputs.rows(), start=1):
            combo, mode, seconds = row
            assert isinstance(combo, QComboBox) and isinstance(mode, QComboBox)
            assert isinstance(seconds, QSpinBox)
            action: dict[str, Any] = {
                "kind": "output",
                "point_id": combo_id(combo),
                "mode": mode.currentData(),
            }
            if mode.currentData() == "pulse" and seconds.value():
                action["seconds"] = seconds.value()
            add(action, tr("output {n}").format(n=number))
        for number, row in enumerate(self.presets.rows(), start=1):
            combo, preset = row
            assert isinstance(combo, QComboBox) and isinstance(preset, QSpinBox)
            add(
                {"kind": "ptz_preset", "camera_id": combo_id(combo), "preset": preset.value()},
                tr("PTZ preset {n}").format(n=number),
            )
        if self.buzzer.isChecked():
            add(_timed({"kind": "buzzer"}, self.buzzer_s), tr("buzzer"))
        if self.video_popup.isChecked():
            video: dict[str, Any] = _timed({"kind": "video_popup"}, self.video_s)
            if combo_id(self.video_camera):
                video["camera_id"] = combo_id(self.video_camera)
            add(video, tr("video popup"))
        if self.message_popup.isChecked():
            message = {"kind": "message_popup", "text": self.message_text.text().strip()}
            add(_timed(message, self.message_s), tr("message popup"))
        if self.email.isChecked():
            add({"kind": "email", "recipient_ids": checked_ids(self.email_to)}, tr("e-mail"))
        if self.webhook.isChecked():
            add({"kind": "webhook", "endpoint_ids": checked_ids(self.webhook_to)}, tr("webhook"))
        return actions, labels

    def edited_rule(self) -> rules_pb2.Rule:
        return rules_pb2.Rule(
            id=self.rule.id,
            name=self.name.text(),
            enabled=self.enabled.isChecked(),
            arming_schedule_id=combo_id(self.schedule),
            definition_json=json.dumps(self.edited_definition()),
        )

    # -- saving ----------------------------------------------------------------------

    def save(self) -> None:
        if self.busy:
            return
        self._clear_errors()
        bad = [p.strip() for p in self.items.text().split(",") if p.strip() and "=" not in p]
        if bad:
            self.show_refusal(
                tr("definition.events: event items are Name=value, not {item!r}").format(
                    item=bad[0]
                )
            )
            return
        self._set_busy(True)
        self.status.setText(tr("Saving…"))
        op = ops.save_rule(parent=self, rule=self.edited_rule(), expected_version=self.rule.version)
        op.success(self._saved).failure(self._refused).run(self.session)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.buttons.setEnabled(not busy)
        self.tabs.setEnabled(not busy)

    def _saved(self, rule: rules_pb2.Rule) -> None:
        self._set_busy(False)
        self.rule = rule
        self.status.setText(tr("Saved"))
        self.saved.emit(rule)
        self.accept()

    def _refused(self, error: Exception) -> None:
        self._set_busy(False)
        if is_version_conflict(error) and self.rule.id:
            self.status.setText(tr("Reading the rule again…"))
            op = ops.reload_rule(parent=self, rule_id=self.rule.id)
            op.success(self._reloaded).failure(self._refused_plain).run(self.session)
            return
        self._refused_plain(error)

    def _refused_plain(self, error: Exception) -> None:
        self.status.setText("")
        self.show_refusal(error_text(error))

    def _reloaded(self, rule: rules_pb2.Rule) -> None:
        self.show_rule(rule)
        self.status.setText(
            tr(
                "Someone changed this rule meanwhile (now version {version}): it was read "
                "again. Make your change again and save."
            ).format(version=rule.version)
        )

    def _clear_errors(self) -> None:
        for label in self.errors.values():
            label.setText("")
            label.hide()

    def show_refusal(self, message: str) -> None:
        """The server's words next to the part of the form its field names."""
        field = refused_field(message)
        text = message
        if field == "name" or message.startswith("another rule is named"):
            key = "name"
        elif field.startswith("arming_schedule"):
            key = "schedule"
        elif field == "definition.interval_s":
            key = "interval"
        elif field.startswith(("definition.events", "definition.condition")):
            key = "events"
        elif field.startswith("definition.sources"):
            key = "sources"
        elif field.startswith("definition.actions"):
            key = "actions"
            index = action_index(field)
            if index is not None and index < len(self._sent_actions):
                text = f"{self._sent_actions[index]}: {message}"
        elif field.startswith("definition.alarm"):
            key = "alarm"
        else:
            key = ""
        label = self.errors[key]
        label.setText(text)
        label.show()
        tab = {"events": 0, "sources": 0, "actions": 1, "alarm": 2}.get(key)
        if tab is not None:
            self.tabs.setCurrentIndex(tab)

    def shown_errors(self) -> dict[str, str]:
        """The refusals shown, by the part of the form (tests)."""
        return {key: label.text() for key, label in self.errors.items() if label.text()}


def _pair(text: str) -> tuple[str, str]:
    name, _, value = text.partition("=")
    return name.strip(), value.strip()


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _check(widget: QListWidget, ids: Any) -> None:
    set_checked(widget, [int(i) for i in ids] if isinstance(ids, list) else [])
