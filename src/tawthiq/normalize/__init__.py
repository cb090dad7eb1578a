"""tawthiq.normalize."""
