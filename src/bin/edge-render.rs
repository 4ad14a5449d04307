//! The renderer from the command line: the same edge layer as the worker, so
//! the file written is byte-identical to the worker's answer.
//!
//! ```text
//! edge-render heart --size 400 -o heart.png
//! edge-render heart.svg --style gradient -o heart.svg
//! edge-render heart.txt --cols 60 --rows 24        # to stdout
//! edge-render '/heart.apng?frames=16' -o beat.png
//! edge-render text.png --text '你好，世界' --size 64 -o hello.png
//! edge-render text.png --body card.json -o card.png  # POST, byte for byte
//! echo '{"text":"hi"}' | edge-render text.png --body - -o hi.png
//! edge-render sign 'https://img.example.com/text.png?text=hi'   # key from $SIGNING_KEY
//! edge-render sign /heart.png?size=64 --key secret --ttl 3600
//! ```

use std::io::Write;
use std::process::ExitCode;

use std::io::Read;

use edge_render::{handle, Env, Request};

/// The usage text; the routes come from the route table.
fn usage() -> String {
    // Not POST /sign: `sign` is the CLI's own signing command (and the
    // CLI holds the key itself).
    let routes: Vec<&str> = edge_render::routes::TABLE
        .iter()
        .filter(|r| r.info().name != "sign")
        .flat_map(|r| r.info().paths.iter().map(|p| p.trim_start_matches('/')))
        .filter(|p| !p.is_empty())
        .collect();
    [
        "usage: edge-render ROUTE [--PARAM VALUE]... [--body FILE] [-o FILE]".to_owned(),
        format!(
            "  ROUTE      {} (a query may follow: 'heart.png?size=64')",
            routes.join(", ")
        ),
        "  --PARAM    any query parameter of the route, e.g. --size 400 --theme dark".to_owned(),
        "  --body F   POST the JSON in file F ('-': standard input), as the worker gets it"
            .to_owned(),
        "  -o FILE    where to write the answer ('-' or absent: standard output)".to_owned(),
        String::new(),
        "usage: edge-render sign URL [--key KEY] [--exp UNIX_SECONDS | --ttl SECONDS] [--body FILE]"
            .to_owned(),
        "  prints URL with sig= (and exp=) appended: HMAC-SHA256 under KEY (default: $SIGNING_KEY);"
            .to_owned(),
        "  --body F   sign a POST of the JSON in file F ('-': standard input)".to_owned(),
    ]
    .join("\n")
}

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
        return Err(usage());
    };
    if route == "sign" {
        return sign(&args[1..]);
    }
    let (path, query) = route.split_once('?').unwrap_or((route, ""));
    let path = format!("/{}", path.trim_start_matches('/'));
    let mut query = form_urlencoded::Serializer::new(query.to_owned());
    let mut out: Option<&str> = None;
    let mut body: Option<Vec<u8>> = None;
    let mut rest = args[1..].iter();
    while let Some(flag) = rest.next() {
        let value = rest
            .next()
            .ok_or_else(|| format!("{flag} needs a value\n{}", usage()))?;
        match flag.as_str() {
            "-o" | "--output" => out = Some(value),
            "--body" => body = Some(read_body(value)?),
            f if f.starts_with("--") => {
                query.append_pair(&f[2..], value);
            }
            _ => return Err(format!("unexpected argument {flag}\n{}", usage())),
        }
    }
    let query = query.finish();
    let clock = || 0.0;
    let url = format!("{path}?{query}");
    let request = match &body {
        Some(b) => Request::post_json(&url, b),
        None => Request::get(&url),
    };
    let reply = handle(&request, &Env { clock: &clock });
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

/// `edge-render sign URL …`: prints the signed URL.
fn sign(args: &[String]) -> Result<(), String> {
    let Some(url) = args.first().filter(|a| !a.starts_with("--")) else {
        return Err(usage());
    };
    let mut key = std::env::var("SIGNING_KEY").ok();
    let mut exp = None;
    let mut body = Vec::new();
    let mut rest = args[1..].iter();
    while let Some(flag) = rest.next() {
        let value = rest
            .next()
            .ok_or_else(|| format!("{flag} needs a value\n{}", usage()))?;
        let seconds = || {
            value
                .parse::<u64>()
                .map_err(|_| format!("{flag} takes whole seconds, not {value:?}"))
        };
        match flag.as_str() {
            "--key" => key = Some(value.clone()),
            "--exp" => exp = Some(seconds()?),
            "--ttl" => {
                let now = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_err(|e| e.to_string())?
                    .as_secs();
                exp = Some(now + seconds()?);
            }
            "--body" => body = read_body(value)?,
            _ => return Err(format!("unexpected argument {flag}\n{}", usage())),
        }
    }
    let key = key
        .filter(|k| !k.is_empty())
        .ok_or("no key: set SIGNING_KEY or pass --key")?;
    println!(
        "{}",
        edge_render::sign::sign_url(key.as_bytes(), url, exp, &body)
    );
    Ok(())
}

/// The bytes of `file`, or of standard input for `-`.
fn read_body(file: &str) -> Result<Vec<u8>, String> {
    if file == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        Ok(buf)
    } else {
        std::fs::read(file).map_err(|e| format!("cannot read {file}: {e}"))
    }
}
