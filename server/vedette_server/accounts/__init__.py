"""Accounts and permissions (USER-01..07): users, permission groups, rights, the one
authorisation decision (``authorization.may``), failed-login throttling and the
allow/block list of remote clients. Plain Python: the gRPC services call it."""
