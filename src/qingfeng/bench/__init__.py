"""Benchmarks: how scan cost grows with the county's size (`qingfeng bench scan`)."""
