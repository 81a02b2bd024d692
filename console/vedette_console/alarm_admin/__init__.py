"""The console's alarm settings (issue 15 §4, the manual's chapter 9): the rules
editor, the I/O editor, notifications, and alarm statistics with their CSV export and
the printed alarm report. They are the Alarms group of the Settings window
(``settings.alarms``), shown as the user's rights allow."""
