"""tawthiq.store."""
