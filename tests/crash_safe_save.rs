//! Pulling the plug during a save never leaves a broken project file.
//!
//! A process that saves a large project over and over is killed with SIGKILL,
//! half the time at a random moment and half the time while it writes its
//! temporary file; after every kill the file loads and is one whole version.
//! A SIGKILL leaves the operating system's write cache alone, so that test
//! cannot see a missing sync: a second test watches the real program's system
//! calls and checks that the new file reaches the disk before it is renamed over
//! the old one, and the rename after.
//!
//! The process that saves is this test binary itself, running only [`save_loop`]:
//! the save loop is a tool of this test, not a command of the shipped program.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is how it reports a failure"
)]

mod common;

use std::io::{BufRead as _, BufReader, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use triangulate::io::project_file;
use triangulate::model::{DocumentId, Project};

/// Set for the child process: the file that [`save_loop`] saves over and over.
const SAVE_LOOP_OUT: &str = "TRIANGULATE_SAVE_LOOP_OUT";
/// Set for the child process: the version [`save_loop`] starts from.
const SAVE_LOOP_START: &str = "TRIANGULATE_SAVE_LOOP_START";

/// Version `round` of a large project made from `base`: every round differs in
/// its title and in one claim's note, so a file that mixed two rounds would not
/// equal any of them.
fn crash_test_version(base: &Project, round: u64) -> Project {
    let mut project = base.clone();
    // Make it large enough that a save takes a while: many copies of the documents.
    let originals = base.documents.clone();
    for copy in 1..60u128 {
        for document in &originals {
            let mut document = document.clone();
            document.id = DocumentId::from_u128(document.id.as_u128() ^ copy);
            document.title = format!("{} (copy {copy})", document.title);
            project.documents.push(document);
        }
    }
    project.title = format!("version {round}");
    if let Some(claim) = project.claims.first_mut() {
        claim.note = format!("round {round}: {}", "x".repeat((round % 97) as usize));
    }
    project
}

/// The child process: saves ever newer versions of a large project made from the
/// sample to the file named by `SAVE_LOOP_OUT` until killed. Prints `saving` once
/// the project is loaded, so that the test can time its kill from the first save
/// rather than from the start of the process. Run alone, it does nothing.
#[test]
#[ignore = "the child process of the crash test, which runs it"]
fn save_loop() {
    let Some(out) = std::env::var_os(SAVE_LOOP_OUT).map(PathBuf::from) else {
        return;
    };
    let start: u64 = std::env::var(SAVE_LOOP_START)
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let base = project_file::load(Path::new(triangulate::SAMPLE_PROJECT_PATH))
        .expect("the sample loads")
        .project;
    {
        let mut stdout = std::io::stdout().lock();
        writeln!(stdout, "saving").expect("tell the crash test that saving starts");
        stdout.flush().expect("flush");
    }
    for round in start.. {
        project_file::save(&out, &crash_test_version(&base, round)).expect("save");
    }
}

/// A small deterministic random number generator (xorshift), so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// Whether a temporary file of a save of `big.ron` is in `dir`; with `remove`,
/// removes every one.
#[cfg(unix)]
fn temporary_files(dir: &Path, remove: bool) -> bool {
    let mut found = false;
    for entry in std::fs::read_dir(dir).expect("list").flatten() {
        if entry
            .file_name()
            .to_string_lossy()
            .starts_with(".big.ron.tmp-")
        {
            found = true;
            if remove {
                std::fs::remove_file(entry.path()).expect("remove the temporary file");
            }
        }
    }
    found
}

#[cfg(unix)]
#[test]
fn killing_a_save_at_random_moments_never_breaks_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("big.ron");
    let sample = Path::new(triangulate::SAMPLE_PROJECT_PATH);
    let base = project_file::load(sample)
        .expect("the sample loads")
        .project;
    // One full version exists before the first kill. The kills are timed by how
    // long a save takes here, so that they land where they should on any disk:
    // a round (making a version, writing it out) and the writing alone.
    let mut round_time = Duration::ZERO;
    let mut write_time = Duration::ZERO;
    for round in 0..3 {
        let started = Instant::now();
        let text = project_file::to_ron_string(&crash_test_version(&base, round));
        let writing = Instant::now();
        project_file::save_text(&out, &text).expect("save");
        write_time = write_time.max(writing.elapsed());
        round_time = round_time.max(started.elapsed());
    }
    let size = std::fs::metadata(&out).expect("metadata").len();
    assert!(
        size > 1_000_000,
        "the project is large enough that a save takes a while: {size} bytes"
    );

    let mut rng = Rng(0x5eed_2022_0614);
    let mut versions_seen = std::collections::BTreeSet::new();
    let mut kills = 0;
    let mut mid_save = 0;
    let started = Instant::now();
    let this_binary = std::env::current_exe().expect("the test binary's path");
    while kills < 200 {
        // This test binary, running only `save_loop`, with its output uncaptured.
        let mut child = Command::new(&this_binary)
            .args([
                "save_loop",
                "--exact",
                "--ignored",
                "--nocapture",
                "--quiet",
                "--test-threads=1",
            ])
            .env(SAVE_LOOP_OUT, &out)
            .env(SAVE_LOOP_START, (kills * 1000).to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the save loop starts");
        // Wait until it has loaded the project and starts saving, however long
        // starting took on a busy machine. The test harness's own lines
        // ("running 1 test") come first.
        let mut line = String::new();
        if let Some(stdout) = child.stdout.as_mut() {
            let mut reader = BufReader::new(stdout);
            loop {
                line.clear();
                let read = reader.read_line(&mut line).expect("the save loop reports");
                if read == 0 || line.trim() == "saving" {
                    break;
                }
            }
        }
        assert_eq!(line.trim(), "saving", "the save loop did not start");
        if kills % 2 == 0 {
            // Anywhere in its first three rounds: making a version, writing it,
            // renaming it, starting the next.
            let window = u64::try_from(3 * round_time.as_micros()).expect("micros");
            std::thread::sleep(Duration::from_micros(rng.next() % window.max(1)));
        } else {
            // While it writes: once its temporary file appears, at a random
            // moment of the time a write takes. A save that writes none (a
            // broken one) is killed after a few rounds anyway, so that the
            // file is checked.
            let waiting = Instant::now();
            let patience = (20 * round_time).max(Duration::from_secs(1));
            while !temporary_files(dir.path(), false) && waiting.elapsed() < patience {
                std::thread::yield_now();
            }
            let window = u64::try_from(write_time.as_micros()).expect("micros");
            std::thread::sleep(Duration::from_micros(rng.next() % window.max(1)));
        }
        child.kill().expect("SIGKILL");
        child.wait().expect("reaped");
        kills += 1;
        // A temporary file left behind means the kill landed in the middle of a save.
        mid_save += usize::from(temporary_files(dir.path(), true));

        let loaded = project_file::load(&out)
            .unwrap_or_else(|err| panic!("after kill {kills} the file does not load: {err}"));
        assert!(
            loaded.problems.is_empty(),
            "after kill {kills}: {:?}",
            loaded.problems
        );
        let round: u64 = loaded
            .project
            .title
            .strip_prefix("version ")
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("after kill {kills}: title {:?}", loaded.project.title));
        assert_eq!(
            loaded.project,
            crash_test_version(&base, round),
            "after kill {kills} the file is not exactly version {round}"
        );
        versions_seen.insert(round);
    }
    let report = format!(
        "{kills} kills in {:?} (a round took {round_time:?}, its write {write_time:?}): \
         {mid_save} in the middle of a save, {} different versions survived, each whole",
        started.elapsed(),
        versions_seen.len()
    );
    // However fast the disk, the kills timed by the temporary file catch some
    // saves in the middle; otherwise the test would prove nothing.
    assert!(
        mid_save > 0,
        "no kill landed in the middle of a save: {report}"
    );
    eprintln!("{report}");
}

