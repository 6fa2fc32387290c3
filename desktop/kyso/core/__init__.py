"""Domain logic of Kyso. Never imports Qt (a test enforces it)."""
