"""Tests of kindreflex.framework."""
