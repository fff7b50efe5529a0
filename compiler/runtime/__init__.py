"""What a phone computes (pure): locale negotiation, sticky buckets, resolve."""
