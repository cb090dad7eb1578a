"""tawthiq.estimate."""
