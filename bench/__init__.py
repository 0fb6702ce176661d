"""`make bench`: the project's Rasa configuration against Rasa's default one (issue 7). See bench/__main__.py."""
