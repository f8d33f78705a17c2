"""Qingfeng (清风): grassroots integrity supervision."""

__version__ = "0.1.0"
