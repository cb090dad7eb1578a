"""tawthiq.simulate."""
