"""Forms of supervision's pages, one module per part; each lists its writable fields explicitly."""
