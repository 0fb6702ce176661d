"""The order store: customers, orders, contacts and tickets in a SQL database (SQLAlchemy)."""
