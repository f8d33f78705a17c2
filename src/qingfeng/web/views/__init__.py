"""Pages: one module a domain, each view rendering templates/<domain>/<page>.html."""
