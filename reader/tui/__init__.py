"""The terminal interface: shows threads and articles, never parses anything itself."""
