"""tawthiq: documenting civilian harm in armed conflict."""

__version__ = "0.1.0"
