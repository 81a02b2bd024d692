"""Server-side motion detection (ALARM-02): decoded sub-stream frames in, per analysed
frame the 22×18 cells with motion, and motion events with frame timestamps out.

- ``grid``: the 22×18 cell grid (ONVIF's cell layout), cell masks and their 56-byte packing.
- ``config``: a camera's motion settings (sensitivity 1–10, make and hold time, areas),
  validated.
- ``analysis``: one frame → active cells (numpy only): box downscale, running-average
  background, changed pixels per cell, neighbour filter, global-change guard.
- ``hysteresis``: active frames → event start (after the make time) and end (after the
  hold time), stamped with frame timestamps.
- ``detector``: the two together behind ``MotionDetector.feed(luma, pts_us)``.
- ``decode``: an H.264/H.265 packet stream → the luma planes due for analysis (PyAV,
  one thread), damaged frames left out.

Nothing here reads a clock or does I/O besides decoding: the times are the frames'.
See docs/motion.md.
"""
