"""The live feed (``AlarmService.WatchEvents``): what changed, published on the event
bus by whoever changed it, and read by each subscriber within its rights.

- ``changes``: the vocabulary (``ResourceKind``, ``ChangeAction``, ``ResourceChange``).
- ``audited``: which accepted API call changes what (one table keyed by audit action).
- ``audience``: who may see which change.
- ``hub``: ``ChangeFeed``, the publishers' entry points and the subscriptions.
"""
