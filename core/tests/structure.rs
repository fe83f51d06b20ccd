//! One room per job (issue 22): no file-level import cycle among the modules of the core (core/src) and of
//! the app (src), and no source file over 1,000 lines. A module is one file (`a/b.rs` or `a/b/mod.rs`); an edge
//! is a `crate::…`, `super::…` or `self::…` path in code (comments are not code). A child naming its parent
//! (`super::X` from `a/b.rs` to `a`) is the module tree, not an import, and is left out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Module path of a file under `root`: `a/b.rs` and `a/b/mod.rs` → "a::b"; lib.rs/main.rs → "".
fn module_of(root: &Path, file: &Path) -> (String, bool) {
    let rel = file.strip_prefix(root).unwrap_or(file).with_extension("");
    let mut parts: Vec<String> = rel.iter().map(|s| s.to_string_lossy().into_owned()).collect();
    let dir_module = matches!(parts.last().map(String::as_str), Some("mod" | "lib" | "main"));
    if dir_module {
        parts.pop();
    }
    // Binaries (src/bin/x.rs) are crate roots of their own.
    if parts.first().is_some_and(|p| p == "bin") {
        return (format!("bin::{}", parts[1..].join("::")), true);
    }
    (parts.join("::"), dir_module)
}

/// The code of a file without comments and without its `#[cfg(test)] mod tests { … }` tail.
fn code(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => &text[..i],
        None => text,
    };
    text.lines().map(|l| l.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n")
}

