"""PlanetTracker: where the Sun, Moon and planets are in an observer's sky."""

__version__ = "0.1.0"
