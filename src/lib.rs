//! nianbao: the browser app (placeholder until the app lands).
