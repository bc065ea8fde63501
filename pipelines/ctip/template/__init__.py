"""The network's own submission template, generated from the schema."""
