"""Running the server as a service: what it tells systemd (``systemd``), how it logs
to the journal (``journal``), what it answers on the gRPC health service
(``health``) and the Prometheus metrics it serves (``metrics``, from the counters
of ``tallies``)."""
