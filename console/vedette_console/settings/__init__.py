"""The console's Settings area (issue 16): one window, pages grouped like the
manual's menu (cameras, storage, accounts, system, alarms), each shown only to a
user whose rights allow it. ``page`` holds what every page shares."""
