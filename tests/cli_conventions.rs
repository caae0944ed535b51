//! What a command-line user expects besides searching (#13): `--version` naming the index
//! format, shell completions, a man page, and a clear refusal of another format's index.

mod util;

use util::*;

#[test]
fn version_names_the_index_format() {
    let output = newsdex().arg("--version").output().unwrap();
    assert_exit(&output, 0);
    assert_eq!(
        stdout(&output),
        format!(
            "newsdex {} (index format {})\n",
            env!("CARGO_PKG_VERSION"),
            newsdex::schema::folder::FORMAT_VERSION
        )
    );
}

#[test]
fn completions_for_every_shell_name_the_subcommands() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let output = newsdex().args(["completions", shell]).output().unwrap();
        assert_exit(&output, 0);
        let script = stdout(&output);
        for word in ["newsdex", "query", "index", "eval", "offset", "rebuild"] {
            assert!(script.contains(word), "{shell} script lacks {word}");
        }
    }
    let output = newsdex().args(["completions", "tcsh"]).output().unwrap();
    assert_exit(&output, 2);
}

#[test]
fn the_bash_completion_script_is_valid_bash() {
    let output = newsdex().args(["completions", "bash"]).output().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("newsdex.bash");
    std::fs::write(&script, &output.stdout).unwrap();
    let check = std::process::Command::new("bash")
        .arg("-n")
        .arg(&script)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
}

#[test]
fn completions_into_a_closed_pipe_exit_quietly() {
    let mut child = std_newsdex()
        .args(["completions", "zsh"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert_exit(&output, 0);
    assert_eq!(stderr(&output), "");
}

#[test]
fn the_man_page_has_a_section_per_subcommand() {
    let output = newsdex().arg("man").output().unwrap();
    assert_exit(&output, 0);
    let page = stdout(&output);
    assert!(page.contains(".TH newsdex 1"), "{page}");
    for sub in ["INDEX", "QUERY", "PARSE", "EVAL", "STATS", "COMPLETIONS"] {
        assert!(page.contains(&format!(".SH \"NEWSDEX {sub}\"")), "no {sub}");
    }
    assert!(page.contains(r"\fB\-\-offset\fR"));
}

/// An index of one story whose commit records `format` (JSON) as its index format.
fn index_recording_format(format: &str) -> TestEnv {
    let env = TestEnv::new();
    env.write(
        "a.txt",
        "Harbour reopens\n\nLISBON, May 3 (Reuters) - The harbour reopened.\n",
    );
    assert_exit(&env.run(&["index", "corpus", "-q"]), 0);
    let meta = env.index().join("meta.json");
    let text = std::fs::read_to_string(&meta).unwrap();
    let current = format!("\\\"format\\\":{}", newsdex::schema::folder::FORMAT_VERSION);
    assert!(text.contains(&current), "{text}");
    let recorded = format!("\\\"format\\\":{}", format.replace('"', "\\\""));
    std::fs::write(&meta, text.replace(&current, &recorded)).unwrap();
    env
}

#[test]
fn an_index_of_another_format_asks_for_rebuild() {
    let env = index_recording_format("999");

    let expected = format!(
        "newsdex: index '{}' is in index format 999, and this newsdex reads format {}: run `newsdex index --rebuild`\n",
        env.index().display(),
        newsdex::schema::folder::FORMAT_VERSION
    );
    for args in [
        &["query", "harbour"][..],
        &["stats"][..],
        &["index", "corpus"][..],
    ] {
        let output = env.run(args);
        assert_exit(&output, 2);
        assert_eq!(stderr(&output), expected, "{args:?}");
    }
    assert_exit(&env.run(&["index", "corpus", "--rebuild", "-q"]), 0);
    assert_exit(&env.run(&["query", "harbour"]), 0);
}

#[test]
fn an_index_format_that_is_not_a_number_is_shown_as_written() {
    let env = index_recording_format("\"two\"");
    let output = env.run(&["query", "harbour"]);
    assert_exit(&output, 2);
    assert_eq!(
        stderr(&output),
        format!(
            "newsdex: index '{}' is in index format \"two\", and this newsdex reads format {}: run `newsdex index --rebuild`\n",
            env.index().display(),
            newsdex::schema::folder::FORMAT_VERSION
        )
    );
}
