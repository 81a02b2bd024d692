"""The spot monitor (LIVE-13, SYS-04): ``vedette-console --spot``, a second console
process for the appliance's secondary display. No menus, no toolbar, no input: it
shows the view or tour the server's ``display.spot_view_id`` / ``spot_tour_id``
name, full screen on the second screen (``screens``), follows changes of that
setting and signs in again by itself (``display``), and says in words when it has
nothing to show or cannot sign in (``window``).
"""
