"""The built-in supervision models of the data contract, one module per sector."""
