"""Who is who: person links, organisations and the relatives graph."""
