//! Pulling the plug during a save never leaves a broken project file: a process
//! that saves a large project over and over is killed with SIGKILL at random
//! moments, and after every kill the file loads and is one whole version.
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

#[cfg(unix)]
#[test]
fn killing_a_save_at_random_moments_never_breaks_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("big.ron");
    let sample = Path::new(triangulate::SAMPLE_PROJECT_PATH);
    let base = project_file::load(sample)
        .expect("the sample loads")
        .project;
    // One full version exists before the first kill.
    project_file::save(&out, &crash_test_version(&base, 0)).expect("first save");
    let size = std::fs::metadata(&out).expect("metadata").len();
    assert!(
        size > 1_000_000,
        "the project is large enough to be caught mid-save: {size} bytes"
    );

    let mut rng = Rng(0x5eed_2022_0614);
    let mut versions_seen = std::collections::BTreeSet::new();
    let mut kills = 0;
    let mut mid_write = 0;
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
        // starting took on a busy machine, then kill it somewhere between just
        // before its first save and well into its saves. The test harness's own
        // lines ("running 1 test") come first.
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
        std::thread::sleep(Duration::from_micros(rng.next() % 150_000));
        child.kill().expect("SIGKILL");
        child.wait().expect("reaped");
        kills += 1;
        // A temporary file left behind means the kill landed in the middle of a write.
        let mut partial = false;
        for entry in std::fs::read_dir(dir.path()).expect("list").flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with(".big.ron.tmp-") {
                partial = true;
                std::fs::remove_file(entry.path()).expect("remove the partial file");
            }
        }
        mid_write += usize::from(partial);

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
    // The kills landed at different moments: many in the middle of a write, and
    // the surviving file came from many different processes and rounds.
    assert!(
        mid_write >= 5,
        "only {mid_write} of {kills} kills landed mid-write"
    );
    assert!(versions_seen.len() > 20, "versions seen: {versions_seen:?}");
    eprintln!(
        "{kills} kills in {:?}: {mid_write} mid-write, {} different versions survived",
        started.elapsed(),
        versions_seen.len()
    );
}
