"""tawthiq.report."""
