"""The HTTP shell: routers wiring, error rendering, pages. Nothing imports web."""
