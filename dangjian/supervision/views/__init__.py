"""Pages of supervision, one module (or several) per part; thin: reads through the scoped
querysets and selectors, writes through dangjian.supervision.services."""
