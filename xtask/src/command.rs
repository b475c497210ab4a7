//! Running external commands with the command line printed first.

use std::process::{Command, Stdio};

use crate::TaskResult;

/// The `cargo` that launched this task, so the same toolchain builds everything.
pub fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// Prints `command` as a shell line, then runs it with inherited output.
pub fn run(command: &mut Command) -> TaskResult {
    println!("$ {}", describe(command));
    let status = command.status().map_err(|error| format!("could not start `{}`: {error}", describe(command)))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{}` failed ({status})", describe(command)))
    }
}

/// Prints `command`, runs it, echoes its output and returns it (stdout and stderr together).
pub fn run_captured(command: &mut Command) -> (bool, String) {
    println!("$ {}", describe(command));
    let output = command.stdin(Stdio::null()).output();
    match output {
        Ok(output) => {
            let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
            text.push_str(&String::from_utf8_lossy(&output.stderr));
            print!("{text}");
            (output.status.success(), text)
        }
        Err(error) => {
            let text = format!("could not start `{}`: {error}\n", describe(command));
            print!("{text}");
            (false, text)
        }
    }
}

/// The first line a program prints for `--version`, or `None` when it is not installed.
pub fn version_of(program: &str) -> Option<String> {
    let output = Command::new(program).arg("--version").stdin(Stdio::null()).output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).lines().next().unwrap_or_default().trim().to_string())
}

/// A command as it would be typed in a shell.
pub fn describe(command: &Command) -> String {
    std::iter::once(command.get_program())
        .chain(command.get_args())
        .map(|part| {
            let part = part.to_string_lossy();
            if part.contains(' ') {
                format!("'{part}'")
            } else {
                part.into_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}
