"""Tests of kindreflex.render."""
