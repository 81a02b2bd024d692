"""Simulated devices that speak the real wire protocols (over ptys), for tests and the demo.

A simulator here drives the same bytes as the hardware it stands for; it imports the
codecs of ``vedette_hw`` and nothing of the server.
"""
