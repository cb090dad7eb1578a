"""tawthiq.incidents."""
