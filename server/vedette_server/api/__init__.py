"""gRPC edge of the server: thin servicers that check, translate and delegate."""
