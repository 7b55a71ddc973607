"""The async client and the `planettracker` command: a door of its own, over HTTP or the core."""
