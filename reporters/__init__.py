"""One module per output format; each renders already-computed data to text."""
