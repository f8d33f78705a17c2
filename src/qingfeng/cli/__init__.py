"""The `qingfeng` command: thin, every command calls a service."""
