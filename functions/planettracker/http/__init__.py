"""The HTTP contract, free of any framework: one typed question per request, routes,
problems, headers and the schema generated from the core's types."""
