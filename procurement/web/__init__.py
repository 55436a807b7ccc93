"""The web interface: one blueprint per module, its forms, its error pages."""
