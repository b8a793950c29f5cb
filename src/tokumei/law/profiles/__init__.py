"""Organization profiles shipped as package data (YAML); loaded by tokumei.profiles."""
