//! The model knows nothing of the screen: only `src/ui/` and `src/main.rs` may
//! use egui, eframe or rfd.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is how it reports a failure"
)]

use std::fs;
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Whether a line of Rust names one of the window crates.
fn uses_window_crate(line: &str) -> bool {
    let code = line.split("//").next().unwrap_or("");
    [
        "egui",
        "eframe",
        "rfd",
        "egui_extras",
        "egui_tiles",
        "egui_kittest",
    ]
    .iter()
    .any(|name| {
        code.contains(&format!("{name}::"))
            || code.trim_start().starts_with(&format!("use {name}"))
            || code.contains(&format!("extern crate {name}"))
    })
}

#[test]
fn only_the_ui_knows_the_screen() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let src = root.join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 5, "found only {} source files", files.len());
    let mut offenders = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap_or(file);
        if relative.starts_with("ui") || relative == Path::new("main.rs") {
            continue;
        }
        let text = fs::read_to_string(file).unwrap_or_default();
        for (number, line) in text.lines().enumerate() {
            if uses_window_crate(line) {
                offenders.push(format!(
                    "src/{}:{}: {}",
                    relative.display(),
                    number + 1,
                    line.trim()
                ));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "window crates used outside src/ui:\n{}",
        offenders.join("\n")
    );
}

#[test]
fn the_check_itself_catches_a_use() {
    assert!(uses_window_crate("use egui::Ui;"));
    assert!(uses_window_crate(
        "    let x = eframe::run_native(a, b, c);"
    ));
    assert!(uses_window_crate("use rfd::FileDialog;"));
    assert!(!uses_window_crate("// egui:: in a comment"));
    assert!(!uses_window_crate("let regui = 1;"));
}

/// The module of `src/ui/` a file belongs to: its file stem, or its folder's name.
fn ui_module(relative: &Path) -> Option<String> {
    let mut parts = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    let first = parts.next()?;
    let first = first.strip_suffix(".rs").unwrap_or(&first).to_owned();
    (first != "mod").then_some(first)
}

/// The modules of `src/ui/` a line names (`nested`: the line is in a file of a folder module).
fn ui_modules_named(line: &str, nested: bool) -> Vec<String> {
    let code = line.split("//").next().unwrap_or("");
    let mut named = Vec::new();
    let prefixes: &[&str] = if nested {
        &["super::super::", "crate::ui::"]
    } else {
        &["super::", "crate::ui::"]
    };
    for prefix in prefixes {
        let mut rest = code;
        while let Some(at) = rest.find(prefix) {
            rest = &rest[at + prefix.len()..];
            // `super::super::x` also contains `super::x`; only whole prefixes count.
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() && name != "super" {
                named.push(name);
            }
        }
    }
    named
}

#[test]
fn no_two_window_modules_import_each_other_even_in_a_circle() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join("ui");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let mut edges: std::collections::BTreeMap<String, std::collections::BTreeSet<String>> =
        Default::default();
    for file in &files {
        let relative = file.strip_prefix(&root).unwrap_or(file);
        let Some(module) = ui_module(relative) else {
            continue;
        };
        let nested = relative.components().count() > 1;
        let text = fs::read_to_string(file).unwrap_or_default();
        // Tests may reach anywhere.
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        for line in code.lines() {
            for named in ui_modules_named(line, nested) {
                let is_module =
                    root.join(format!("{named}.rs")).exists() || root.join(&named).is_dir();
                if named != module && is_module {
                    edges.entry(module.clone()).or_default().insert(named);
                }
            }
        }
    }
    assert!(
        edges.len() > 5,
        "found imports of only {} modules",
        edges.len()
    );
    // A depth-first search for a way back to where it started.
    fn path_back(
        edges: &std::collections::BTreeMap<String, std::collections::BTreeSet<String>>,
        start: &str,
        at: &str,
        seen: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        for next in edges.get(at).into_iter().flatten() {
            if next == start {
                let mut cycle = seen.clone();
                cycle.push(next.clone());
                return Some(cycle);
            }
            if !seen.contains(next) {
                seen.push(next.clone());
                if let Some(cycle) = path_back(edges, start, next, seen) {
                    return Some(cycle);
                }
                seen.pop();
            }
        }
        None
    }
    for start in edges.keys() {
        let mut seen = vec![start.clone()];
        if let Some(cycle) = path_back(&edges, start, start, &mut seen) {
            panic!("src/ui modules import each other: {}", cycle.join(" → "));
        }
    }
}

#[test]
fn the_cycle_check_reads_imports() {
    assert_eq!(
        ui_modules_named("use super::command::Command;", false),
        ["command"]
    );
    assert_eq!(
        ui_modules_named("use super::super::view::ViewContext;", true),
        ["view"]
    );
    assert!(ui_modules_named("use super::Modal;", true).is_empty());
    assert_eq!(
        ui_modules_named("let x = crate::ui::widgets::to_color32(c);", false),
        ["widgets"]
    );
}

/// Lines of code in `text` before its tests: not blank, not only a comment.
fn code_lines(text: &str) -> usize {
    let code = text.split("#[cfg(test)]").next().unwrap_or("");
    code.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("//"))
        .count()
}

#[test]
fn no_window_file_is_over_about_900_lines_of_code() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join("ui");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let long: Vec<String> = files
        .iter()
        .map(|f| (f, code_lines(&fs::read_to_string(f).unwrap_or_default())))
        .filter(|(_, n)| *n > 900)
        .map(|(f, n)| format!("{}: {n} lines", f.display()))
        .collect();
    assert!(long.is_empty(), "split these: {long:?}");
    assert_eq!(code_lines("a\n\n// b\nc\n#[cfg(test)]\nd"), 2);
}
