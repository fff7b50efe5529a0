"""Publishing dist/ to object storage or a folder: the CDN origin super apps read."""
