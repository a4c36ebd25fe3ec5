"""Sparring: "flere øjne på sagen" — colleagues look at one citizen's case together."""
