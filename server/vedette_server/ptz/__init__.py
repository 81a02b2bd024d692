"""PTZ without a protocol (SPEC PTZ-01..05): values, the driver interface, per-camera
command order, who controls a camera, and server-run cruises. Drivers for a protocol
(Pelco in ``vedette_hw.pelco_driver``, ONVIF later) match ``ptz.driver.PtzDriver``."""
