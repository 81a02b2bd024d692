"""The ONVIF device service (ver10, ``tds:``) of one simulated camera: tiers 0 and 1.

Answers what clients ask first: the clock (before they can sign), the services and
their addresses, identity, scopes and network. Everything is read from the camera's
``OnvifCameraModel``; nothing here changes state, except the network settings
(``network.py``: SetNetworkInterfaces moves the camera), its password (``users.py``)
and its firmware (``firmware.py``: StartFirmwareUpgrade, then an HTTP upload).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from lxml import etree

from vedette_api.timestamps import US_PER_S
from vedette_server.camsim.faults import FaultKind
from vedette_server.camsim.onvif.deviceio import (
    TMD,
    CameraIo,
    RelayOperations,
    deviceio_capabilities,
    deviceio_url,
)
from vedette_server.camsim.onvif.events import TEV, events_capabilities
from vedette_server.camsim.onvif.firmware import FirmwareOperations
from vedette_server.camsim.onvif.imaging import imaging_capabilities
from vedette_server.camsim.onvif.media import media_capabilities
from vedette_server.camsim.onvif.media2 import TR2, media2_capabilities, media2_url
from vedette_server.camsim.onvif.model import OnvifCameraModel
from vedette_server.camsim.onvif.network import NetworkOperations
from vedette_server.camsim.onvif.ptz import ptz_capabilities
from vedette_server.camsim.onvif.schema import OnvifSchema
from vedette_server.camsim.onvif.soap import (
    TDS,
    TIMG,
    TPTZ,
    TRT,
    SoapFault,
    SoapRequest,
    action_not_supported,
)
from vedette_server.camsim.onvif.users import UserOperations

#: ONVIF 2.4.2 (the WSDLs camsim answers from): Minor "42" per the Version type's rule.
SERVICE_VERSION = {"Major": 2, "Minor": 42}
MANUFACTURER = "Vedette"
MODEL = "camsim"

Operation = Callable[[SoapRequest], etree._Element]


def _date_time(instant_us: int) -> dict[str, Any]:
    when = datetime.fromtimestamp(instant_us / US_PER_S, UTC)
    return {
        "Date": {"Year": when.year, "Month": when.month, "Day": when.day},
        "Time": {"Hour": when.hour, "Minute": when.minute, "Second": when.second},
    }


def _truthy(text: str | None) -> bool:
    return text is not None and text.strip().lower() in ("true", "1")


class DeviceService:
    """``/onvif/device_service``: operations by local name."""

    namespace = TDS

    def __init__(self, camera: OnvifCameraModel, schema: OnvifSchema) -> None:
        self.camera = camera
        self.schema = schema
        self.operations: dict[str, Operation] = {
            "GetSystemDateAndTime": self.get_system_date_and_time,
            "GetDeviceInformation": self.get_device_information,
            "GetServices": self.get_services,
            "GetServiceCapabilities": self.get_service_capabilities,
            "GetCapabilities": self.get_capabilities,
            "GetScopes": self.get_scopes,
            "GetHostname": self.get_hostname,
            "GetNTP": self.get_ntp,
        }
        # Network settings (SetNetworkInterfaces moves the camera) and accounts.
        self.network = NetworkOperations(camera, schema)
        self.users = UserOperations(camera.name if camera is not None else "", schema)
        self.operations |= self.network.operations | self.users.operations
        # Firmware upgrade over HTTP (the fleet wires its upload route and reboot).
        self.firmware = FirmwareOperations(camera, schema)
        self.operations |= self.firmware.operations
        # Its inputs and relays (DeviceIO's too: the fleet gives them to that service).
        self.io = CameraIo(camera.name if camera is not None else "")
        self.operations |= RelayOperations(self.io, schema).operations

    def _render(self, name: str, **fields: Any) -> etree._Element:
        return self.schema.render(TDS, name, **fields)

    def get_system_date_and_time(self, request: SoapRequest) -> etree._Element:
        now = _date_time(self.camera.clock.now_us())
        return self._render(
            "GetSystemDateAndTimeResponse",
            SystemDateAndTime={
                "DateTimeType": "Manual",
                "DaylightSavings": False,
                "TimeZone": {"TZ": "UTC0"},
                "UTCDateTime": now,
                "LocalDateTime": now,
            },
        )

    def get_device_information(self, request: SoapRequest) -> etree._Element:
        return self._render(
            "GetDeviceInformationResponse",
            Manufacturer=MANUFACTURER,
            Model=MODEL,
            FirmwareVersion=self.firmware.version,
            SerialNumber=self.camera.serial_number,
            HardwareId=f"camsim-{self.camera.codec.value}",
        )

    def _capability_fields(self) -> dict[str, Any]:
        return {
            "Network": {"IPFilter": False, "ZeroConfiguration": False, "IPVersion6": False},
            "Security": {"UsernameToken": True, "HttpDigest": True},
            "System": {
                "DiscoveryResolve": False,
                "DiscoveryBye": False,
                "RemoteDiscovery": False,
                "HttpFirmwareUpgrade": True,  # StartFirmwareUpgrade (not MTOM's)
            },
        }

    def get_service_capabilities(self, request: SoapRequest) -> etree._Element:
        return self._render(
            "GetServiceCapabilitiesResponse", Capabilities=self._capability_fields()
        )

    def get_services(self, request: SoapRequest) -> etree._Element:
        camera = self.camera
        if camera.quirk(FaultKind.NO_GETSERVICES):
            raise action_not_supported("GetServices")
        services = [
            {"Namespace": TDS, "XAddr": camera.device_url, "Version": SERVICE_VERSION},
            {"Namespace": TRT, "XAddr": camera.media_url, "Version": SERVICE_VERSION},
            {"Namespace": TR2, "XAddr": media2_url(camera), "Version": SERVICE_VERSION},
            {"Namespace": TIMG, "XAddr": camera.imaging_url, "Version": SERVICE_VERSION},
            {"Namespace": TEV, "XAddr": camera.events_url, "Version": SERVICE_VERSION},
            {"Namespace": TMD, "XAddr": deviceio_url(camera), "Version": SERVICE_VERSION},
        ]
        if camera.ptz is not None:
            services.append(
                {"Namespace": TPTZ, "XAddr": camera.ptz_url, "Version": SERVICE_VERSION}
            )
        response = self._render("GetServicesResponse", Service=services)
        if _truthy(request.find_text("IncludeCapability", TDS)):
            capabilities = [
                self._render("Capabilities", **self._capability_fields()),
                media_capabilities(self.schema, self.camera),
                media2_capabilities(self.camera),
                imaging_capabilities(self.schema),
                events_capabilities(self.schema),
                deviceio_capabilities(self.schema, self.io),
            ]
            if camera.ptz is not None:
                capabilities.append(ptz_capabilities(self.schema))
            for service, element in zip(response, capabilities, strict=True):
                holder = etree.Element(f"{{{TDS}}}Capabilities")
                holder.append(element)
                service.insert(2, holder)  # after Namespace and XAddr, before Version
        return response

    def get_capabilities(self, request: SoapRequest) -> etree._Element:
        categories = {
            (element.text or "").strip() for element in request.body.iter(f"{{{TDS}}}Category")
        } or {"All"}
        offered = {"All", "Device", "Media", "Imaging", "Events"}
        offered |= {"PTZ"} if self.camera.ptz is not None else set()
        unknown = categories - offered
        if unknown:
            raise SoapFault(
                "Receiver",
                ("ActionNotSupported", "NoSuchService"),
                f"category {sorted(unknown)[0]} is not offered by this device",
            )
        camera = self.camera
        capabilities: dict[str, Any] = {}
        if categories & {"All", "Device"}:
            capabilities["Device"] = {
                "XAddr": camera.device_url,
                "Network": {"IPFilter": False, "ZeroConfiguration": False, "IPVersion6": False},
                "System": {
                    "DiscoveryResolve": False,
                    "DiscoveryBye": False,
                    "RemoteDiscovery": False,
                    "SystemBackup": False,
                    "SystemLogging": False,
                    "FirmwareUpgrade": False,
                    "SupportedVersions": [SERVICE_VERSION],
                },
                "IO": {"InputConnectors": len(self.io.inputs), "RelayOutputs": len(self.io.relays)},
                "Security": {
                    "TLS1.1": False,
                    "TLS1.2": False,
                    "OnboardKeyGeneration": False,
                    "AccessPolicyConfig": False,
                    "X.509Token": False,
                    "SAMLToken": False,
                    "KerberosToken": False,
                    "RELToken": False,
                },
            }
        if categories & {"All", "Media"}:
            capabilities["Media"] = {
                "XAddr": camera.media_url,
                "StreamingCapabilities": {
                    "RTPMulticast": False,
                    "RTP_TCP": True,
                    "RTP_RTSP_TCP": True,
                },
            }
        if categories & {"All", "Events"}:
            capabilities["Events"] = {
                "XAddr": camera.events_url,
                "WSSubscriptionPolicySupport": False,
                "WSPullPointSupport": True,
                "WSPausableSubscriptionManagerInterfaceSupport": False,
            }
        if categories & {"All", "Imaging"}:
            capabilities["Imaging"] = {"XAddr": camera.imaging_url}
        if camera.ptz is not None and categories & {"All", "PTZ"}:
            capabilities["PTZ"] = {"XAddr": camera.ptz_url}
        if "All" in categories:  # DeviceIO has no category of its own
            capabilities["Extension"] = {
                "DeviceIO": {
                    "XAddr": deviceio_url(camera),
                    "VideoSources": 0,  # DeviceIO's video source operations are not offered
                    "VideoOutputs": 0,
                    "AudioSources": 0,
                    "AudioOutputs": 0,
                    "RelayOutputs": len(self.io.relays),
                }
            }
        return self._render("GetCapabilitiesResponse", Capabilities=capabilities)

    def get_scopes(self, request: SoapRequest) -> etree._Element:
        scopes = [{"ScopeDef": "Fixed", "ScopeItem": item} for item in self.camera.scopes]
        return self._render("GetScopesResponse", Scopes=scopes)

    def get_hostname(self, request: SoapRequest) -> etree._Element:
        return self._render(
            "GetHostnameResponse", HostnameInformation={"FromDHCP": False, "Name": self.camera.name}
        )

    def get_ntp(self, request: SoapRequest) -> etree._Element:
        # The clock is set by hand (GetSystemDateAndTime says Manual): no NTP server.
        return self._render("GetNTPResponse", NTPInformation={"FromDHCP": False})
