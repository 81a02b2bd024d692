"""camsim: simulated IP cameras served by Vedette's own RTSP server (DEP-04)."""
