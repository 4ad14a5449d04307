//! The Cloudflare Worker shell: the only code that touches `worker::*`.
//! It copies the request into a [`Request`], runs the serve path ([`prepare`]), and copies the
//! [`Reply`] back out, with the edge cache (Cache API) in front of the
//! render routes, the signing keys and the rate limiter passed in, one log
//! line per render, and the prewarm channels (cron, `POST /warmup`).

use futures_util::StreamExt;
use worker::{
    console_log, event, js_sys, Cache, Context, Env as WorkerEnv, Headers, Response, Result,
    ScheduleContext, ScheduledEvent,
};

use crate::fonts;
use crate::render_log;
use crate::reply::Reply;
use crate::routes::body_limit;
use crate::serve::{prepare, prepare_signed, Render, Request, Step};
use crate::sign::Signing;
use crate::warm::{self, warmup_auth, Cached, Report};

/// Milliseconds, sub-millisecond where the runtime allows (`performance.now()`).
fn now() -> f64 {
    let global = js_sys::global();
    js_sys::Reflect::get(&global, &"performance".into())
        .ok()
        .and_then(|perf| {
            let f = js_sys::Reflect::get(&perf, &"now".into()).ok()?;
            let f: &js_sys::Function = wasm_bindgen_cast(&f)?;
            f.call0(&perf).ok()?.as_f64()
        })
        .unwrap_or_else(js_sys::Date::now)
}

fn wasm_bindgen_cast(v: &worker::wasm_bindgen::JsValue) -> Option<&js_sys::Function> {
    use worker::wasm_bindgen::JsCast;
    v.dyn_ref::<js_sys::Function>()
}

#[event(start)]
fn start() {
    std::panic::set_hook(Box::new(|info| {
        console_log!(
            "{}",
            serde_json::json!({"event": "panic", "message": info.to_string()})
        );
    }));
}

/// Reads at most `limit` bytes of the body (the route's
/// [`max_body`](crate::routes::RouteInfo::max_body)); `None` when it is longer.
async fn read_body(req: &mut worker::Request, limit: usize) -> Result<Option<Vec<u8>>> {
    let declared = req
        .headers()
        .get("content-length")?
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Ok(None);
    }
    let mut body = Vec::new();
    let Ok(mut stream) = req.stream() else {
        return Ok(Some(body)); // no body at all
    };
    while let Some(chunk) = stream.next().await {
        // A body that breaks off is answered like an unreadable one: it
        // becomes an empty body, which the route rejects as bad JSON.
        let Ok(chunk) = chunk else {
            return Ok(Some(Vec::new()));
        };
        body.extend_from_slice(&chunk);
        if body.len() > limit {
            return Ok(None);
        }
    }
    Ok(Some(body))
}

/// The Worker's copy of a [`Reply`].
fn response(reply: Reply) -> Result<Response> {
    let headers = Headers::new();
    for (name, value) in &reply.headers {
        headers.append(name, value)?;
    }
    let response = if reply.body.is_empty() {
        Response::empty()?
    } else {
        Response::from_bytes(reply.body)?
    };
    Ok(response.with_status(reply.status).with_headers(headers))
}

