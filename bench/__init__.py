"""`make bench`: the project's Rasa configuration against Rasa's default one. See bench/__main__.py."""
