"""cchc: a command-line tracker for communes' administrative-reform (CCHC) plans."""

__version__ = "0.1.0"
