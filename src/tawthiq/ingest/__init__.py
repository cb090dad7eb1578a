"""tawthiq.ingest."""