/// A cached answer as a [`Reply`] with the headers `render` keeps, so the
/// edge layer's rules (304, HEAD) apply to hits exactly as to misses.
/// `None` when it cannot be read (then it is a miss).
async fn cached_reply(render: &Render<'_>, mut cached: Response) -> Option<Reply> {
    let mut headers: Vec<(&'static str, String)> = Vec::new();
    for name in render.kept_headers() {
        if let Some(v) = cached.headers().get(name).ok()? {
            headers.push((name, v));
        }
    }
    Some(Reply {
        status: 200,
        headers,
        body: cached.bytes().await.ok()?,
    })
}

/// Fetches the asset faces `render` needs from the `ASSETS` binding (the
/// long tail of the fonts, uploaded as Workers Static Assets), all at once,
/// and installs each whose bytes are the build's. A face that cannot be
/// had is logged and not asked for again for [`fonts::RETRY_MS`]: the
/// request is drawn without it (fallback faces, missing glyphs reported),
/// never failed. Marks an `asset` phase in `Server-Timing` when it fetched.
async fn fetch_fonts(env: &WorkerEnv, render: &mut Render<'_>) {
    let wanted = render.fonts_to_fetch(now());
    if wanted.is_empty() {
        return;
    }
    let assets = env.assets("ASSETS").ok();
    let fetches = wanted.iter().map(|&id| {
        let assets = assets.as_ref();
        async move {
            let path = fonts::asset_path(id)?;
            let mut res = assets?
                .fetch(format!("https://assets.local{path}"), None)
                .await
                .ok()?;
            if res.status_code() != 200 {
                return Some(Err(format!("HTTP {}", res.status_code())));
            }
            let bytes = res.bytes().await.ok()?;
            Some(fonts::install(id, bytes).map_err(|e| format!("{e:?}")))
        }
    });
    let results = futures_util::future::join_all(fetches).await;
    let mut names = Vec::new();
    for (&id, result) in wanted.iter().zip(results) {
        let file = fonts::FACES[usize::from(id)].file;
        match result {
            Some(Ok(())) => names.push(file),
            failure => {
                fonts::failed(id, now());
                let reason = match failure {
                    Some(Err(e)) => e,
                    _ => "no ASSETS binding or the fetch failed".to_owned(),
                };
                console_log!(
                    "{}",
                    serde_json::json!({"event": "font_asset_failed", "file": file, "reason": reason})
                );
            }
        }
    }
    render.mark(&format!("asset;desc=\"{}\"", names.join(" ")));
}

/// The rate-limiting binding (wrangler.toml `[[ratelimits]]`) counting
/// renders that miss the edge cache.
const LIMITER: &str = "RENDER_LIMITER";

/// The seconds to wait (`Retry-After` of the 429) when `client` (the
/// request's `CF-Connecting-IP`, keyed by [`crate::serve::limit_key`]) is over
/// the render limit; `None` to draw. Each call counts one render. No
/// binding, `RATE_LIMIT=off`, or a limiter that fails: no limit. The
/// binding does not say when its window ends: `Retry-After` is the period,
/// `RATE_LIMIT_PERIOD` (default 60, the `simple.period` in wrangler.toml).
async fn over_limit(env: &WorkerEnv, client: Option<&str>) -> Option<u32> {
    if secret(env, "RATE_LIMIT").as_deref() == Some("off") {
        return None;
    }
    let limiter = env.rate_limiter(LIMITER).ok()?;
    let key = crate::serve::limit_key(client);
    let outcome = limiter.limit(key).await.ok()?;
    if outcome.success {
        return None;
    }
    Some(
        secret(env, "RATE_LIMIT_PERIOD")
            .and_then(|p| p.parse().ok())
            .unwrap_or(60),
    )
}

/// The render's log line (see [`render_log`]), unless `RENDER_LOG=off`.
fn log_render(env: &WorkerEnv, route: &str, method: &str, cache: &str, reply: &Reply) {
    if secret(env, "RENDER_LOG").as_deref() == Some("off") {
        return;
    }
    console_log!("{}", render_log::line(route, method, cache, reply));
}

fn secret(env: &WorkerEnv, name: &str) -> Option<String> {
    env.secret(name)
        .map(|s| s.to_string())
        .or_else(|_| env.var(name).map(|v| v.to_string()))
        .ok()
}

/// Renders the warm-up URLs and stores each answer in the edge cache;
/// returns the report line. The cron trigger and `POST /warmup` both run it.
async fn prewarm(env: &WorkerEnv, trigger: &str) -> String {
    let start = now();
    let cache = Cache::default();
    let mut report = Report::default();
    for url in warm::urls(secret(env, "WARMUP_URLS").as_deref()) {
        let req = Request::get(&url);
        // Render even when cached: that is what warms this isolate.
        let (reply, key) = match prepare(&req, &now) {
            Step::Answer(reply) => (reply, None),
            Step::Render(mut render) => {
                let key = render.cache_key();
                fetch_fonts(env, &mut render).await;
                (render.render(), Some(key))
            }
        };
        let (status, bytes) = (reply.status, reply.body.len());
        let mut cached = Cached::No;
        // A degraded answer (an asset font missing) is not for any cache.
        let storable = reply.header("cache-control") != Some(crate::serve::CACHE_DEGRADED);
        if let (200, Some(key), true) = (status, key, storable) {
            cached = match cache.get(key.as_str(), false).await {
                Ok(Some(_)) => Cached::Present,
                _ => match response(reply) {
                    Ok(r) => match cache.put(key.as_str(), r).await {
                        Ok(()) => Cached::Stored,
                        Err(_) => Cached::No,
                    },
                    Err(_) => Cached::No,
                },
            };
        }
        report.add(&url, status, bytes, cached);
    }
    report.finish(trigger, now() - start)
}

/// Path and raw query of an absolute URL string. The runtime hands over a
/// normalised URL, so a split is enough (and spares the `url` crate's
/// parser and IDNA tables from the wasm).
fn path_and_query(url: &str) -> (&str, &str) {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path_start = after_scheme.find('/').unwrap_or(after_scheme.len());
    let rest = &after_scheme[path_start..];
    let rest = rest.split_once('#').map_or(rest, |(r, _)| r);
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    (if path.is_empty() { "/" } else { path }, query)
}

#[event(fetch)]
async fn fetch(mut req: worker::Request, env: WorkerEnv, ctx: Context) -> Result<Response> {
    let href = req.inner().url();
    let (path, query) = path_and_query(&href);
    // The method as sent: `worker::Method` maps every method it does not
    // know (PROPFIND, PURGE, …) to GET.
    let method = req.inner().method();
    let headers = req.headers();
    let inm = headers.get("if-none-match")?;
    let content_type = headers.get("content-type")?;
    let accept = headers.get("accept")?;
    let authorization = headers.get("authorization")?;
    // Only the rate limiter's key: never logged.
    let client = headers.get("cf-connecting-ip")?;
    // A deliberate panic, only where the PANIC_PROBE variable is set (the
    // end-to-end tests set it), to prove a panic is answered as a JSON 500.
    if path == "/__panic" && secret(&env, "PANIC_PROBE").is_some() {
        panic!("panic probe");
    }
    if path == "/warmup" {
        let token = secret(&env, "WARMUP_TOKEN");
        return match warmup_auth(&method, authorization.as_deref(), token.as_deref()) {
            Err(e) => response(Reply::error(&e)),
            Ok(()) => response(Reply::json(prewarm(&env, "http").await)),
        };
    }
    let (body, too_large) = match body_limit(&method, path) {
        Some(limit) => match read_body(&mut req, limit).await? {
            Some(b) => (b, false),
            None => (Vec::new(), true),
        },
        None => (Vec::new(), false),
    };
    let request = Request {
        method: &method,
        path,
        query,
        if_none_match: inm.as_deref(),
        content_type: content_type.as_deref(),
        accept: accept.as_deref(),
        authorization: authorization.as_deref(),
        body: &body,
        body_too_large: too_large,
    };
    // EDGE_CACHE=off skips the Cache API (to measure the renderer alone).
    let cache_on = secret(&env, "EDGE_CACHE").as_deref() != Some("off");
    // With a SIGNING_KEY, renders want sig= (checked in the edge layer);
    // with a PLAYGROUND_TOKEN too, POST /sign signs for the playground.
    let signing = Signing::new(
        secret(&env, "SIGNING_KEY").as_deref(),
        secret(&env, "SIGNING_KEY_PREVIOUS").as_deref(),
        (js_sys::Date::now() / 1000.0) as u64,
    )
    .with_playground_token(secret(&env, "PLAYGROUND_TOKEN").as_deref());
    let mut render = match prepare_signed(&request, &now, &signing) {
        Step::Answer(reply) => return response(reply),
        Step::Render(render) => render,
    };
    let route = render.route();
    if !cache_on {
        let reply = match over_limit(&env, client.as_deref()).await {
            Some(retry_after) => render.limited(retry_after),
            None => {
                fetch_fonts(&env, &mut render).await;
                render.render()
            }
        };
        log_render(&env, route, &method, "OFF", &reply);
        return response(reply);
    }
    let key = render.cache_key();
    let cache = Cache::default();
    let t0 = now();
    if let Ok(Some(hit)) = cache.get(key.as_str(), false).await {
        if let Some(cached) = cached_reply(&render, hit).await {
            let lookup = now() - t0;
            let reply = render.hit(cached, lookup);
            log_render(&env, route, &method, "HIT", &reply);
            return response(reply);
        }
    }
    render.mark("cache;desc=\"miss\"");
    // Every miss counts against the limit: a 304 or 412 for an image not
    // cached still checks (fonts, layout) before it answers.
    if let Some(retry_after) = over_limit(&env, client.as_deref()).await {
        let reply = render.limited(retry_after);
        log_render(&env, route, &method, "MISS", &reply);
        return response(reply);
    }
    fetch_fonts(&env, &mut render).await;
    let (reply, store) = render.miss();
    log_render(&env, route, &method, "MISS", &reply);
    if let Some(store) = store {
        let stored = response(store)?;
        ctx.wait_until(async move {
            let _ = Cache::default().put(key.as_str(), stored).await;
        });
    }
    response(reply)
}

#[event(scheduled)]
async fn scheduled(event: ScheduledEvent, env: WorkerEnv, _ctx: ScheduleContext) {
    let trigger = format!("cron:{}", event.cron());
    console_log!("{}", prewarm(&env, &trigger).await);
}
