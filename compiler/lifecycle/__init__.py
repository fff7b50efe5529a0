"""The seed's status table and the git record of it, as pure data and functions."""
