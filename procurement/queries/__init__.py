"""Read-side queries of the pages, one module per feature, returning frozen rows ready to show."""
