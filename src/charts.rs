//! Chart options as pure functions of the evaluation (charming).
