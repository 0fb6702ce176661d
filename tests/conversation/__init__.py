"""Black-box conversations with the assistant over the REST channel, against real servers."""
