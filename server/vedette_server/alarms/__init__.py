"""Alarms as durable work items (issue 15 §2, Milestone's Alarm Manager model): pure
Python, no I/O, no clock of its own; the engine adds storage, rules and the API.

- ``model``: the alarm, its activity records, states, resolutions and the typed errors.
- ``states``: the operator and system operations and ``apply``, the state machine with
  optimistic versions.
- ``folding``: one open alarm per (rule, source key); repeats fold in as a count; the
  storm breaker.
- ``stats``: counts and time to acknowledge / to close from the activity history.

See docs/alarms.md.
"""
