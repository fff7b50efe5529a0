"""Reading a built dist/ and serving it over HTTP (`minisvc serve`)."""
