"""Tests of the shipped content: the framework, its sectors and docs/domain.md."""
