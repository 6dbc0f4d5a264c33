//! HTML (todo)
