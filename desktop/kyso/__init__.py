"""Kyso — desktop assistant for Vietnam's public-service digital signatures."""

__version__ = "0.1.0"
