"""The recording domain: cameras, volumes and disk groups, the recorder that keeps
the catalog in step with the ingest workers, retention, crash recovery and fsck."""
