"""The operator desk: a web application where human operators take chats and work tickets the assistant handed over."""
