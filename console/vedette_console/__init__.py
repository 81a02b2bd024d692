"""Vedette operator console (PySide6): live grids, playback, time-slice search, backup."""
