"""The edge to git: lifecycle refs, file trees at any commit, the record `verify` reads."""
