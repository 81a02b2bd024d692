"""Vedette as an ONVIF client: the server talking to cameras (CAM-01..03).

This package is the only place that imports the ONVIF client library
(onvif-zeep-async, see docs/onvif.md); the rest of the server sees plain dataclasses
(``DeviceReport``, ``Capabilities``, ``MediaProfile``, ``DiscoveredDevice``) and the
typed errors of ``errors``. Camera passwords never appear in what it logs, raises or
returns: stream URIs are given without user information.
"""
