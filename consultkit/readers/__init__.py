"""Readers: the only modules that touch input formats (bytes → blocks, rows, frames)."""