/// The system calls of the real program saving over a project file, as
/// `strace -y` writes them down: each file descriptor with its file's path.
#[cfg(target_os = "linux")]
#[derive(Debug, PartialEq, Eq)]
enum Call {
    /// `openat` creating the file at `path`; `exclusive` with `O_EXCL`.
    Create { path: String, exclusive: bool },
    /// `fsync` or `fdatasync` of the file at `path`.
    Sync { path: String },
    /// `rename`, `renameat` or `renameat2` of `from` over `to`.
    Rename { from: String, to: String },
}

/// The successful calls in a trace from `strace -f -y`.
#[cfg(target_os = "linux")]
fn calls(trace: &str) -> Vec<Call> {
    let mut calls = Vec::new();
    for line in trace.lines() {
        // "1234 fsync(3</tmp/x/.a.ron.tmp-1-ab>) = 0": the process id, the call.
        let call = match line.split_once(' ') {
            Some((pid, call)) if pid.bytes().all(|b| b.is_ascii_digit()) => call.trim_start(),
            _ => line,
        };
        // "fsync(3</tmp/x>)    = 0": results are aligned; a failure is "= -1 ENOENT …".
        let Some((name, rest)) = call.split_once('(') else {
            continue;
        };
        let Some((rest, result)) = rest.rsplit_once(" = ") else {
            continue;
        };
        if result.starts_with('-') {
            continue;
        }
        let quoted: Vec<&str> = rest.split('"').skip(1).step_by(2).collect();
        match name {
            "openat" if rest.contains("O_CREAT") => {
                if let Some(path) = quoted.first() {
                    calls.push(Call::Create {
                        path: (*path).to_owned(),
                        exclusive: rest.contains("O_EXCL"),
                    });
                }
            }
            "fsync" | "fdatasync" => {
                // "3</tmp/x/file>": the descriptor, then its path in brackets.
                let path = rest
                    .split_once('<')
                    .and_then(|(_, path)| path.rsplit_once('>'))
                    .map(|(path, _)| path.to_owned());
                if let Some(path) = path {
                    calls.push(Call::Sync { path });
                }
            }
            "rename" | "renameat" | "renameat2" => {
                if let [from, to, ..] = quoted.as_slice() {
                    calls.push(Call::Rename {
                        from: (*from).to_owned(),
                        to: (*to).to_owned(),
                    });
                }
            }
            _ => {}
        }
    }
    calls
}

