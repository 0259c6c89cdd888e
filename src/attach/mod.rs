//! (filled in as the layer gets content)
