"""tawthiq.evidence."""
