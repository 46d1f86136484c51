"""ktxh: the council report on the socio-economic plan, from YAML data to a Word document."""

__version__ = "0.1.0"
