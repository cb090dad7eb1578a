"""tawthiq.model."""
