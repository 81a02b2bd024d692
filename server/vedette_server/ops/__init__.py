"""Running the server as a service: what it tells systemd (``systemd``), how it logs
to the journal (``journal``) and what it answers on the gRPC health service
(``health``)."""
