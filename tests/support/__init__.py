"""Helpers the tests share (tiny trained pipelines)."""
