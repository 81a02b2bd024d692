"""The appliance's kiosk session (issue 17 §2): what runs between systemd and the
console on the HDMI outputs.

- ``config``: ``vedette-kiosk-config`` writes the Weston configuration (kiosk shell,
  one ``[output]`` per connector with the app-id it shows) from the server's display
  settings, with safe defaults when the server does not answer.
- ``launch``: ``vedette-kiosk-launch``, Weston's auto-launched program, runs the main
  console and the spot monitor process and starts either again when it ends.
- ``stall_guard``: started by ``vedette-console --kiosk``; ends a console whose Qt
  event loop stopped turning, so the launcher starts a fresh one.

The unit files and the rest of the target tree are in ``installers/kiosk/``.
"""

#: The Wayland app-ids (``QGuiApplication.setDesktopFileName``) kiosk-shell routes
#: to outputs with ``[output] app-ids=``.
MAIN_APP_ID = "org.vedette.Console"
SPOT_APP_ID = "org.vedette.Spot"
#: The server's local socket on the appliance (the Debian unit's ``--local-socket``).
LOCAL_SOCKET = "unix:/run/vedette/console.sock"