fn paths_in(code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let bytes: Vec<char> = code.chars().collect();
    let mut i = 0;
    while i < bytes.len() {
        let starts = ["crate::", "super::", "self::"].iter().find(|p| code_at(&bytes, i, p));
        let boundary = i == 0 || !(bytes[i - 1].is_alphanumeric() || bytes[i - 1] == '_' || bytes[i - 1] == ':');
        if let (Some(_), true) = (starts, boundary) {
            let mut j = i;
            while j < bytes.len() && (bytes[j].is_alphanumeric() || bytes[j] == '_' || bytes[j] == ':') {
                j += 1;
            }
            let s: String = bytes[i..j].iter().collect();
            out.push(s.split("::").filter(|x| !x.is_empty()).map(str::to_string).collect());
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

fn code_at(chars: &[char], i: usize, pat: &str) -> bool {
    pat.chars().enumerate().all(|(k, c)| chars.get(i + k) == Some(&c))
}

fn graph(root: &Path) -> (BTreeMap<String, BTreeSet<String>>, Vec<(PathBuf, usize)>) {
    let mut files = Vec::new();
    rust_files(root, &mut files);
    let modules: BTreeMap<String, (PathBuf, bool)> = files
        .iter()
        .map(|f| {
            let (m, dir) = module_of(root, f);
            (m, (f.clone(), dir))
        })
        .collect();
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut long = Vec::new();
    for (m, (file, dir)) in &modules {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        let lines = text.lines().count();
        if lines > 1000 {
            long.push((file.clone(), lines));
        }
        if m.starts_with("bin::") {
            continue;
        }
        let own: Vec<String> = if m.is_empty() { vec![] } else { m.split("::").map(str::to_string).collect() };
        let edges = g.entry(m.clone()).or_default();
        for path in paths_in(&code(&text)) {
            let mut base: Vec<String> = match path[0].as_str() {
                "crate" => vec![],
                _ => {
                    let mut b = own.clone();
                    if !dir {
                        b.pop();
                    }
                    b
                }
            };
            let mut rest = &path[1..];
            if path[0] == "super" {
                while rest.first().is_some_and(|s| s == "super") {
                    base.pop();
                    rest = &rest[1..];
                }
            }
            // The longest module prefix the path names.
            let mut target = None;
            for k in 0..=rest.len() {
                let cand = base.iter().chain(&rest[..k]).cloned().collect::<Vec<_>>().join("::");
                if modules.contains_key(&cand) {
                    target = Some(cand);
                }
            }
            if let Some(t) = target {
                let ancestor = t.is_empty() || m.starts_with(&format!("{t}::"));
                if t != *m && !ancestor {
                    edges.insert(t);
                }
            }
        }
    }
    (g, long)
}

/// A cycle through `start`, if any (depth-first search).
fn cycle(g: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        g: &BTreeMap<String, BTreeSet<String>>,
        v: &str,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = stack.iter().position(|s| s == v) {
            let mut c = stack[i..].to_vec();
            c.push(v.to_string());
            return Some(c);
        }
        if done.contains(v) {
            return None;
        }
        stack.push(v.to_string());
        for w in g.get(v).into_iter().flatten() {
            if let Some(c) = visit(g, w, stack, done) {
                return Some(c);
            }
        }
        stack.pop();
        done.insert(v.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for v in g.keys() {
        if let Some(c) = visit(g, v, &mut Vec::new(), &mut done) {
            return Some(c);
        }
    }
    None
}

fn check(dir: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let (g, long) = graph(&root);
    assert!(g.len() > 10, "{}: only {} modules found", root.display(), g.len());
    assert!(long.is_empty(), "files over 1,000 lines: {long:?}");
    // Every cycle (each found one's closing edge removed before looking again), so one run lists them all.
    let mut g = g;
    let mut found = Vec::new();
    while let Some(c) = cycle(&g) {
        found.push(c.join(" → "));
        if let (Some(from), Some(to)) = (c.get(c.len() - 2), c.last()) {
            g.entry(from.clone()).or_default().remove(to);
        }
    }
    assert!(found.is_empty(), "{}: file-level import cycles:\n{}", root.display(), found.join("\n"));
}

#[test]
fn the_core_has_no_import_cycle_and_no_long_file() {
    check("src");
}

#[test]
fn the_app_has_no_import_cycle_and_no_long_file() {
    check("../src");
}

#[test]
fn a_cycle_is_found() {
    // The check itself can fail: two modules naming each other.
    let dir = std::env::temp_dir().join(format!("lishu-cycles-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(dir.join("lib.rs"), "mod a;\nmod b;\n").expect("lib");
    std::fs::write(dir.join("a.rs"), "use crate::b::x; // crate::c in a comment\n").expect("a");
    std::fs::write(dir.join("b.rs"), "pub fn x() { super::a::y() }\n").expect("b");
    let (g, _) = graph(&dir);
    assert_eq!(cycle(&g), Some(vec!["a".to_string(), "b".to_string(), "a".to_string()]));
    std::fs::write(dir.join("b.rs"), "pub fn x() {} // super::a::y()\n").expect("b");
    let (g, _) = graph(&dir);
    assert_eq!(cycle(&g), None);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Calls that change the data outside the core's edit path (`lishu_core::edit::apply`).
const MUTATORS: [&str; 14] = [
    "dataset.update(",
    "dataset.update_untracked(",
    "dataset.set(",
    "dataset.write(",
    ".set_entry(",
    "apply_with(",
    "set_text(",
    "set_lead(",
    "toggle_co(",
    "add_unit(",
    "rename_unit(",
    "remove_unit(",
    "locks.insert(",
    "log.push(",
];

/// The mutators found in the code of `text` (comments and the test module left out).
fn mutators_in(text: &str) -> Vec<&'static str> {
    let code = code(text);
    MUTATORS.iter().copied().filter(|m| code.contains(m)).collect()
}

#[test]
fn the_app_changes_data_only_through_the_core() {
    // Issue 22: AppState only dispatches; the lock rule, stamps, the change log and undo live in core/src/edit.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../src");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    assert!(files.len() > 20, "only {} files under {}", files.len(), root.display());
    let mut found = Vec::new();
    // Test modules kept in their own file (`#[cfg(test)] mod tests;`) build data freely.
    for f in files.iter().filter(|f| !f.ends_with("tests.rs")) {
        let text = std::fs::read_to_string(f).unwrap_or_default();
        let mut hits = mutators_in(&text);
        if f.ends_with("app/state.rs") {
            // The one place the app hands an edit to the core, in place.
            let calls = code(&text).matches("dataset.update_untracked(").count();
            assert_eq!(calls, 1, "state.rs should apply edits in one place");
            hits.retain(|m| *m != "dataset.update_untracked(");
        }
        if !hits.is_empty() {
            found.push(format!("{}: {hits:?}", f.display()));
        }
    }
    assert!(found.is_empty(), "data changed outside lishu_core::edit::apply:\n{}", found.join("\n"));
    // The scan can fail.
    assert_eq!(mutators_in("fn f() { ds.set_entry(\"a\", 2020, e); } // set_text(\n"), vec![".set_entry("]);
}
