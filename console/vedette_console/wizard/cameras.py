"""The wizard's cameras step (CAM-01, CAM-02): the "Add cameras" dialog's two tabs,
as they are (ONVIF discovery on an address range with test and add, and a camera
by its RTSP URLs), counting the cameras added."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from vedette_api.v1 import cameras_pb2
from vedette_console.i18n import QT_TRANSLATE_NOOP, count_text
from vedette_console.operations.cameras import CameraList, list_cameras
from vedette_console.views.camera_add_dialog import OnvifTab, RtspTab
from vedette_console.wizard.step import WizardContext, WizardStep, tr


class CamerasStep(WizardStep):
    title_text = QT_TRANSLATE_NOOP("StartupWizard", "Cameras")

    def __init__(self, context: WizardContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setSubTitle(
            tr(
                "Search the network for ONVIF cameras, tick them and add them; or add a "
                "camera by its RTSP address."
            )
        )
        #: Camera names already on the server (case-folded), shared by both tabs.
        self.taken: set[str] = set()
        self.added: list[cameras_pb2.Camera] = []
        self.onvif = OnvifTab(context.session, self.taken)
        self.rtsp = RtspTab(context.session, self.taken)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.onvif, tr("Find ONVIF cameras"))
        self.tabs.addTab(self.rtsp, tr("RTSP URL"))
        self.onvif.added.connect(self._added)
        self.rtsp.added.connect(self._added)
        self.controls.append(self.tabs)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)

    def enter(self) -> None:
        self.run(list_cameras(parent=self), self._loaded, working=tr("Reading…"))

    def _loaded(self, cameras: CameraList) -> None:
        self.taken.update(c.name.casefold() for c in cameras.cameras)
        self._say_count(len(cameras.cameras))

    def _added(self, camera: cameras_pb2.Camera) -> None:
        self.added.append(camera)
        self.taken.add(camera.name.casefold())
        self._say_count(len(self.taken))

    def _say_count(self, total: int) -> None:
        self.say(
            count_text(
                "StartupWizard",
                total,
                "{count} camera on the recorder",
                "{count} cameras on the recorder",
            )
        )

    def apply(self) -> None:
        if self.onvif.busy():
            self.say(tr("Wait until the cameras being added are done"), error=True)
            return
        added = len(self.added)
        if added:
            self.passed(
                lambda: count_text(
                    "StartupWizard", added, "{count} camera added", "{count} cameras added"
                )
            )
        else:
            self.passed()
