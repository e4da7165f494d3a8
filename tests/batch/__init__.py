"""Tests of kindreflex.batch."""
