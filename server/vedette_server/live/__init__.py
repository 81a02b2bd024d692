"""The live hub: fan-out of camera streams to live viewers (gRPC Live, RTSP)."""
