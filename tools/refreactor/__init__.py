"""refreactor: a reference reactor carrying out Twisted's documented interfaces."""
