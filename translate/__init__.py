"""Offline translation and publication pipeline for newsrooms."""

__version__ = "0.1.0"
