"""Sensor inputs and relay outputs (issue 15 §1, ALARM-01/06/08): the I/O devices'
configuration in the catalog (``store``), its validation (``settings``), and the hub
that polls the devices, logs input events and drives outputs (``hub``)."""
