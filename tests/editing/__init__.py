"""Tests of kindreflex.editing."""