/// A SIGKILL leaves the operating system's write cache in place, so the kill
/// test passes with no sync at all; a power cut would then leave an empty or
/// partial file under the project's name. Here `strace` watches the real program
/// save over a project: the new file is synced before it is renamed over the
/// old one, and the folder after the rename, so that the rename is on the disk.
#[cfg(target_os = "linux")]
#[test]
fn a_save_syncs_the_new_file_before_renaming_it_and_the_folder_after() {
    let strace_works = common::program_runs("strace", &["-o", "/dev/null", "true"]);
    if !common::required(strace_works, "a working strace (apt-get install strace)") {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    // The paths strace names, with no symbolic link in the way.
    let folder = dir.path().canonicalize().expect("the folder's path");
    let project = folder.join("azot.ron");
    project_file::save(&project, &Project::new("Azot")).expect("first save");
    let old = std::fs::read(&project).expect("read");
    let article = folder.join("article.txt");
    std::fs::write(&article, "Haidai said 568 civilians remain at Azot.\n").expect("write");
    let traces = tempfile::tempdir().expect("tempdir");
    let trace = traces.path().join("trace.txt");

    let output = Command::new("strace")
        .args(["-f", "-qq", "-y", "-e", "signal=none"])
        .args([
            "-e",
            "trace=openat,fsync,fdatasync,link,linkat,rename,renameat,renameat2",
        ])
        .arg("-o")
        .arg(&trace)
        .arg(env!("CARGO_BIN_EXE_triangulate"))
        .arg("import")
        .arg(&project)
        .arg(&article)
        .output()
        .expect("strace runs");
    assert!(
        output.status.success(),
        "triangulate import failed under strace: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    // The save happened: the new file has the document, the old one is the backup.
    let saved = project_file::load(&project).expect("loads");
    assert_eq!(saved.project.documents.len(), 1);
    let backup = std::fs::read(folder.join("azot.ron.bak")).expect("the backup");
    assert_eq!(backup, old);

    let trace = std::fs::read_to_string(&trace).expect("the trace");
    let calls = calls(&trace);
    let project_path = project.to_string_lossy().into_owned();
    let folder_path = folder.to_string_lossy().into_owned();
    // For a failure's message: the calls on the project's folder.
    let trace: String = trace
        .lines()
        .filter(|line| line.contains(&folder_path))
        .map(|line| format!("{line}\n"))
        .collect();
    let Some((renamed, temp)) = calls.iter().enumerate().find_map(|(i, call)| match call {
        Call::Rename { from, to } if *to == project_path => Some((i, from.clone())),
        _ => None,
    }) else {
        panic!("no rename over {project_path}:\n{trace}");
    };
    assert!(
        Path::new(&temp)
            .file_name()
            .is_some_and(|name| name.to_string_lossy().starts_with(".azot.ron.tmp-")),
        "the file renamed over the project is its temporary file: {temp}"
    );
    let created = calls.iter().position(|call| {
        *call
            == Call::Create {
                path: temp.clone(),
                exclusive: true,
            }
    });
    let synced = calls
        .iter()
        .position(|call| *call == Call::Sync { path: temp.clone() });
    let folder_synced = calls.iter().rposition(|call| {
        *call
            == Call::Sync {
                path: folder_path.clone(),
            }
    });
    assert!(
        created.is_some_and(|created| created < renamed),
        "the temporary file is created new (O_EXCL) before the rename:\n{trace}"
    );
    assert!(
        synced.is_some_and(|synced| synced < renamed),
        "the temporary file is synced before it is renamed over the project:\n{trace}"
    );
    assert!(
        folder_synced.is_some_and(|synced| synced > renamed),
        "the folder is synced after the rename:\n{trace}"
    );
}
