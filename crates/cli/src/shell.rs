//! `thumbforth completions SHELL` and `thumbforth man`: what a shell and
//! `man` need to know of the command line, made from the same clap
//! definition the parser uses, so they cannot fall behind it.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::CommandFactory;

#[derive(clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete for; its script goes to standard output (for
    /// bash: `thumbforth completions bash > ~/.local/share/bash-completion/completions/thumbforth`).
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

pub fn completions(args: &CompletionsArgs) -> Result<ExitCode> {
    let mut cmd = crate::Cli::command();
    let mut out = std::io::stdout().lock();
    clap_complete::generate(args.shell, &mut cmd, "thumbforth", &mut out);
    out.flush().context("writing the completion script")?;
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args)]
pub struct ManArgs {
    /// A subcommand whose own page to print (`thumbforth man build`).
    #[arg(value_name = "COMMAND")]
    command: Option<String>,
}

/// The manual page, in roff, on standard output (`thumbforth man >
/// thumbforth.1`, `thumbforth man build > thumbforth-build.1`).
pub fn man(args: &ManArgs) -> Result<ExitCode> {
    let cli = crate::Cli::command();
    let cmd = match &args.command {
        None => cli,
        Some(name) => {
            let Some(sub) = cli.find_subcommand(name) else {
                let names: Vec<&str> = cli.get_subcommands().map(|c| c.get_name()).collect();
                anyhow::bail!("no command `{name}`; the commands are {}", names.join(", "));
            };
            sub.clone().display_name(format!("thumbforth-{name}"))
        }
    };
    let mut out = std::io::stdout().lock();
    clap_mangen::Man::new(cmd)
        .render(&mut out)
        .context("writing the manual page")?;
    out.flush().context("writing the manual page")?;
    Ok(ExitCode::SUCCESS)
}
