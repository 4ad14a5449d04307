//! The Cloudflare Worker shell: the only code that touches `worker::*`.
//! It copies the request into a [`Request`], calls [`handle`], and copies the
//! [`Reply`](crate::Reply) back out.

use futures_util::StreamExt;
use worker::{
    console_log, event, js_sys, Context, Env as WorkerEnv, Headers, Response, Result,
    ScheduleContext, ScheduledEvent,
};

use crate::params::MAX_BODY_BYTES;
use crate::routes::{handle, takes_body, Env, Request};

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

/// Reads at most `MAX_BODY_BYTES` of the body; `None` when it is longer.
async fn read_body(req: &mut worker::Request) -> Result<Option<Vec<u8>>> {
    let declared = req
        .headers()
        .get("content-length")?
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        return Ok(None);
    }
    let mut body = Vec::new();
    let Ok(mut stream) = req.stream() else {
        return Ok(Some(body)); // no body at all
    };
    while let Some(chunk) = stream.next().await {
        body.extend_from_slice(&chunk?);
        if body.len() > MAX_BODY_BYTES {
            return Ok(None);
        }
    }
    Ok(Some(body))
}

#[event(fetch)]
async fn fetch(mut req: worker::Request, _env: WorkerEnv, _ctx: Context) -> Result<Response> {
    let url = req.url()?;
    let method = req.method().to_string();
    let headers = req.headers();
    let inm = headers.get("if-none-match")?;
    let content_type = headers.get("content-type")?;
    let (body, too_large) = if takes_body(&method, url.path()) {
        match read_body(&mut req).await? {
            Some(b) => (b, false),
            None => (Vec::new(), true),
        }
    } else {
        (Vec::new(), false)
    };
    let reply = handle(
        &Request {
            method: &method,
            path: url.path(),
            query: url.query().unwrap_or(""),
            if_none_match: inm.as_deref(),
            content_type: content_type.as_deref(),
            body: &body,
            body_too_large: too_large,
        },
        &Env { clock: &now },
    );
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

#[event(scheduled)]
async fn scheduled(event: ScheduledEvent, _env: WorkerEnv, _ctx: ScheduleContext) {
    let trigger = format!("cron:{}", event.cron());
    console_log!("{}", crate::warm::run(&trigger, &now));
}
