//! The audit trail while it is being written. Evaluation runs with the trail off (no text is formatted:
//! each line is a closure that is never called); `IndicatorResult::explanation` runs the same code again
//! with the trail on, so the rendered text is exactly what the rules decided.

/// Lines of the audit trail (the statistician's working) and the plain sentences a clerk can read aloud,
/// or nothing when the trail is off.
#[derive(Debug, Default)]
pub(crate) struct Trail(Option<Vec<String>>, Vec<String>);

impl Trail {
    /// A trail that ignores its lines (used by `evaluate`).
    pub(crate) fn off() -> Trail {
        Trail(None, Vec::new())
    }

    /// A trail that collects its lines (used to render an explanation).
    pub(crate) fn on() -> Trail {
        Trail(Some(Vec::with_capacity(24)), Vec::new())
    }

    /// An empty trail in the same state as `self` (for lines that may or may not be kept).
    pub(crate) fn like(&self) -> Trail {
        Trail(self.0.as_ref().map(|_| Vec::new()), Vec::new())
    }

    pub(crate) fn is_on(&self) -> bool {
        self.0.is_some()
    }

    /// Adds a line; `line` is called only when the trail is on.
    pub(crate) fn push(&mut self, line: impl FnOnce() -> String) {
        if let Some(lines) = &mut self.0 {
            lines.push(line());
        }
    }

    /// Adds a plain sentence (no formula, no field names); `line` is called only when the trail is on.
    pub(crate) fn say(&mut self, line: impl FnOnce() -> String) {
        if self.0.is_some() {
            self.1.push(line());
        }
    }

    /// Appends the lines (and plain sentences) of another trail.
    pub(crate) fn extend(&mut self, other: Trail) {
        if let (Some(lines), Some(more)) = (&mut self.0, other.0) {
            lines.extend(more);
            self.1.extend(other.1);
        }
    }

    /// Renames the last line that starts with `from` to start with `to` (the single-year conclusion becomes
    /// 单年判断 when the status follows the pooled rate).
    pub(crate) fn relabel_last(&mut self, from: &str, to: &str) {
        if let Some(lines) = &mut self.0 {
            if let Some(l) = lines.iter_mut().rev().find(|l| l.starts_with(from)) {
                *l = format!("{to}{}", &l[from.len()..]);
            }
        }
    }

    /// The collected lines (empty when the trail is off).
    #[cfg(test)]
    pub(crate) fn into_lines(self) -> Vec<String> {
        self.0.unwrap_or_default()
    }

    /// The plain sentences said so far.
    pub(crate) fn said(&self) -> &[String] {
        &self.1
    }

    /// (plain sentences, working lines).
    pub(crate) fn into_parts(self) -> (Vec<String>, Vec<String>) {
        (self.1, self.0.unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::Trail;

    #[test]
    fn off_never_formats_and_on_collects() {
        let mut off = Trail::off();
        off.push(|| unreachable!("an off trail must not format its lines"));
        off.say(|| unreachable!("nor its plain sentences"));
        let mut part = off.like();
        part.push(|| unreachable!("nor a trail made like it"));
        off.extend(part);
        assert!(!off.is_on());
        assert!(off.into_lines().is_empty());
        let mut on = Trail::on();
        on.push(|| "一".to_string());
        let mut part = on.like();
        part.push(|| "二".to_string());
        on.extend(part);
        assert_eq!(on.into_lines(), vec!["一".to_string(), "二".to_string()]);
    }
}
