"""Tests of the command line: options, exit codes, messages."""
