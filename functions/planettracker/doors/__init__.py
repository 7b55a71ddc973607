"""Doors: each turns one framework's requests into contract calls and back."""
