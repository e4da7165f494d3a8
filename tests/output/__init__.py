"""Tests of kindreflex.output."""
