"""The core: astronomy as plain typed values in and out. No HTTP, no clock, no environment."""
