"""The PTZ panel of the live view (PTZ-01..03, LIVE-03/04), one module each:
``panel`` (the dock: header, holder, joystick, direction and lens buttons, speed),
``joystick`` (the virtual joystick), ``control`` (the control stream: rate bound,
keepalive, the server's answers), ``presets`` (the presets tab and its dialog),
``cruises`` (the cruises tab), ``cruise_editor`` (a cruise's steps) and ``holder``
(how holders and denials read). Server calls are ``operations.ptz``.
"""
