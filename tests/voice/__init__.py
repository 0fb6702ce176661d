"""Voice channel tests: jambonz contract and FastAGI calls over real sockets."""
