"""Vedette recording server: ingest, storage, live hub, RTSP, gRPC services, camsim."""
