"""Playback of recordings (PLAY-01..04): sessions of one or more cameras on a shared
clock, reading segment files forward and backward, paced by the clock."""
