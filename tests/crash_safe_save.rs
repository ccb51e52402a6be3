//! Pulling the plug during a save never leaves a broken project file: a process
//! that saves a large project over and over is killed with SIGKILL at random
//! moments, and after every kill the file loads and is one whole version.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is how it reports a failure"
)]

use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use triangulate::cli::crash_test_version;
use triangulate::io::project_file;

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
    while kills < 200 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_triangulate"))
            .args(["save-loop", triangulate::SAMPLE_PROJECT_PATH])
            .arg(&out)
            .args(["--start", &(kills * 1000).to_string()])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the binary starts");
        // Wait until it has loaded the project and starts saving, however long
        // starting took on a busy machine, then kill it somewhere between just
        // before its first save and well into its saves.
        let mut line = String::new();
        if let Some(stdout) = child.stdout.as_mut() {
            BufReader::new(stdout)
                .read_line(&mut line)
                .expect("the save loop reports");
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
