"""Reports of stored analyses: the view shown on the page, the Word annex and the CSV export."""
