"""Contact-centre assistant package."""
