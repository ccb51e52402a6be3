//! The rooms of ARCHITECTURE.md stay apart: only `src/ui/` and `src/main.rs` may
//! use egui, eframe or rfd; no domain module names `cli` or `ui`; the window and
//! the command line never name each other.
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

/// The lines (from 1) of Rust `text` that name the crate's module `room` as a
/// path: `crate::cli`, `triangulate::cli::…`, `super::cli`, or `cli` in a group
/// such as `use crate::{cli, model}` (also spread over several lines).
fn lines_naming_room(text: &str, room: &str) -> Vec<usize> {
    let code: Vec<&str> = text
        .lines()
        .map(|line| line.split("//").next().unwrap_or(""))
        .collect();
    let code = code.join("\n");
    let line_of = |at: usize| code[..at].matches('\n').count() + 1;
    let is_room = |path: &str| {
        let path = path.trim();
        path.strip_prefix(room)
            .is_some_and(|rest| !rest.starts_with(|c: char| c.is_alphanumeric() || c == '_'))
    };
    let mut found = Vec::new();
    for prefix in ["crate::", "triangulate::", "super::"] {
        let mut from = 0;
        while let Some(at) = code[from..].find(prefix) {
            let start = from + at;
            from = start + prefix.len();
            // A prefix inside a longer name (`my_crate::`) is not the crate.
            let before = code[..start].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let mut rest = &code[from..];
            while let Some(after) = rest.strip_prefix("super::") {
                rest = after;
            }
            if is_room(rest) {
                found.push(line_of(start));
            } else if let Some(group) = rest.strip_prefix('{') {
                // The items of the group at its own depth.
                let mut depth = 0;
                let mut item = String::new();
                let mut items = Vec::new();
                for c in group.chars() {
                    match c {
                        '{' => depth += 1,
                        '}' if depth == 0 => break,
                        '}' => depth -= 1,
                        ',' if depth == 0 => items.push(std::mem::take(&mut item)),
                        _ if depth == 0 => item.push(c),
                        _ => {}
                    }
                }
                items.push(item);
                if items.iter().any(|item| is_room(item)) {
                    found.push(line_of(start));
                }
            }
        }
    }
    found.sort_unstable();
    found.dedup();
    found
}

/// Every place where a file of `files` (under `src`) names `room`, as `src/file:line: code`.
fn places_naming(src: &Path, files: &[PathBuf], room: &str) -> Vec<String> {
    let mut places = Vec::new();
    for file in files {
        let relative = file.strip_prefix(src).unwrap_or(file);
        let text = fs::read_to_string(file).unwrap_or_default();
        for number in lines_naming_room(&text, room) {
            let line = text.lines().nth(number - 1).unwrap_or("").trim();
            places.push(format!("src/{}:{number}: {line}", relative.display()));
        }
    }
    places
}

#[test]
fn no_domain_module_names_the_command_line_or_the_window() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    // The domain: everything but the two front doors and the crate's root.
    let domain: Vec<PathBuf> = files
        .into_iter()
        .filter(|file| {
            let relative = file.strip_prefix(&src).unwrap_or(file);
            !relative.starts_with("cli")
                && !relative.starts_with("ui")
                && relative != Path::new("main.rs")
                && relative != Path::new("lib.rs")
        })
        .collect();
    assert!(
        domain.len() > 20,
        "found only {} domain files",
        domain.len()
    );
    for room in ["cli", "ui"] {
        let places = places_naming(&src, &domain, room);
        assert!(
            places.is_empty(),
            "domain modules name `{room}`:\n{}",
            places.join("\n")
        );
    }
}

#[test]
fn the_window_and_the_command_line_never_name_each_other() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for (room, other) in [("cli", "ui"), ("ui", "cli")] {
        let mut files = Vec::new();
        rust_files(&src.join(room), &mut files);
        assert!(!files.is_empty(), "no files in src/{room}");
        let places = places_naming(&src, &files, other);
        assert!(
            places.is_empty(),
            "src/{room} names `{other}`:\n{}",
            places.join("\n")
        );
    }
}

#[test]
fn the_room_check_reads_paths_and_groups() {
    assert_eq!(
        lines_naming_room("use crate::cli::{EXIT_OK, Outcome};", "cli"),
        [1]
    );
    assert_eq!(
        lines_naming_room("x\nlet o = triangulate::cli::run(c);", "cli"),
        [2]
    );
    assert_eq!(lines_naming_room("use super::super::cli;", "cli"), [1]);
    assert_eq!(
        lines_naming_room(
            "use crate::{\n    model::{cli_like, Project},\n    cli,\n};",
            "cli"
        ),
        [1]
    );
    assert_eq!(lines_naming_room("use crate::ui::widgets;", "ui"), [1]);
    assert!(lines_naming_room("use crate::cli_tools::x;", "cli").is_empty());
    assert!(lines_naming_room("use crate::model::{cli, ui};", "cli").is_empty());
    assert!(lines_naming_room("// crate::cli in a comment", "cli").is_empty());
    assert!(lines_naming_room("use my_crate::cli;", "cli").is_empty());
    assert!(lines_naming_room("pub fn diff_cli() {}", "cli").is_empty());
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
