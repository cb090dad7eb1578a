"""tawthiq.web."""
