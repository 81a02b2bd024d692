"""camsim's ONVIF device side: each simulated camera answers ONVIF over HTTP (SOAP 1.2).

Modules, from the wire in:
- ``endpoint``: one camera's aiohttp server; size cap, parse, authenticate, dispatch.
- ``soap``: SOAP 1.2 envelopes and faults (lxml).
- ``auth``: WS-UsernameToken (PasswordDigest, clock-skew window) and HTTP Digest.
- ``device``, ``media``: the device service and media ver10 operations.
- ``ptz``, ``ptz_spaces``: PTZ ver20 on a PTZ camera's motion model, in ONVIF's generic
  spaces.
- ``schema``: responses rendered by zeep from the WSDLs onvif-zeep-async installs.
- ``model``: what a camera shows (addresses, identity, streams, faulty clock).
- ``discovery``: WS-Discovery unicast responder.
- ``fleet``: all cameras of one camsim process, started and stopped together.

docs/camsim.md lists the operations, the authentication rules and the faults.
"""
