"""The appliance console (issue 16 §2): the console on the appliance's own screen,
connected to its server's local socket (``unix:PATH``). ``flow.ApplianceFlow``
decides what it opens with (the start-up wizard, the auto-login user's live view, or
the logged-out live view), returns to the logged-out view when the server ends the
session, and ``kiosk.Kiosk`` keeps the screen full and closed to those without the
system right."""
