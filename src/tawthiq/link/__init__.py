"""tawthiq.link."""
