//! The renderer from the command line: the same edge layer as the worker, so
//! the file written is byte-identical to the worker's answer.
//!
//! ```text
//! edge-render heart --size 400 -o heart.png
//! edge-render heart.svg --style gradient -o heart.svg
//! edge-render heart.txt --cols 60 --rows 24        # to stdout
//! edge-render '/heart.apng?frames=16' -o beat.png
//! edge-render text.png --text '你好，世界' --size 64 -o hello.png
//! ```

use std::io::Write;
use std::process::ExitCode;

use edge_render::{handle, Env, Request};

const USAGE: &str = "usage: edge-render ROUTE [--PARAM VALUE]... [-o FILE]\n\
  ROUTE   heart, heart.png, heart.svg, heart.txt, heart.apng, text.png (a query may follow: 'heart.png?size=64')\n\
  --PARAM any query parameter of the route, e.g. --size 400 --theme dark\n\
  -o FILE where to write the image ('-' or absent: standard output)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("{msg}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &[String]) -> Result<(), String> {
    let Some(route) = args.first().filter(|a| !a.starts_with('-')) else {
        return Err(USAGE.to_owned());
    };
    let (path, query) = route.split_once('?').unwrap_or((route, ""));
    let path = format!("/{}", path.trim_start_matches('/'));
    let mut query = form_urlencoded::Serializer::new(query.to_owned());
    let mut out: Option<&str> = None;
    let mut rest = args[1..].iter();
    while let Some(flag) = rest.next() {
        let value = rest
            .next()
            .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))?;
        match flag.as_str() {
            "-o" | "--output" => out = Some(value),
            f if f.starts_with("--") => {
                query.append_pair(&f[2..], value);
            }
            _ => return Err(format!("unexpected argument {flag}\n{USAGE}")),
        }
    }
    let query = query.finish();
    let clock = || 0.0;
    let reply = handle(
        &Request {
            method: "GET",
            path: &path,
            query: &query,
            ..Request::default()
        },
        &Env { clock: &clock },
    );
    if reply.status != 200 {
        return Err(String::from_utf8_lossy(&reply.body).into_owned());
    }
    match out {
        None | Some("-") => std::io::stdout()
            .write_all(&reply.body)
            .map_err(|e| format!("cannot write to standard output: {e}")),
        Some(file) => {
            std::fs::write(file, &reply.body).map_err(|e| format!("cannot write {file}: {e}"))
        }
    }
}
