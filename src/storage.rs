//! The one module that owns browser storage.
