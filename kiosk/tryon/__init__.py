"""See it on me: the worn garment recoloured to another colourway (Qt-free)."""
