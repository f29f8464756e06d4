"""Who may change what (pure): roles, the actions of the app and the rules between them."""
