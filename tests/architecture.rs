//! The model knows nothing of the screen: only `src/ui/` and `src/main.rs` may
//! use egui, eframe or rfd.

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
