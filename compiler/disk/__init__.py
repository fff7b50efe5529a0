"""The edge to the file system: find the repo, read inputs, write files and dist/ atomically."""
