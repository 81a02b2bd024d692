"""Vedette hardware and host adapters, each behind a small interface.

This package will hold the adapters the recording server uses to reach devices and
the host: Pelco-D/P PTZ control over RS-485, alarm inputs and relay outputs, the
buzzer, CCTV keyboards, disks and their SMART health, and the host network
configuration. Each adapter has a real implementation and a simulator that speaks
the same wire protocol (over a pty or a socket, opened with pyserial's
``serial_for_url``), so tests and the demo drive real bytes rather than mock objects.
Protocol codecs are pure byte functions, tested against documented frames.

Dependencies: ``vedette_api``, the standard library and device libraries only; never
``vedette_server``.
"""
